// The window's CURVE key pair, kept in SecretStorage (the OS keychain where there is one), and
// the environment that gives it to the built-in roles when zeromq.curve.enabled is on: the sides
// that bind become CURVE servers with the secret key, the sides that connect trust its public key
// and make a key pair of their own (a client never holds the server's secret key).
// Keys go to the roles through the environment, never the command line, which other users can read.
import * as vscode from 'vscode';
import { curveKeyPair } from 'zeromq';
import { Disposable } from './dispose';

const SECRET = 'zeromq.curve.secretKey';
const PUBLIC = 'zeromq.curve.publicKey';
const GENERATE = 'Generate Key Pair';

export class CurveError extends Error {}

export class CurveKeys extends Disposable {
  private pair?: { publicKey: string; secretKey: string };
  /** The first read of the key pair; `read` once it is done. */
  private readonly loaded: Promise<void>;
  private read = false;

  private constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    // A storage that cannot be read leaves no pair: the commands then offer to make one.
    this.loaded = this.load().catch(() => undefined).then(() => void (this.read = true));
    this._register(
      secrets.onDidChange((change) => {
        if (change.key === SECRET || change.key === PUBLIC) void this.load();
      }),
    );
  }

  /**
   * Waits for the key pair only when CURVE is on: reading secret storage is a round trip to the
   * window, 19-47 ms of activation in VS Code; with CURVE off no role needs the keys.
   */
  static async create(secrets: vscode.SecretStorage): Promise<CurveKeys> {
    const keys = new CurveKeys(secrets);
    if (curveEnabled()) await keys.loaded;
    return keys;
  }

  async publicKey(): Promise<string | undefined> {
    await this.loaded;
    return this.pair?.publicKey;
  }

  /**
   * What a built-in role's process needs for CURVE, nothing while it is off: the secret key for a
   * role that binds, the server's public key for one that connects (to sockets of this pair).
   */
  roleEnv(sides: { binds: boolean; connects: boolean }): Record<string, string> {
    if (!curveEnabled()) return {};
    if (!this.read) throw new CurveError('CURVE is on (zeromq.curve.enabled) and its key pair is still being read from secret storage: try again in a moment.');
    if (!this.pair) throw new CurveError('CURVE is on (zeromq.curve.enabled) but there is no key pair yet: run "ZeroMQ: Generate CURVE Key Pair", or turn the setting off.');
    return {
      ...(sides.binds ? { ZMQ_SESSIONS_CURVE_SECRET_KEY: this.pair.secretKey } : {}),
      ...(sides.connects ? { ZMQ_SESSIONS_CURVE_SERVER_KEY: this.pair.publicKey } : {}),
    };
  }

  /** Offers to make a key pair after a CurveError; other errors are shown as they are. */
  async explain(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof CurveError)) {
      void vscode.window.showErrorMessage(message);
      return;
    }
    if ((await vscode.window.showErrorMessage(message, GENERATE)) === GENERATE) await this.generate();
  }

  private async load(): Promise<void> {
    const [secretKey, publicKey] = await Promise.all([this.secrets.get(SECRET), this.secrets.get(PUBLIC)]);
    this.pair = secretKey && publicKey ? { secretKey, publicKey } : undefined;
  }

  async generate(): Promise<string | undefined> {
    await this.loaded;
    if (this.pair) {
      const replace = await vscode.window.showWarningMessage(
        'Replace the CURVE key pair? Roles and programs that trust its public key will no longer connect until they are given the new one.',
        { modal: true },
        'Replace',
      );
      if (replace !== 'Replace') return undefined;
    }
    const pair = curveKeyPair();
    await this.secrets.store(SECRET, pair.secretKey);
    await this.secrets.store(PUBLIC, pair.publicKey);
    this.pair = pair;
    const enabled = curveEnabled();
    // Not awaited: the notification stays until the user closes it, the key pair is ready now.
    void vscode.window
      .showInformationMessage(`A CURVE key pair is ready; its secret key is in VS Code's secret storage. Public key: ${pair.publicKey}`, 'Copy Public Key', ...(enabled ? [] : ['Turn CURVE On']))
      .then(async (choice) => {
        if (choice === 'Copy Public Key') await this.copyPublicKey();
        if (choice === 'Turn CURVE On') await vscode.workspace.getConfiguration('zeromq').update('curve.enabled', true, vscode.ConfigurationTarget.Global);
      });
    return pair.publicKey;
  }

  async copyPublicKey(): Promise<void> {
    await this.loaded;
    if (!this.pair) {
      await this.explain(new CurveError('There is no CURVE key pair yet.'));
      return;
    }
    await vscode.env.clipboard.writeText(this.pair.publicKey);
    vscode.window.setStatusBarMessage('CURVE public key copied: give it to clients as their server key', 4000);
  }
}

function curveEnabled(): boolean {
  return vscode.workspace.getConfiguration('zeromq').get<boolean>('curve.enabled', false);
}

// CURVE encryption for a role's sockets. A server takes its secret key from the environment (a
// command line is visible to every local user); a client names the server's public key and uses a
// key pair of its own made for the run. Without a ZAP handler, a server accepts any client key: this
// encrypts and authenticates the server, not the clients. `zmq-sessions keys` makes a key pair.
import * as zmq from 'zeromq';
import { UsageError } from './errors';
import { CommandSpec, RoleOptions } from './options';

export const CURVE_SECRET_KEY_ENV = 'ZMQ_SESSIONS_CURVE_SECRET_KEY';

const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

export type CurveOptions = Pick<zmq.SocketOptions<zmq.Socket>, 'curveServer' | 'curveSecretKey' | 'curvePublicKey' | 'curveServerKey'>;

/** The socket options for --curve-server / --curve-server-key, or undefined for none (NULL mechanism). */
export function curveSocketOptions(options: Pick<RoleOptions, 'curveServer' | 'curveServerKey'>, env = process.env): CurveOptions | undefined {
  if (options.curveServer && options.curveServerKey) {
    throw new UsageError('Use --curve-server or --curve-server-key, not both: a socket is either the CURVE server or its client.');
  }
  if (options.curveServer) {
    const secret = env[CURVE_SECRET_KEY_ENV] ?? '';
    if (!Z85_KEY.test(secret)) {
      throw new UsageError(`--curve-server needs the server's secret key in ${CURVE_SECRET_KEY_ENV}: 40 Z85 characters, as 'zmq-sessions keys' prints them.`);
    }
    return { curveServer: true, curveSecretKey: secret };
  }
  if (options.curveServerKey) {
    if (!Z85_KEY.test(options.curveServerKey)) {
      throw new UsageError(`Invalid --curve-server-key '${options.curveServerKey.slice(0, 50)}': expected the server's public key, 40 Z85 characters, as 'zmq-sessions keys' prints them.`);
    }
    const own = zmq.curveKeyPair();
    return { curveServerKey: options.curveServerKey, curvePublicKey: own.publicKey, curveSecretKey: own.secretKey };
  }
  return undefined;
}

export const keysSpec: CommandSpec = {
  summary: `Prints a new CURVE key pair (Z85). Give the secret key to the server in ${CURVE_SECRET_KEY_ENV} with\n--curve-server, and the public key to its clients with --curve-server-key=KEY (a key can start with '-').`,
  options: { json: { default: false, help: 'print the pair as one JSON object' } },
};

export function keys(options: RoleOptions): number {
  const pair = zmq.curveKeyPair();
  console.log(options.json ? JSON.stringify(pair) : `public: ${pair.publicKey}\nsecret: ${pair.secretKey}`);
  return 0;
}

// Where a role's output goes: an integrated terminal (a pseudoterminal, so that its output stays
// readable after it exits and Enter reaches its standard input) or an output channel.
import * as vscode from 'vscode';
import { ChildRole } from '../../roles/child';
import { Disposable } from '../dispose';
import { LaunchSpec } from '../sessions/model';

export interface Presenter extends vscode.Disposable {
  /** The process whose standard input takes what is entered. */
  attach(child: ChildRole): void;
  write(text: string): void;
  /** Sends a line to the process as if typed and entered (Start Batch, Publish Message). */
  enter(text: string): void;
  /** Called once the process has exited, with a closing line. */
  ended(summary: string): void;
  show(): void;
}

/** A terminal for a role launched in one, else an output channel; onClose: the user closed its terminal. */
export function presenterFor(spec: LaunchSpec, onClose: () => void): Presenter {
  return spec.mode === 'terminal' ? new TerminalPresenter(spec.label, onClose) : new OutputPresenter(`ZeroMQ: ${spec.label}`);
}

class OutputPresenter extends Disposable implements Presenter {
  private readonly channel: vscode.OutputChannel;
  private child?: ChildRole;

  constructor(name: string) {
    super();
    this.channel = this._register(vscode.window.createOutputChannel(name));
  }

  attach(child: ChildRole): void {
    this.child = child;
  }

  write(text: string): void {
    this.channel.append(text);
  }

  enter(text: string): void {
    this.child?.writeLine(text);
  }

  ended(summary: string): void {
    this.channel.appendLine(`\n[${summary}]`);
    this.child = undefined;
  }

  show(): void {
    this.channel.show(true);
  }
}

class TerminalPresenter extends Disposable implements Presenter {
  private readonly writes = this._register(new vscode.EventEmitter<string>());
  private readonly terminal: vscode.Terminal;
  private buffer = '';
  private opened = false;
  private line = '';
  private child?: ChildRole;

  /** onClose: the user closed the terminal, which stops the role as closing a shell would. */
  constructor(name: string, onClose: () => void) {
    super();
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writes.event,
      open: () => {
        this.opened = true;
        this.writes.fire(this.buffer);
        this.buffer = '';
      },
      close: onClose,
      handleInput: (data) => this.input(data),
    };
    this.terminal = this._register(vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('pulse') }));
  }

  attach(child: ChildRole): void {
    this.child = child;
  }

  write(text: string): void {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.writes.fire(crlf);
    else this.buffer += crlf;
  }

  ended(summary: string): void {
    this.write(`\n\x1b[2m[${summary}]\x1b[0m\n`);
    this.child = undefined;
  }

  show(): void {
    this.terminal.show(true);
  }

  enter(text: string): void {
    this.write(`${text}\n`);
    this.child?.writeLine(text);
  }

  // The child reads a pipe, not a terminal, so this side echoes and edits the line.
  private input(data: string): void {
    for (const char of data) {
      if (char === '\r') {
        this.write('\n');
        this.child?.writeLine(this.line);
        this.line = '';
      } else if (char === '\x7f') {
        if (this.line) this.writes.fire('\b \b');
        this.line = this.line.slice(0, -1);
      } else if (char === '\x03') {
        this.write('^C\n');
        this.child?.interrupt();
      } else if (char >= ' ') {
        this.line += char;
        this.write(char);
      }
    }
  }
}

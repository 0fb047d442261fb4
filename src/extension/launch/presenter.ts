// Where a role's output goes: an integrated terminal (a pseudoterminal, so that its output stays
// readable after it exits and Enter reaches its standard input) or an output channel.
import * as vscode from 'vscode';
import { ChildRole } from '../../roles/child';

export interface Presenter extends vscode.Disposable {
  write(text: string): void;
  /** Called once the process has exited, with a closing line. */
  ended(summary: string): void;
  show(): void;
}

export class OutputPresenter implements Presenter {
  private readonly channel: vscode.OutputChannel;

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name);
  }

  write(text: string): void {
    this.channel.append(text);
  }

  ended(summary: string): void {
    this.channel.appendLine(`\n[${summary}]`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

export class TerminalPresenter implements Presenter {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly terminal: vscode.Terminal;
  private buffer = '';
  private opened = false;
  private line = '';
  private child?: ChildRole;

  /** onClose: the user closed the terminal, which stops the role as closing a shell would. */
  constructor(name: string, onClose: () => void) {
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
    this.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('pulse') });
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

  /** Sends a line as if typed and entered (Start Batch, Publish Message). */
  enter(text: string): void {
    this.write(`${text}\n`);
    this.child?.writeLine(text);
  }

  dispose(): void {
    this.terminal.dispose();
    this.writes.dispose();
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

// A JSON Lines file of collected events, one per line: what `record` and `capture` write and
// `report` and the inspector's Import read.
import { createWriteStream, WriteStream } from 'node:fs';
import { CollectedEvent } from '../shared/telemetry';
import { RoleError } from './errors';

export class EventFile {
  count = 0;

  private constructor(private readonly file: WriteStream) {}

  /** Opens (truncates) the file; a RoleError says what to do when it cannot be written. */
  static async open(path: string): Promise<EventFile> {
    const file = createWriteStream(path);
    await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject)).catch((error: Error) => {
      throw new RoleError(`Cannot write ${path}: ${error.message}. Choose another file with --out.`);
    });
    return new EventFile(file);
  }

  write(event: CollectedEvent): void {
    this.file.write(`${JSON.stringify(event)}\n`);
    this.count++;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }
}

// The first line of a script file, for its `#!` (which interpreter runs `./app.py`).
import { closeSync, openSync, readSync } from 'node:fs';

/** Its first line (up to 256 bytes), or undefined when the file cannot be read. */
export function firstLine(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(256);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8').split('\n')[0];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

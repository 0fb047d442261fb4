// The part of yauzl (a dependency of @vscode/vsce) that test/vsix/zip.ts uses; it ships no types.
declare module 'yauzl' {
  import { EventEmitter } from 'node:events';
  import { Readable } from 'node:stream';
  export interface Entry {
    fileName: string;
  }
  export interface ZipFile extends EventEmitter {
    readEntry(): void;
    openReadStream(entry: Entry, callback: (error: Error | null, stream?: Readable) => void): void;
  }
  export function open(path: string, options: { lazyEntries: boolean }, callback: (error: Error | null, zip?: ZipFile) => void): void;
}

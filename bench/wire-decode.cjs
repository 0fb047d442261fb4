// Decodes a capture file as `zmq-sessions report` does (out/src/shared/wire, in 1 MiB chunks, read
// twice) on one core, and prints {messages, seconds, maxRssMb} as JSON for bench/sections/wire.mjs.
const { closeSync, openSync, readSync } = require('node:fs');
const { join } = require('node:path');
const { readTwice } = require(join(__dirname, '../out/src/shared/wire/index.js'));

const file = process.argv[2];
const started = performance.now();
let messages = 0;
const { error } = readTwice(
  (capture) => {
    const fd = openSync(file, 'r');
    const chunk = new Uint8Array(1 << 20);
    for (let read; (read = readSync(fd, chunk)) > 0; ) capture.push(chunk.slice(0, read));
    closeSync(fd);
  },
  (event) => {
    if (event.event === 'sent') messages++;
  },
);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ messages, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...(error ? { error } : {}) }));

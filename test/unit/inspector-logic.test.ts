import { strict as assert } from 'node:assert';
import { hexDump, previewLine, renderFrame } from '../../src/shared/frame-view';
import type { MessageRow, SourceLabel } from '../../src/shared/inspector-protocol';
import { compileFilter, NO_FILTER } from '../../src/shared/message-filter';
import { previewFrame } from '../../src/shared/role-events';

const labels = new Map<string, SourceLabel>([
  ['w1', { source: 'w1', session: 'pipeline #1', label: 'worker 1' }],
  ['s1', { source: 's1', session: 'pubsub #2', label: 'sub' }],
]);
const row = (source: string, direction: MessageRow['direction'], ...texts: string[]): MessageRow => {
  const frames = texts.map((text) => previewFrame(Buffer.from(text)));
  return { id: 0, t: 0, source, socket: 'x', direction, seq: 1, frames, size: 0 };
};

describe('inspector: message filters', () => {
  const rows = [row('w1', 'received', '42'), row('s1', 'received', '10001 55 20'), row('s1', 'received', '20001 60 30'), row('w1', 'sent', '')];
  const count = (filter: Partial<typeof NO_FILTER>) => {
    const compiled = compileFilter({ ...NO_FILTER, ...filter }, labels);
    assert.ok('test' in compiled);
    return rows.filter(compiled.test).length;
  };

  it('narrows by each field, and lets everything through when empty', () => {
    assert.equal(count({}), 4);
    assert.equal(count({ session: 'pubsub #2' }), 2);
    assert.equal(count({ source: 'w1' }), 2);
    assert.equal(count({ direction: 'sent' }), 1);
    assert.equal(count({ topic: '1000' }), 1, 'a prefix of the first frame, as a SUB matches');
    assert.equal(count({ text: ' 60 ' }), 1);
    assert.equal(count({ text: '^\\d+$', regex: true }), 1);
    assert.equal(count({ session: 'pubsub #2', topic: '2' }), 1);
  });

  it('says what is wrong with a regular expression instead of throwing', () => {
    const compiled = compileFilter({ ...NO_FILTER, text: '(open', regex: true }, labels);
    assert.ok('error' in compiled);
    assert.match(compiled.error, /^Not a regular expression: .*Unterminated group/);
  });
});

describe('inspector: frame views', () => {
  it('shows text, pretty JSON, and a hex dump of the preview', () => {
    const json = previewFrame(Buffer.from('{"a":[1,2]}'));
    assert.deepEqual(renderFrame(json, 'json'), { text: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
    assert.deepEqual(renderFrame(json, 'text'), { text: '{"a":[1,2]}' });
    assert.equal(renderFrame(previewFrame(Buffer.from('plain')), 'json').note, 'Not JSON: shown as text');
    assert.equal(hexDump(Buffer.from('0123456789abcdefXY')), '00000000  30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef\n00000010  58 59' + ' '.repeat(44) + 'XY');
  });

  it('says a preview is cut, and shows bytes that are not UTF-8 as hex', () => {
    const long = previewFrame(Buffer.alloc(1000, 'a'));
    assert.equal(renderFrame(long, 'text').note, 'Preview (first 256 of 1000 bytes)');
    assert.match(renderFrame(long, 'json').note!, /^Cut off before its end/);
    const binary = renderFrame(previewFrame(Buffer.from([0xff, 0x00, 0x41])), 'text');
    assert.deepEqual(binary, { text: '00000000  ff 00 41' + ' '.repeat(41) + '..A', note: 'Not UTF-8 text: shown as hex' });
  });

  it('makes control characters visible, so that ANSI escapes and NULs cannot hide or move anything', () => {
    assert.equal(renderFrame(previewFrame(Buffer.from('\u001b[31mred\u0000\tok\n')), 'text').text, '\\x1b[31mred\\x00\tok\n');
    assert.equal(previewLine([previewFrame(Buffer.from('topic')), previewFrame(Buffer.alloc(0)), previewFrame(Buffer.from('\u001b[2J'))]), 'topic │ (empty) │ \\x1b[2J');
  });
});

import { strict as assert } from 'node:assert';
import { compact, parseWeather, printable, pythonBytesRepr, randomWeather } from '../../src/shared/format';
import { previewFrame } from '../../src/shared/role-events';

describe('seed formats', () => {
  it('prints bytes as Python 3 does', () => {
    const cases: [string | number[], string][] = [
      ['World', "b'World'"],
      ['', "b''"],
      ["it's", `b"it's"`],
      [`'"`, `b'\\'"'`],
      ['a\\b\tc\nd\re', "b'a\\\\b\\tc\\nd\\re'"],
      [[0, 0x7f, 0x80, 0xff, 0x1b], "b'\\x00\\x7f\\x80\\xff\\x1b'"],
    ];
    for (const [input, expected] of cases) {
      const bytes = typeof input === 'string' ? Buffer.from(input) : Uint8Array.from(input);
      assert.equal(pythonBytesRepr(bytes), expected);
    }
  });

  it('makes weather updates in the seed\'s ranges that parse back', () => {
    const seen = new Set<number>();
    for (let n = 0; n < 20000; n++) {
      const text = randomWeather();
      assert.match(text, /^\d+ -?\d+ \d+$/);
      const weather = parseWeather(text)!;
      assert.ok(weather.zipcode >= 1 && weather.zipcode <= 99999);
      assert.ok(weather.temperature >= -80 && weather.temperature <= 134);
      assert.ok(weather.relhumidity >= 10 && weather.relhumidity <= 59);
      seen.add(weather.relhumidity);
    }
    assert.equal(seen.size, 50, 'every humidity from 10 to 59 occurs');
  });

  it('shortens counts for a tree row', () => {
    assert.deepEqual([0, 999, 1000, 1234, 9999, 12_345, 999_499, 1_500_000, 25_000_000].map(compact), ['0', '999', '1.0k', '1.2k', '10.0k', '12k', '999k', '1.5M', '25M']);
  });

  it('parses only three integers as weather', () => {
    assert.deepEqual(parseWeather('10001 -5 40'), { zipcode: 10001, temperature: -5, relhumidity: 40 });
    assert.equal(parseWeather('10001 hot 40'), undefined);
    assert.equal(parseWeather('10001 5'), undefined);
  });
});

describe('frame previews', () => {
  it('shows UTF-8 as text and anything else as hex', () => {
    assert.deepEqual(previewFrame(Buffer.from('héllo')), { size: 6, text: 'héllo' });
    assert.deepEqual(previewFrame(Buffer.alloc(0)), { size: 0, text: '' });
    assert.deepEqual(previewFrame(Buffer.from([0xff, 0x00, 0x41])), { size: 3, hex: 'ff0041' });
  });

  it('bounds the preview without splitting a character', () => {
    const text = 'a'.repeat(255) + 'é' + 'b'.repeat(100);
    const preview = previewFrame(Buffer.from(text));
    assert.deepEqual(preview, { size: 357, text: 'a'.repeat(255), truncated: true });
    assert.deepEqual(previewFrame(Buffer.alloc(1000, 0xff), 4), { size: 1000, hex: 'ffffffff', truncated: true });
  });
});

describe('printable text', () => {
  it('writes what a terminal would act on as escapes, and bounds the length', () => {
    assert.equal(printable('10001 plain text'), '10001 plain text');
    assert.equal(printable('\x1b[31mred\x1b[0m\x1b]0;title\x07'), '\\x1b[31mred\\x1b[0m\\x1b]0;title\\x07');
    assert.equal(printable('a\0b\nc\td\r\x7f\u009b'), 'a\\x00b\\nc\\td\\r\\x7f\\x9b');
    assert.equal(printable('abc\u202edef\u2066'), 'abc\\u202edef\\u2066');
    assert.equal(printable('<script>alert(1)</script> é ✓'), '<script>alert(1)</script> é ✓');
    assert.equal(printable('x'.repeat(300)), `${'x'.repeat(256)}… (44 more characters)`);
    assert.equal(printable('\x1b'.repeat(50), 3), '\\x1b\\x1b\\x1b… (47 more characters)');
  });
});

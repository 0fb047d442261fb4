// Text forms the role programs print. They follow the seed's Python programs, whose output users
// compare against, so bytes print the way Python 3 prints a bytes object.

/** Python 3's repr() of a bytes object, e.g. b'World', b"it's", b'\x00\xff'. */
export function pythonBytesRepr(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const byte of bytes) {
    if (byte === 0x27) hasSingle = true;
    if (byte === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let body = '';
  for (const byte of bytes) {
    if (byte === 0x5c) body += '\\\\';
    else if (byte === 0x09) body += '\\t';
    else if (byte === 0x0a) body += '\\n';
    else if (byte === 0x0d) body += '\\r';
    else if (byte === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (byte < 0x20 || byte >= 0x7f) body += `\\x${byte.toString(16).padStart(2, '0')}`;
    else body += String.fromCharCode(byte);
  }
  return `b${quote}${body}${quote}`;
}

// Control characters (C0, DEL, C1) can move a terminal's cursor, recolour or retitle it, or write
// its clipboard; bidirectional overrides reorder what is shown. None comes through as itself.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from the network, safe to print on one line of a terminal: unprintable characters written
 * as \n, \t, \xNN or \uNNNN, and at most `limit` characters of it, the rest counted. With
 * `keepLines`, newlines and tabs stay as they are (for text shown on lines of its own).
 */
export function printable(text: string, limit = 256, keepLines = false): string {
  const head = text.length > limit ? text.slice(0, limit) : text;
  const safe = head.replace(UNPRINTABLE, (c) => {
    if (keepLines && (c === '\n' || c === '\t')) return c;
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
  return text.length > limit ? `${safe}… (${text.length - limit} more characters)` : safe;
}

export interface Weather {
  zipcode: number;
  temperature: number;
  relhumidity: number;
}

/** An integer in [min, max), like Python's random.randrange(min, max). */
export function randrange(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min));
}

/** The seed publisher's update: "%i %i %i" % (zipcode, temperature, relhumidity). */
export function randomWeather(): string {
  return `${randrange(1, 100000)} ${randrange(-80, 135)} ${randrange(10, 60)}`;
}

/** Parses a weather update as the seed's subscriber does (three integers); undefined otherwise. */
export function parseWeather(text: string): Weather | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 3 || !parts.every((part) => /^-?\d+$/.test(part))) return undefined;
  const [zipcode, temperature, relhumidity] = parts.map(Number);
  return { zipcode, temperature, relhumidity };
}


/** 1234 -> 1.2k: a count that fits in a tree row or the status bar. */
export function compact(count: number): string {
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
  return `${(count / 1_000_000).toFixed(count < 10_000_000 ? 1 : 0)}M`;
}

/** A message as the seed's programs print it: one frame as bytes, several as Python's list of bytes. */
export function pythonMessageRepr(frames: readonly Uint8Array[]): string {
  return frames.length === 1 ? pythonBytesRepr(frames[0]) : `[${frames.map(pythonBytesRepr).join(', ')}]`;
}

// The inspector's message filters, as pure logic so that they are tested in plain Node and the
// webview only wires inputs to them. Every field narrows; an empty field lets everything through.
import type { MessageRow, SourceLabel } from './inspector-protocol';

export interface MessageFilter {
  /** A session's label, as in SourceLabel.session. */
  session: string;
  /** A source id. */
  source: string;
  direction: '' | MessageRow['direction'];
  /** The first frame's text starts with it: the way a SUB's subscription matches. */
  topic: string;
  /** Found anywhere in any frame's text (or hex), as plain text or as a regular expression. */
  text: string;
  regex: boolean;
}

export const NO_FILTER: MessageFilter = { session: '', source: '', direction: '', topic: '', text: '', regex: false };

export type RowTest = (row: MessageRow) => boolean;

/** The test for a filter, or what is wrong with it (an invalid regular expression). */
export function compileFilter(filter: MessageFilter, labels: ReadonlyMap<string, SourceLabel>): { test: RowTest } | { error: string } {
  let find: ((text: string) => boolean) | undefined;
  if (filter.text && filter.regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(filter.text, 'u');
    } catch (error) {
      return { error: `Not a regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` };
    }
    find = (text) => pattern.test(text);
  } else if (filter.text) {
    const needle = filter.text.toLowerCase();
    find = (text) => text.toLowerCase().includes(needle);
  }
  const { session, source, direction, topic } = filter;
  return {
    test: (row) =>
      (!source || row.source === source) &&
      (!session || labels.get(row.source)?.session === session) &&
      (!direction || row.direction === direction) &&
      (!topic || (row.frames[0]?.text ?? '').startsWith(topic)) &&
      (!find || row.frames.some((frame) => find(frame.text ?? frame.hex ?? ''))),
  };
}

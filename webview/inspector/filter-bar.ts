// The Messages tab's filters: session, role, direction, topic prefix, and text or regex. Each
// change applies at once; an invalid regular expression marks its field and says why, and the
// table keeps the rows of the last valid filter.
import type { MessageFilter } from '../../src/shared/message-filter';
import { NO_FILTER } from '../../src/shared/message-filter';
import { h } from './dom';
import type { Store } from './store';

type Field = HTMLElement & { value: string; invalid?: boolean; checked?: boolean };

const DIRECTIONS: [MessageFilter['direction'], string][] = [
  ['', 'All directions'],
  ['sent', '↑ sent'],
  ['received', '↓ received'],
  ['request', '→ request (proxy)'],
  ['reply', '← reply (proxy)'],
];

export class FilterBar {
  readonly element: HTMLElement;
  private readonly session: Field;
  private readonly source: Field;
  private readonly direction: Field;
  private readonly topic: Field;
  private readonly text: Field;
  private readonly regex: Field;
  private readonly error: HTMLElement;

  constructor(private readonly store: Store) {
    const changed = { change: () => this.changed(), input: () => this.changed() };
    this.session = h('vscode-single-select', { data: { testid: 'filter-session' }, attrs: { 'aria-label': 'Session' }, on: changed }) as Field;
    this.source = h('vscode-single-select', { data: { testid: 'filter-source' }, attrs: { 'aria-label': 'Role' }, on: changed }) as Field;
    this.direction = h('vscode-single-select', { data: { testid: 'filter-direction' }, attrs: { 'aria-label': 'Direction' }, on: changed }, ...DIRECTIONS.map(([value, text]) => option(value, text))) as Field;
    this.topic = h('vscode-textfield', { data: { testid: 'filter-topic' }, attrs: { placeholder: 'Topic prefix', 'aria-label': 'Topic prefix' }, on: changed }) as Field;
    this.text = h('vscode-textfield', { class: 'grow', data: { testid: 'filter-text' }, attrs: { placeholder: 'Text in any frame', 'aria-label': 'Text' }, on: changed }) as Field;
    this.regex = h('vscode-checkbox', { data: { testid: 'filter-regex' }, attrs: { label: 'Regex', title: 'Match the text as a regular expression' }, on: changed }) as Field;
    this.error = h('span', { class: 'filter-error', data: { testid: 'filter-error' }, attrs: { role: 'alert' } });
    const clear = h('vscode-button', { attrs: { secondary: '', icon: 'clear-all', title: 'Show every message' }, on: { click: () => this.store.setFilter(NO_FILTER) } }, 'Clear filters');
    this.element = h('div', { class: 'filters' }, this.session, this.source, this.direction, this.topic, this.text, this.regex, clear, this.error);
    this.sourcesChanged();
  }

  /** The sessions and roles to choose from: those named by the host. */
  sourcesChanged(): void {
    const labels = [...this.store.labels.values()];
    const sessions = [...new Set(labels.map((label) => label.session))];
    setOptions(this.session, [['', 'All sessions'], ...sessions.map((session): [string, string] => [session, session])], this.store.filter.session);
    setOptions(this.source, [['', 'All roles'], ...labels.map((label): [string, string] => [label.source, `${label.label} · ${label.session}`])], this.store.filter.source);
  }

  /** Shows a filter set from elsewhere (a role's Inspect action, a restored state). */
  show(filter: MessageFilter): void {
    this.sourcesChanged();
    this.direction.value = filter.direction;
    this.topic.value = filter.topic;
    this.text.value = filter.text;
    this.regex.checked = filter.regex;
    this.showError();
  }

  private changed(): void {
    this.store.setFilter({
      session: this.session.value,
      source: this.source.value,
      direction: this.direction.value as MessageFilter['direction'],
      topic: this.topic.value,
      text: this.text.value,
      regex: Boolean(this.regex.checked),
    });
    this.showError();
  }

  private showError(): void {
    this.text.invalid = Boolean(this.store.filterError);
    this.error.textContent = this.store.filterError ?? '';
  }
}

function option(value: string, text: string): HTMLElement {
  return h('vscode-option', { attrs: { value } }, text);
}

function setOptions(select: Field, options: [string, string][], value: string): void {
  const now = [...select.children].map((child) => `${child.getAttribute('value')}\u0000${child.textContent}`).join('\u0001');
  const wanted = options.map(([key, text]) => `${key}\u0000${text}`).join('\u0001');
  if (now !== wanted) select.replaceChildren(...options.map(([key, text]) => option(key, text)));
  // The element may pick up its options a task later: set the value when it has them.
  select.value = value;
  queueMicrotask(() => (select.value = value));
}

// A small element builder. Text goes in through textContent only: whatever a message holds is
// shown as text, never parsed as HTML. Styles are set through the CSSOM, which the CSP allows
// (an inline style attribute it would refuse).
type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** data-* attributes, for tests and CSS. */
  data?: Record<string, string>;
  attrs?: Record<string, string>;
  style?: Partial<Record<'width' | 'height' | 'left' | 'top' | 'background' | 'color' | 'minWidth', string>>;
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  for (const [key, value] of Object.entries(props.data ?? {})) element.dataset[key] = value;
  for (const [key, value] of Object.entries(props.attrs ?? {})) element.setAttribute(key, value);
  Object.assign(element.style, props.style ?? {});
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener as EventListener);
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table from a header and rows of cells; numbers align right. */
export function table(header: string[], rows: Child[][], props: Props = {}): HTMLTableElement {
  return h(
    'table',
    { ...props, class: `grid ${props.class ?? ''}`.trim() },
    h('thead', {}, h('tr', {}, ...header.map((cell) => h('th', {}, cell)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => (typeof cell === 'number' ? h('td', { class: 'num' }, cell.toLocaleString('en-US')) : h('td', {}, cell)))))),
  );
}

/** A panel's "nothing here yet" line, saying what would fill it. */
export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

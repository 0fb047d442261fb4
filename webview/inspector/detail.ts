// The selected message, frame by frame, as text, pretty JSON or hex, with a copy button each
// (the host writes the clipboard: a webview's own clipboard access depends on the browser).
import type { MessageRow, WebviewMessage } from '../../src/shared/inspector-protocol';
import { envelopeLabels, FrameView, renderFrame } from '../../src/shared/frame-view';
import { empty, fill, h } from './dom';
import { bytes, clock } from './format';
import { post } from './host';
import type { Store } from './store';

const VIEWS: [FrameView, string][] = [
  ['text', 'Text'],
  ['json', 'JSON'],
  ['hex', 'Hex'],
];

export class Detail {
  readonly element = h('section', { class: 'detail', data: { testid: 'detail' }, attrs: { 'aria-label': 'Message detail' } });
  private view: FrameView = 'text';
  private row: MessageRow | null = null;

  constructor(private readonly store: Store) {
    this.show(null);
  }

  show(row: MessageRow | null): void {
    this.row = row;
    if (!row) {
      fill(this.element, empty('Select a message to see its frames.'));
      return;
    }
    const label = this.store.label(row.source);
    const switcher = h(
      'div',
      { class: 'segmented', attrs: { role: 'radiogroup', 'aria-label': 'Show frames as' } },
      ...VIEWS.map(([view, text]) =>
        h('button', { class: view === this.view ? 'on' : '', data: { view }, attrs: { role: 'radio', 'aria-checked': String(view === this.view) }, on: { click: () => this.setView(view) } }, text),
      ),
    );
    // ROUTER and DEALER messages: which frames are the envelope (identities, delimiter) and which the body.
    const envelope = envelopeLabels(this.store.roleOf(row.source), row.socket, row.frames);
    const title = `${label} · ${row.socket} · ${row.direction} #${row.seq}${row.peer ? ` · peer ${row.peer}` : ''} · ${clock(row.t)}`;
    fill(
      this.element,
      h('div', { class: 'detail-head' }, h('strong', {}, title), h('span', { class: 'muted' }, `${row.frames.length} frame${row.frames.length === 1 ? '' : 's'}, ${bytes(row.size)}`), switcher),
      h('div', { class: 'frames' }, ...(row.frames.length ? row.frames.map((frame, index) => this.frame(index, renderFrame(frame, this.view), frame.size, envelope?.[index])) : [empty('No frames.')])),
    );
  }

  private frame(index: number, rendered: { text: string; note?: string }, size: number, part?: string): HTMLElement {
    const copy = h('vscode-button', { attrs: { secondary: '', icon: 'copy', title: `Copy frame ${index + 1}` }, on: { click: () => post({ type: 'copy', text: rendered.text } satisfies WebviewMessage) } }, 'Copy');
    return h(
      'div',
      { class: 'frame', data: { testid: `frame-${index}` } },
      h('div', { class: 'frame-head' }, h('span', {}, `Frame ${index + 1} · ${bytes(size)}${part ? ` · ${part}` : ''}`), rendered.note ? h('span', { class: 'note' }, rendered.note) : null, copy),
      h('pre', {}, size === 0 ? '(empty frame)' : rendered.text),
    );
  }

  private setView(view: FrameView): void {
    this.view = view;
    this.show(this.row);
  }
}

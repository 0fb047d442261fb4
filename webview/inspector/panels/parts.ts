// Pieces the panels share: a figure with its name, a small tag, a proportion bar.
import { h } from '../dom';

export type Tone = 'error' | 'warning' | 'ok' | 'muted' | 'info';

export function stat(name: string, value: string, tone?: Tone, title?: string): HTMLElement {
  return h('div', { class: `stat${tone ? ` ${tone}` : ''}`, title, data: { stat: name } }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-name' }, name));
}

export function tag(text: string, tone: Tone, title?: string): HTMLElement {
  return h('span', { class: `tag ${tone}`, title }, text);
}

/** Parts of a whole side by side, each as wide as its share (e.g. received and missed). */
export function shares(parts: { value: number; tone: Tone; label: string }[]): HTMLElement {
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  return h(
    'div',
    { class: 'shares', attrs: { role: 'img', 'aria-label': parts.map((part) => `${part.label} ${part.value}`).join(', ') } },
    ...parts.filter((part) => part.value > 0).map((part) => h('div', { class: `share ${part.tone}`, title: `${part.label}: ${part.value.toLocaleString('en-US')}`, style: { width: `${(part.value / total) * 100}%` } })),
  );
}

/** A bar filled to a ratio from 0 to 1. */
export function meter(ratio: number | null, label: string): HTMLElement {
  const value = Math.max(0, Math.min(1, ratio ?? 0));
  return h('div', { class: 'meter', attrs: { role: 'meter', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(Math.round(value * 100)) } }, h('div', { class: 'meter-fill', style: { width: `${value * 100}%` } }));
}

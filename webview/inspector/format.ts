// Numbers and times as the inspector shows them.

/** Local wall time with microseconds: 14:03:07.123456. */
export function clock(t: number): string {
  const date = new Date(Math.floor(t));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const micros = Math.floor((t % 1000) * 1000);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(micros, 6)}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A duration in ms, with the precision that reads well at its size. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value === 0) return '0 ms';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${Math.round(value * 1000)} µs`;
}

export function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '–' : `${Math.round(ratio * 100)}%`;
}

export function times(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '–' : `${ratio.toFixed(2)}×`;
}

/** A chart axis's figure: 950, 12k, 1.2M. */
export function compact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

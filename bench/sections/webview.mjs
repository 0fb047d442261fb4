// 4: the inspector webview's bundle in headless Chromium (the test harness, test/webview/), fed
// message rows at 1k, 10k and 100k msgs/s the way the extension host sends them: a `rows` message
// every 100 ms, a capture that keeps the newest 100k. The rows are made inside the page, so that
// the driver's own messaging does not count. Figures per rate: frame times (requestAnimationFrame
// intervals), long tasks (> 50 ms), the JS heap at the end, and send-to-visible: from a message's
// birth (spread over its batch's 100 ms) to its row being drawn in the table.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../lib/peers.mjs';

const require = createRequire(import.meta.url);
const BATCH_MS = 100;
const CAPACITY = 100_000;

export async function measureWebview({ quick, log }) {
  const { Harness } = require(join(ROOT, 'out/test/webview/harness.js'));
  const seconds = quick ? 3 : 10;
  const harness = await Harness.start();
  const rates = [];
  try {
    for (const rate of [1_000, 10_000, 100_000]) {
      const page = await harness.open('dark', undefined, { width: 1280, height: 800 });
      try {
        const cdp = await page.page.context().newCDPSession(page.page);
        await cdp.send('Performance.enable');
        const figures = await page.page.evaluate(feed, { rate, seconds, batchMs: BATCH_MS, capacity: CAPACITY });
        const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
        const result = { rate, seconds, ...figures, heapMB: Math.round(metrics.JSHeapUsedSize / 1e5) / 10 };
        if (page.problems.length) result.problems = page.problems;
        rates.push(result);
        log(`webview at ${rate} msgs/s: frame p95 ${result.frameP95Ms} ms, send-to-visible p50 ${result.sendToVisibleP50Ms} ms, heap ${result.heapMB} MB, ${result.rowsKept} rows kept`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await harness.dispose();
  }
  return { seconds, batchMs: BATCH_MS, capacity: CAPACITY, rates };
}

/** Runs in the page: streams rows for `seconds` at `rate`, then reports what it measured. */
async function feed({ rate, seconds, batchMs, capacity }) {
  const sources = [{ source: 'pub', session: 'Publish-Subscribe', label: 'pub' }, { source: 'sub', session: 'Publish-Subscribe', label: 'sub' }];
  const report = { now: Date.now(), sources: [], reqrep: { stuckAfterMs: 5000, clients: [], servers: [] }, pubsub: { publishers: [], subscribers: [] }, pipeline: { pipelines: [], batches: [], unattributedEvents: 0, unassignedTasks: 0, strayResults: 0 }, throughput: { bucketMs: 1000, windowS: 300, sources: [] }, socketEvents: { sources: [] }, unattributedEvents: 0 };
  const status = (rows) => ({ rows: Math.min(rows, capacity), evicted: Math.max(0, rows - capacity), droppedAtRoles: 0, sampledOut: 0 });
  window.postMessage({ type: 'reset', rows: [], sources, status: status(0), report, focus: null }, '*');
  await new Promise((resolve) => setTimeout(resolve, 200));

  const frames = [];
  let last = performance.now();
  let running = true;
  const tick = (now) => {
    frames.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const longTasks = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });

  // A batch is visible once the table draws the row of its last message (the table follows).
  const pending = [];
  const latencies = [];
  const spacer = document.querySelector('.spacer');
  new MutationObserver(() => {
    let drawn = -1;
    for (const row of spacer.querySelectorAll('.row:not([hidden])')) drawn = Math.max(drawn, Number(row.dataset.index));
    const now = Date.now();
    while (pending.length && pending[0].index <= drawn) for (const born of pending.shift().born) latencies.push(now - born);
  }).observe(spacer, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-index'] });

  let id = 0;
  const perBatch = Math.round((rate * batchMs) / 1000);
  const started = Date.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const batchStart = Date.now() - batchMs;
      const rows = [];
      for (let i = 0; i < perBatch; i++, id++) {
        const text = `${10000 + (id % 90000)} ${id % 100} ${id % 60}`;
        rows.push({ id, t: batchStart + (i * batchMs) / perBatch, source: id % 2 ? 'sub' : 'pub', socket: id % 2 ? 'sub' : 'pub', direction: id % 2 ? 'received' : 'sent', seq: id, frames: [{ size: text.length, text }], size: text.length });
      }
      window.postMessage({ type: 'rows', rows, status: status(id) }, '*');
      // The shown index of the batch's last row: the webview keeps the newest `capacity`.
      const sample = Math.max(1, Math.floor(perBatch / 100));
      pending.push({ index: Math.min(id, capacity) - 1, born: rows.filter((_, i) => i % sample === 0).map((row) => row.t) });
      if (Date.now() - started >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, batchMs);
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  running = false;
  const pct = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10 : null;
  };
  const counts = document.querySelector('[data-testid=counts]')?.textContent ?? '';
  return {
    rowsSent: id,
    rowsKept: Number(counts.split(' shown')[0].replace(/,/g, '')),
    frames: frames.length,
    frameP50Ms: pct(frames, 50),
    frameP95Ms: pct(frames, 95),
    longTasks: longTasks.length,
    longTaskMs: Math.round(longTasks.reduce((sum, d) => sum + d, 0)),
    sendToVisibleP50Ms: pct(latencies, 50),
    sendToVisibleP95Ms: pct(latencies, 95),
    batchesNotShown: pending.length,
  };
}

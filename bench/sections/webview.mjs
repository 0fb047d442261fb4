// 4: the inspector webview in headless Chromium, fed 1k, 10k and 100k msgs/s. The measurement
// lives with the webview (the lead builds it): this section runs it when dist/webview/inspector.js
// carries the harness and otherwise says why it is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/peers.mjs';

/** What the webview bundle must contain for its benchmark to be runnable. */
const MARKER = '__zmqBench';
/** The module that drives it; it exports `measureWebview({ quick, log })`. */
const DRIVER = join(ROOT, 'bench/sections/webview-chromium.mjs');

export async function measureWebview({ quick, log }) {
  const bundle = join(ROOT, 'dist/webview/inspector.js');
  if (!existsSync(bundle) || !readFileSync(bundle, 'utf8').includes(MARKER)) {
    return { skipped: `dist/webview/inspector.js has no ${MARKER} hook yet (the webview benchmark is item 4, being built with the webview)` };
  }
  if (!existsSync(DRIVER)) return { skipped: `${DRIVER} is missing: the webview has the hook but no driver` };
  const { measureWebview: drive } = await import(DRIVER);
  return drive({ quick, log });
}

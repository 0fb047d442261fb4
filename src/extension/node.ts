// How the extension runs the CLI: with the Node that runs its extension host. In desktop VS Code
// that is Electron, which ELECTRON_RUN_AS_NODE makes behave as Node; `node` on PATH is not needed.
import { mergeEnv } from '../shared/platform';

export const NODE = process.execPath;

/** Added to the environment of every CLI process (tasks add it to theirs themselves). */
export const RUN_AS_NODE = { ELECTRON_RUN_AS_NODE: '1' };

export function nodeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return mergeEnv(process.platform, process.env, RUN_AS_NODE, extra);
}

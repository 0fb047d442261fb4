// Polls until a condition holds, for tests of processes and hosts that change state on their own.

/** Resolves once `condition()` is true; fails after timeoutMs saying what was awaited (and, as a function, what was seen). */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string | (() => string) = 'the condition', intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

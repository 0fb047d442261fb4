// When a pipeline's batch may start (Enter pressed at its ventilator), for `zmq-sessions run
// pipeline` and the extension's pipeline session alike: only once the ventilator has seen every
// worker's handshake, since a PUSH socket hands all queued tasks to the first worker that connects
// and that would hide the pattern's parallelism; and only once its own connection to the sink is
// up, since a "0" still queued behind a connect would reach the sink after the first results and
// the batch's time would start late. Each caller decides how long to wait and what to say if not.
import { RoleEvent } from './role-events';

/** What a ventilator has reported of its connections so far. */
export interface VentilatorLinks {
  /** Handshakes on its 'push' socket: workers connected. */
  workers: number;
  /** Its 'sink' socket's handshake came. */
  sink: boolean;
}

export const NO_LINKS: VentilatorLinks = { workers: 0, sink: false };

/** The ventilator's links after one of its events, and whether its batch may start with `workers` workers. */
export function batchStartAfter(links: VentilatorLinks, event: RoleEvent, workers: number): { links: VentilatorLinks; ready: boolean } {
  let next = links;
  if (event.event === 'socket' && event.type === 'handshake') {
    if (event.socket === 'push') next = { ...next, workers: next.workers + 1 };
    if (event.socket === 'sink') next = { ...next, sink: true };
  }
  return { links: next, ready: next.workers >= workers && next.sink };
}

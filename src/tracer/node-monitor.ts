// Socket monitor events for the Node tracer: one zeromq.js Observer of the tracer's own per traced
// socket, read with receive() (an `.on()` would put the socket's observer in emitter mode).
//
// libzmq keeps one monitor per socket. When the program reads `socket.events` itself, the
// tracer's observer of that socket is closed first and the program's takes over, so the program
// sees what it would untraced; a socket the program observes before the tracer watches it is not
// watched. A pending observer receive keeps Node's event loop alive, and nothing in zeromq.js
// unrefs it: once the program has nothing left that would keep it alive (no operation of its
// sockets in flight, no active handle or request), the tracer closes its observers, so that the
// program exits when it would have.
import { monitorEventNumber } from '../shared/trace-facts';

/** How often the tracer looks whether the program would have ended without its observers. */
const IDLE_CHECK_MS = 50;

interface Observer {
  receive(): Promise<{ type: string; address?: string }>;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's zeromq, of whatever 6.x it is
type Zmq = any;

const internals = process as unknown as { _getActiveHandles?: () => unknown[] };

/**
 * Whether anything but the tracer's observers keeps the event loop alive: a timer, a request, a
 * handle. Stdout and stderr are listed once written to, and stdin once opened, but keep no
 * program alive by being there: stdin counts only while it is read. They are told by their file
 * descriptor, since asking for process.stdin would open it.
 */
function programKeepsAlive(): boolean {
  const stdio = internals._getActiveHandles!().filter((handle) => {
    const { fd, readableFlowing } = handle as { fd?: number; readableFlowing?: boolean | null };
    return fd === 1 || fd === 2 || (fd === 0 && !readableFlowing);
  }).length;
  return process.getActiveResourcesInfo().length > stdio;
}

export class Monitors {
  private readonly observers = new Map<object, Observer>();
  /** Sockets whose events the program reads itself. */
  private readonly programs = new WeakSet<object>();
  /** The program's socket operations in flight: while one is, the program would be alive untraced. */
  private inFlight = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly zmq: Zmq,
    private readonly report: (socket: object, event: number, address?: string) => void,
  ) {}

  /** Whether this Node can tell when the program would have ended; without that, no observers. */
  static supported(): boolean {
    return typeof process.getActiveResourcesInfo === 'function' && typeof internals._getActiveHandles === 'function';
  }

  watch(socket: object): void {
    if (this.programs.has(socket) || this.observers.has(socket) || !Monitors.supported()) return;
    let observer: Observer;
    try {
      observer = new this.zmq.Observer(socket);
    } catch {
      // Closed already (its first message came as it closed): no events to see.
      return;
    }
    this.observers.set(socket, observer);
    void this.read(socket, observer);
    this.timer ??= setInterval(() => this.closeIfIdle(), IDLE_CHECK_MS).unref();
  }

  /** The program reads `socket.events`: the tracer's observer gives way before the program's is made. */
  programObserves(socket: object): void {
    this.programs.add(socket);
    this.observers.get(socket)?.close();
    this.observers.delete(socket);
  }

  track(operation: unknown): void {
    if (!(operation instanceof Promise)) return;
    this.inFlight++;
    const done = () => void this.inFlight--;
    operation.then(done, done);
  }

  private async read(socket: object, observer: Observer): Promise<void> {
    try {
      for (;;) {
        const { type, address } = await observer.receive();
        const event = monitorEventNumber(type);
        if (event !== undefined) this.report(socket, event, address);
      }
    } catch {
      // Closed: with its socket, by the program's own observer, or at the program's end.
    } finally {
      if (this.observers.get(socket) === observer) this.observers.delete(socket);
    }
  }

  private closeIfIdle(): void {
    if (this.inFlight > 0 || programKeepsAlive()) return;
    for (const observer of this.observers.values()) observer.close();
    this.observers.clear();
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

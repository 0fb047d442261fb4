// The messages between the extension host and the inspector webview (zeromq.inspector). The host
// speaks only after the webview said `ready`, and answers `ready` with a full `reset`: that is how
// a webview that was reloaded, restored after a window reload, or shown again gets its state.
// Rows come in batches at a bounded rate, the analytics report at most a few times a second.
import type { AnalyticsReport } from './analytics';
import type { FramePreview } from './role-events';
import type { CollectedEvent } from './telemetry';

/** One message seen by a role: a row of the Messages table. */
export interface MessageRow {
  /** Position in the capture, increasing; rows of one capture never share it. */
  id: number;
  /** ms since the epoch, with microseconds. */
  t: number;
  source: string;
  socket: string;
  /** sent and received by a role; request and reply as passed on by an inspection proxy. */
  direction: 'sent' | 'received' | 'request' | 'reply';
  /** Per socket and direction from 1: gaps are messages sampled out. */
  seq: number;
  /** Each frame's size and bounded preview (text when UTF-8, else hex). */
  frames: FramePreview[];
  /** Bytes over all frames. */
  size: number;
  /** For a proxy: the peer it came from or went to. */
  peer?: string;
}

/** How a source is named in the UI: which session it belongs to and what it is called there. */
export interface SourceLabel {
  source: string;
  /** The session's label, e.g. "pipeline #2"; "Imported" or "Recorded" when not started here. */
  session: string;
  /** The role's label, e.g. "worker 2" or "hwserver (Python)". */
  label: string;
}

/** What the capture holds and what it could not hold: shown, never hidden. */
export interface CaptureStatus {
  /** Message rows in the capture now. */
  rows: number;
  /** Events the capture's ring buffer let go for newer ones. */
  evicted: number;
  /** Events the roles could not send (their telemetry queue was full). */
  droppedAtRoles: number;
  /** Message events the roles sampled out above their rate (the counters stay exact). */
  sampledOut: number;
  /** Set when the panel shows a capture file instead of the window's live capture. */
  file?: string;
  /** That file's URI: the webview keeps it in its saved state (setState) so that a reload reopens it. */
  fileUri?: string;
}

export type HostMessage =
  /** Everything from scratch: after `ready`, after a clear, or when the panel shows again. */
  | { type: 'reset'; rows: MessageRow[]; sources: SourceLabel[]; status: CaptureStatus; report: AnalyticsReport; focus: string | null }
  /** New rows, oldest first, to append. */
  | { type: 'rows'; rows: MessageRow[]; status: CaptureStatus }
  /** The analytics over the whole capture, as of `report.now`. */
  | { type: 'report'; report: AnalyticsReport }
  /** Sources were started or renamed. */
  | { type: 'sources'; sources: SourceLabel[] }
  /** Show this source's messages (from a role's "Inspect" action); null shows all. */
  | { type: 'focus'; source: string | null };

export type WebviewMessage =
  /** The webview's script runs and listens: the host may send. */
  | { type: 'ready' }
  /** Buttons of the toolbar: the host does the work (file dialogs, clipboard). */
  | { type: 'export' }
  | { type: 'import' }
  | { type: 'clear' }
  | { type: 'copy'; text: string };

/** The row for a collected event, if it is a message. */
export function messageRowOf(event: CollectedEvent, id: number): MessageRow | undefined {
  let direction: MessageRow['direction'];
  let socket: string;
  let peer: string | undefined;
  if (event.event === 'sent' || event.event === 'received') [direction, socket] = [event.event, event.socket];
  else if (event.event === 'proxied') [direction, socket, peer] = [event.direction, 'proxy', event.peer];
  else return undefined;
  const size = event.frames.reduce((sum, frame) => sum + frame.size, 0);
  return { id, t: event.t, source: event.source, socket, direction, seq: event.seq, frames: event.frames, size, ...(peer ? { peer } : {}) };
}

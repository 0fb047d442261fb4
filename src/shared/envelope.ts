// ROUTER envelopes: a ROUTER prefixes each message it receives with its sender's identity, and a
// REQ (or a DEALER speaking to REP) puts an empty delimiter frame between the envelope and the
// body. Through brokers the envelope grows one identity per ROUTER hop. Shared by the roles (a
// router answers with the envelope it got), the frame view and the analytics.

export interface Split<T> {
  /** The identity frames, and the empty delimiter when there was one. */
  envelope: T[];
  body: T[];
  /** Whether an empty delimiter ended the envelope (a REQ client); a bare DEALER sends none. */
  delimited: boolean;
}

/**
 * Splits a message a ROUTER received: the envelope runs to the first empty frame, included; with
 * no empty frame, only the first frame (the sender's identity) is envelope.
 */
export function splitEnvelope<T>(frames: readonly T[], sizeOf: (frame: T) => number): Split<T> {
  const delimiter = frames.findIndex((frame) => sizeOf(frame) === 0);
  const end = delimiter >= 1 ? delimiter + 1 : Math.min(1, frames.length);
  return { envelope: frames.slice(0, end), body: frames.slice(end), delimited: delimiter >= 1 };
}

/** The identity frames of an envelope, without its delimiter. */
export function identitiesOf<T>(split: Split<T>): T[] {
  return split.delimited ? split.envelope.slice(0, -1) : split.envelope;
}

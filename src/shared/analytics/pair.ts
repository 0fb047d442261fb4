// PAIR as a conversation: per pair its exact counts, the pair it talks to (the one whose endpoints
// meet its own), and the latest messages both ways in order, as the inspector shows a chat.
import { previewLine } from '../frame-view';
import { reaches, SourceInfo, SourceRegistry } from './sources';
import { CollectedEvent } from './types';

/** Messages kept per pair, the newest. */
export const CONVERSATION_KEPT = 200;

export interface PairLine {
  t: number;
  direction: 'sent' | 'received';
  /** The message's frames as one printable line. */
  text: string;
  size: number;
}

export interface PairReport {
  source: string;
  /** The other pair in the capture that this one is connected with, if any. */
  peer: string | null;
  sent: number;
  received: number;
  /** The newest CONVERSATION_KEPT messages, oldest first; sampled-out ones are missing. */
  lines: PairLine[];
}

interface Pair {
  sent: number;
  received: number;
  lines: PairLine[];
}

export class PairAnalytics {
  private readonly pairs = new Map<string, Pair>();

  constructor(private readonly registry: SourceRegistry) {}

  add(event: CollectedEvent, info: SourceInfo): void {
    if (info.role !== 'pair') return;
    if (event.event === 'ready' || !this.pairs.has(event.source)) this.pairs.set(event.source, { sent: 0, received: 0, lines: [] });
    const pair = this.pairs.get(event.source)!;
    if (event.event === 'counters') {
      pair.sent = Math.max(pair.sent, event.sent.pair ?? 0);
      pair.received = Math.max(pair.received, event.received.pair ?? 0);
    } else if ((event.event === 'sent' || event.event === 'received') && event.socket === 'pair') {
      pair[event.event] = Math.max(pair[event.event], event.seq);
      pair.lines.push({ t: event.t, direction: event.event, text: previewLine(event.frames), size: event.frames.reduce((sum, frame) => sum + frame.size, 0) });
      if (pair.lines.length > CONVERSATION_KEPT) pair.lines.shift();
    }
  }

  forget(source: string): void {
    this.pairs.delete(source);
  }

  report(): PairReport[] {
    return [...this.pairs].map(([source, pair]) => {
      const info = this.registry.get(source);
      const peer = [...this.pairs.keys()].find((other) => {
        const them = this.registry.get(other);
        return other !== source && info && them && (reaches(info.connected, them.bound) || reaches(them.connected, info.bound));
      });
      return { source, peer: peer ?? null, sent: pair.sent, received: pair.received, lines: [...pair.lines] };
    });
  }
}

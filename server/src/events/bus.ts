/**
 * Domain events. Services collect them during a transaction and publish them only after it commits
 * (never before), so that a subscriber never hears of a change that was rolled back.
 * In embedded mode the bus is in-process; the realtime module fans it out through Redis.
 */
import { EventEmitter } from 'node:events';

export interface DomainEvent {
  /** Ledger action, e.g. ASSIGNED, SIGNED, REPLY_SUBMITTED. */
  type: string;
  messageId: number;
  /** Ledger entry id (resume point for subscribers). */
  eventId?: number;
  assignmentId?: number | null;
  /** Units concerned: subscribers of these units' inboxes hear of it. */
  unitIds: number[];
  at: Date;
  payload?: Record<string, unknown> | null;
}

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(events: DomainEvent[]): void {
    for (const e of events) this.emitter.emit('event', e);
  }

  subscribe(listener: (e: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

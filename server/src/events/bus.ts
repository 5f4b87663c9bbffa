/**
 * Domain events. Services collect them during a transaction and publish them only after it commits
 * (never before), so that a subscriber never hears of a change that was rolled back.
 * Without Redis the bus is in process; with Redis every event goes through one channel and each instance
 * delivers what it receives to its own subscribers (so an event reaches every instance exactly once).
 */
import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';

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
  private subscriber: Redis | null = null;

  constructor(private readonly redis: Redis | null = null, private readonly channel = 'wz:events') {}

  /** With Redis: listen on the channel (one connection per instance). */
  async start(): Promise<void> {
    if (!this.redis || this.subscriber) return;
    this.subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, raw: string) => {
      const e = JSON.parse(raw) as DomainEvent;
      this.emitter.emit('event', { ...e, at: new Date(e.at) });
    });
    await this.subscriber.subscribe(this.channel);
  }

  publish(events: DomainEvent[]): void {
    for (const e of events) {
      if (this.redis) {
        // If Redis is briefly down the event is still in the ledger: subscribers resume from it.
        this.redis.publish(this.channel, JSON.stringify(e)).catch(() => undefined);
      } else {
        this.emitter.emit('event', e);
      }
    }
  }

  subscribe(listener: (e: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async stop(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}

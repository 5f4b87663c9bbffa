/**
 * Domain events. Services collect them during a transaction and publish them only after it commits
 * (never before), so that a subscriber never hears of a change that was rolled back.
 *
 * Without Redis the bus is in process. With Redis every event goes through one channel
 * (`<REDIS_KEY_PREFIX>events`) and each instance delivers what it receives to its own subscribers, so an
 * event reaches every instance once. Redis pub/sub keeps nothing for a listener that is away, so:
 *  - publishing goes through its own connection that queues while Redis is unreachable and sends (or
 *    re-sends) when it is back: an event is late, not lost, as long as the instance lives;
 *  - when an instance's listening connection comes back after a drop, it subscribes again and then reads
 *    the ledger after the last entry it had delivered (less a margin for transactions that committed out of
 *    id order) and delivers what it missed; live events arriving meanwhile wait and are merged in id order,
 *    so that a subscriber never sees a newer event before an older one it could still receive (its last id
 *    seen stays a safe resume point);
 *  - every delivered ledger id is remembered (the last RECENT of them), so a re-sent or replayed event is
 *    delivered once.
 * A subscriber whose own socket dropped resumes with `afterEventId` (realtime.service.ts).
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
  /** Staff users notified of it (their bell), set by the notifications written in the same transaction. */
  userIds?: number[];
}

/** The ledger, read back as events (for catching up after the listening connection dropped). */
export interface LedgerSource {
  /** The highest ledger id now (0 when empty). */
  maxId(): Promise<number>;
  /** Ledger entries with an id above `afterId`, in id order, at most `limit`. */
  after(afterId: number, limit: number): Promise<DomainEvent[]>;
}

/** How many delivered ids are remembered for de-duplication. */
const RECENT = 10_000;
/** How far below the highest delivered id a catch-up starts (ids of concurrent transactions commit out of order). */
const RESYNC_MARGIN = 200;
const RESYNC_PAGE = 1000;

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  readonly channel: string;
  private ledger: LedgerSource | null = null;
  private readonly recent = new Set<number>();
  /** Highest ledger id delivered (or existing at start). */
  private highWater = 0;
  /** Catch-up never goes below the ledger as it was at start (older entries are not news). */
  private floor = 0;
  private listening = false;
  /** From a drop until the catch-up is done, live events wait here (null: not catching up). */
  private held: DomainEvent[] | null = null;
  /** Counts drops: a catch-up interrupted by another drop leaves the work to the next one. */
  private drops = 0;
  private stopped = false;
  /** Catch-ups done after a dropped connection (observability, tests). */
  resyncs = 0;

  constructor(
    private readonly redis: Redis | null = null,
    private readonly keyPrefix = 'wz:',
  ) {
    this.channel = `${keyPrefix}events`;
  }

  /** Where to catch up from after a drop (the realtime service reads the ledger). */
  useLedger(source: LedgerSource): void {
    this.ledger = source;
  }

  /** With Redis: open the publishing and listening connections (one each per instance) and listen. */
  async start(): Promise<void> {
    if (!this.redis || this.subscriber) return;
    if (this.ledger) this.highWater = this.floor = await this.ledger.maxId();
    this.publisher = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: `${this.keyPrefix}events-pub` });
    this.publisher.on('error', () => undefined);
    const sub = (this.subscriber = this.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      connectionName: `${this.keyPrefix}events-sub`,
    }));
    sub.on('error', () => undefined);
    sub.on('message', (_channel: string, raw: string) => {
      const e = JSON.parse(raw) as DomainEvent;
      this.deliver({ ...e, at: new Date(e.at) });
    });
    sub.on('close', () => {
      if (this.listening && !this.stopped) {
        this.drops++;
        this.held ??= [];
      }
    });
    sub.on('ready', () => {
      if (this.held && !this.stopped) void this.rejoin();
    });
    await sub.subscribe(this.channel);
    this.listening = true;
  }

  /** After a drop: subscribe again, then deliver from the ledger what was published meanwhile. */
  private async rejoin(): Promise<void> {
    const drop = this.drops;
    try {
      await this.subscriber!.subscribe(this.channel);
      const missed: DomainEvent[] = [];
      if (this.ledger) {
        let after = Math.max(this.floor, this.highWater - RESYNC_MARGIN);
        for (let page = 0; page < 50; page++) {
          const rows = await this.ledger.after(after, RESYNC_PAGE);
          missed.push(...rows);
          if (rows.length < RESYNC_PAGE) break;
          after = rows[rows.length - 1].eventId ?? after;
        }
      }
      if (drop !== this.drops || this.stopped) return; // dropped again meanwhile: the next 'ready' catches up
      const all = [...missed, ...(this.held ?? [])].sort((x, y) => (x.eventId ?? 0) - (y.eventId ?? 0));
      this.held = null;
      for (const e of all) this.deliver(e);
      this.resyncs++;
    } catch {
      // Dropped again meanwhile (the next 'ready' tries again), or the database is unavailable: try again soon.
      if (drop === this.drops && !this.stopped) setTimeout(() => void this.rejoin(), 1000).unref();
    }
  }

  publish(events: DomainEvent[]): void {
    for (const e of events) {
      const via = this.publisher ?? this.redis;
      if (via) {
        // Queued while Redis is unreachable; if the process dies first, the event is still in the ledger.
        via.publish(this.channel, JSON.stringify(e)).catch(() => undefined);
      } else {
        this.deliver(e);
      }
    }
  }

  private deliver(e: DomainEvent): void {
    if (this.held && e.eventId != null) {
      this.held.push(e);
      return;
    }
    if (e.eventId != null) {
      if (this.recent.has(e.eventId)) return;
      this.recent.add(e.eventId);
      if (this.recent.size > RECENT) this.recent.delete(this.recent.values().next().value as number);
      if (e.eventId > this.highWater) this.highWater = e.eventId;
    }
    this.emitter.emit('event', e);
  }

  /** Listeners on this instance (the realtime service listens once for all its subscriptions). */
  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }

  subscribe(listener: (e: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Stops listening; events still queued for publishing get up to a second to go out. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.subscriber?.disconnect();
    this.subscriber = null;
    const pub = this.publisher;
    this.publisher = null;
    if (pub) {
      await Promise.race([pub.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      pub.disconnect();
    }
  }
}

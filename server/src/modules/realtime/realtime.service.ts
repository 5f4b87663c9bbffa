/**
 * Live events for subscriptions: an async iterator over the event bus, filtered per event by what the
 * subscriber may see, optionally preceded by a replay from the ledger (resumption after a blip).
 */
import { DataSource, In, MoreThan } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import type { DomainEvent, EventBus, LedgerSource } from '../../events/bus';
import { Assignment } from '../assignment/assignment.entity';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from '../message/message.entity';
import { Unit } from '../unit/unit.entity';

export interface LiveEvent {
  type: string;
  eventId: number | null;
  messageId: number;
  serialNo: string;
  title: string;
  assignmentId: number | null;
  unitIds: number[];
  at: Date;
  payload: Record<string, unknown> | null;
}

/** Ids remembered per subscription for de-duplication. */
const SEEN = 2000;
/** Database reads for setting up realtime connections and subscriptions running at a time (the pool has 20). */
const SETUP_CONCURRENCY = 8;

/** Runs at most `n` tasks at a time; the others wait their turn, in order. */
export function concurrencyLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active < n) active++;
    else await new Promise<void>((r) => waiting.push(r)); // the finishing task hands its slot over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

const REVIEW_EVENTS = new Set(['REPLY_SUBMITTED', 'REPLY_APPROVED', 'REPLY_REJECTED', 'REPLY_PUBLISHED']);

export class RealtimeService {
  private readonly unitPaths = new Map<number, string>();
  /** Unit lookups in flight, shared by everyone who needs them (no stampede on a unit not yet cached). */
  private readonly loadingPaths = new Map<number, Promise<void>>();
  /**
   * Per event, what every subscription needs of it, worked out once: the bus hands the same event object to
   * every subscription of the instance, so 1,000 subscribers cost one unit lookup and one message read, not 1,000.
   */
  private readonly eventPaths = new WeakMap<DomainEvent, Promise<string[]>>();
  private readonly eventLive = new WeakMap<DomainEvent, Promise<LiveEvent>>();

  constructor(private readonly ds: DataSource, private readonly bus: EventBus) {}

  /** Unit reads in flight for subscriptions, shared by everyone subscribing to the unit at that moment. */
  private readonly loadingUnits = new Map<number, Promise<Unit | null>>();
  private readonly setup = concurrencyLimit(SETUP_CONCURRENCY);

  /**
   * Runs a database read of connection or subscription set-up (the session at connection_init and its periodic
   * check, the unit of a subscription) a few at a time. A crowd connecting at once (the clients of an instance that
   * went away reconnect elsewhere; the 30-s checks of connections made together fall due together) waits here
   * instead of overflowing the pool's queue, which would fail them and the HTTP requests of the moment alike.
   */
  admit<T>(read: () => Promise<T>): Promise<T> {
    return this.setup(read);
  }

  /**
   * The unit a subscription names, read fresh (its path decides the scope check) but once for all the subscriptions
   * that ask at the same moment: a thousand clients reconnecting at once to a hundred inboxes make a hundred queries,
   * not a thousand (which would overflow the pool's queue and fail subscriptions with SERVICE_UNAVAILABLE).
   */
  unitById(id: number): Promise<Unit | null> {
    let p = this.loadingUnits.get(id);
    if (!p) {
      p = this.admit(() => this.ds.getRepository(Unit).findOneBy({ id })).finally(() => this.loadingUnits.delete(id));
      this.loadingUnits.set(id, p);
    }
    return p;
  }

  /** Events for a unit's inbox (the unit and the units below it). */
  assignmentEvents(unitPath: string, afterEventId?: number): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => (await this.pathsOfEvent(e)).some((p) => p.startsWith(unitPath)), afterEventId ? { afterEventId, unitPath } : undefined);
  }

  /** A message's ledger as it grows. */
  messageEvents(messageId: number, afterEventId?: number): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => e.messageId === messageId, afterEventId ? { afterEventId, messageId } : undefined);
  }

  /** Replies entering or leaving the viewer's review level. */
  reviewEvents(viewer: StaffViewer): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => REVIEW_EVENTS.has(e.type) && (!isUnitScoped(viewer) || (await this.pathsOfEvent(e)).some((p) => p.startsWith(viewer.unitPath))));
  }

  private stream(accept: (e: DomainEvent) => Promise<boolean>, replay?: { afterEventId: number; messageId?: number; unitPath?: string }): AsyncIterableIterator<LiveEvent> {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    // The client has seen everything up to its resume point; ids delivered since are remembered (the last
    // SEEN of them) so that the replay and the live events it overlaps with reach the client once. (Not a
    // running maximum: ids of concurrent transactions can be published out of order.)
    const resumeFrom = replay?.afterEventId ?? 0;
    const seen = new Set<number>();
    // Only ids this subscription accepted are remembered (a refused event is refused again): with a thousand
    // subscriptions per instance, remembering every id each one was offered would hold millions of them.
    // Events are pushed one at a time (the chain below), so checking after the await is safe.
    const push = async (e: DomainEvent) => {
      if (done) return;
      if (e.eventId && (e.eventId <= resumeFrom || seen.has(e.eventId))) return;
      if (!(await accept(e))) return;
      const live = await this.liveOf(e);
      if (done) return;
      if (e.eventId) {
        if (seen.has(e.eventId)) return;
        seen.add(e.eventId);
        if (seen.size > SEEN) seen.delete(seen.values().next().value as number);
      }
      queue.push(live);
      wake?.();
    };
    // One event at a time, in order: first the replay from the ledger (if resuming), then the live events,
    // which wait behind it (listening starts before the ledger is read, so nothing falls in between).
    let chain: Promise<void> = replay
      ? (async () => {
        const rows = await this.ds.getRepository(MessageEvent).find({
          where: { id: MoreThan(replay.afterEventId), ...(replay.messageId ? { messageId: replay.messageId } : {}) }, order: { id: 'ASC' }, take: 1000,
        });
        const units = replay.unitPath ? await this.unitsOfMessages(rows.map((r) => r.messageId)) : new Map<number, number[]>();
        for (const r of rows) await push(this.fromRow(r, units));
      })().catch(() => undefined)
      : Promise.resolve();
    const unsubscribe = this.bus.subscribe((e) => { chain = chain.then(() => push(e)).catch(() => undefined); });
    const iterator: AsyncIterableIterator<LiveEvent> = {
      [Symbol.asyncIterator]() { return iterator; },
      async next() {
        while (!done && queue.length === 0) await new Promise<void>((r) => { wake = r; });
        wake = null;
        if (done) return { value: undefined, done: true };
        return { value: queue.shift()!, done: false };
      },
      async return() {
        done = true;
        unsubscribe();
        wake?.();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** The ledger read back as events, for the bus to catch up after its Redis connection dropped. */
  ledgerSource(): LedgerSource {
    return {
      maxId: async () => Number((await this.ds.query(`SELECT MAX(id) AS m FROM message_event`))[0]?.m ?? 0),
      after: async (afterId, limit) => {
        const rows = await this.ds.getRepository(MessageEvent).find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
        const units = await this.unitsOfMessages(rows.map((r) => r.messageId));
        return rows.map((r) => this.fromRow(r, units));
      },
    };
  }

  /**
   * A ledger row as an event. Rows do not keep whom the live event notified, so a replayed row concerns the
   * units of the message's assignments and the row's own unit (inbox filters then match as they do live).
   */
  private fromRow(r: MessageEvent, unitsByMessage: Map<number, number[]>): DomainEvent {
    const units = new Set<number>(unitsByMessage.get(r.messageId) ?? []);
    if (r.actorUnitId) units.add(r.actorUnitId);
    return { type: r.action, messageId: r.messageId, eventId: r.id, assignmentId: r.assignmentId, unitIds: [...units], at: r.createdAt, payload: r.payload };
  }

  private async unitsOfMessages(messageIds: number[]): Promise<Map<number, number[]>> {
    const byMessage = new Map<number, number[]>();
    const ids = [...new Set(messageIds)];
    if (!ids.length) return byMessage;
    const rows: Array<{ messageId: number; unitId: number }> = await this.ds.getRepository(Assignment).find({ where: { messageId: In(ids) }, select: { messageId: true, unitId: true } });
    for (const r of rows) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r.unitId]);
    return byMessage;
  }

  /** The event as subscribers receive it, read once per event (shared by every subscription of the instance). */
  private liveOf(e: DomainEvent): Promise<LiveEvent> {
    let p = this.eventLive.get(e);
    if (!p) {
      p = this.enrich(e);
      this.eventLive.set(e, p);
    }
    return p;
  }

  /** The paths of the units an event concerns, looked up once per event. */
  private pathsOfEvent(e: DomainEvent): Promise<string[]> {
    let p = this.eventPaths.get(e);
    if (!p) {
      p = this.pathsOf(e.unitIds);
      this.eventPaths.set(e, p);
    }
    return p;
  }

  private async enrich(e: DomainEvent): Promise<LiveEvent> {
    const m = await this.ds.getRepository(Message).findOne({ where: { id: e.messageId }, select: { id: true, serialNo: true, title: true } });
    return { type: e.type, eventId: e.eventId ?? null, messageId: e.messageId, serialNo: m?.serialNo ?? '', title: m?.title ?? '', assignmentId: e.assignmentId ?? null, unitIds: e.unitIds, at: e.at, payload: e.payload ?? null };
  }

  private async pathsOf(ids: number[]): Promise<string[]> {
    const missing = ids.filter((id) => !this.unitPaths.has(id));
    if (missing.length) {
      const toLoad = missing.filter((id) => !this.loadingPaths.has(id));
      if (toLoad.length) {
        const load = this.ds.getRepository(Unit).findBy({ id: In(toLoad) })
          .then((rows) => { for (const u of rows) this.unitPaths.set(u.id, u.path); })
          .finally(() => { for (const id of toLoad) this.loadingPaths.delete(id); });
        for (const id of toLoad) this.loadingPaths.set(id, load);
      }
      await Promise.all(missing.map((id) => this.loadingPaths.get(id)));
    }
    return ids.map((id) => this.unitPaths.get(id)).filter((p): p is string => !!p);
  }
}

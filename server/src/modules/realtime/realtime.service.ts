/**
 * Live events for subscriptions: an async iterator over the event bus, filtered per event by what the
 * subscriber may see, optionally preceded by a replay from the ledger (resumption after a blip).
 */
import type { GraphQLError } from 'graphql';
import { DataSource, In, MoreThan } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import type { DomainEvent, EventBus, LedgerSource } from '../../events/bus';
import { isServiceUnavailable, notFound, serviceUnavailable } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { MessageEvent } from '../ledger/message-event.entity';
import { LedgerAction, unhandledAction } from '../ledger/ledger-action';
import { Message } from '../message/message.entity';
import { canViewIn, MessageService } from '../message/message.service';
import type { MessageEnv } from '../message/message.transitions';
import { Unit } from '../unit/unit.entity';
import { READABLE_ASSIGNMENT_STATES } from '../message/message.states';
import type { RequestContext } from '../../graphql/context';
import { pushEvents, SharedSubscriptions } from '../../graphql/sharedSubscriptions';

export interface LiveEvent {
  type: LedgerAction;
  eventId: number | null;
  messageId: number;
  serialNo: string;
  title: string;
  assignmentId: number | null;
  unitIds: number[];
  at: Date;
  payload: Record<string, unknown> | null;
  /** The last item of a subscription that ends with an error (e.g. the subscriber lost the message): raised, not sent as an event. */
  end?: GraphQLError;
}

/** What a subscription does with an event: deliver it, skip it, or end there (with the error the subscriber is told). */
type Verdict = boolean | { end: GraphQLError };

/** What a rule may need read about an event (bits of `Filter.needs`), once per event and instance. */
const NEEDS_PATHS = 1;
const NEEDS_REACH = 2;

/** What was read about an event for the rules (each only when a rule asked for it). */
interface Facts {
  /** The paths of the units it concerns; null when they could not be read (the event is skipped). */
  paths?: string[] | null;
  /** Who may read its message now (null: the message is gone). */
  reach?: MessageEnv | null;
  /** Why `reach` could not be read. */
  reachError?: unknown;
}

/** A subscription's rule: what it needs read about an event, then its verdict, decided without waiting. */
interface Filter {
  needs(e: DomainEvent, replayed: boolean): number;
  accept(e: DomainEvent, facts: Facts, replayed: boolean): Verdict;
}

/**
 * What a subscriber may see of an event, as a key: subscribers with the same key get the same result for the same
 * event, document and variables, so the selection is executed once for them all (`SharedSubscriptions`). It is the
 * viewer's reach and what is masked for them: the role (which decides masking of private data and, with the unit,
 * the reach), the unit's path (unit roles see their subtree), the leader (leaders also see what is addressed to them)
 * and whether the session is limited to changing its password. A field of a subscription's selection must depend on
 * nothing else of the viewer (e.g. their user id) unless it is added here: never may one viewer's payload reach
 * another who may see less.
 */
export function visibilityKey(viewer: StaffViewer | null): string {
  if (!viewer) return 'anonymous';
  return ['staff', viewer.role, viewer.unitPath, viewer.leaderId ?? '', viewer.mustChangePassword ? 'pw' : ''].join('|');
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

/** Whether a review queue hears of an action: the steps of a reply's review (every action is decided here). */
function reviewEvent(action: LedgerAction): boolean {
  switch (action) {
    case LedgerAction.REPLY_SUBMITTED:
    case LedgerAction.REPLY_APPROVED:
    case LedgerAction.REPLY_REJECTED:
    case LedgerAction.REPLY_PUBLISHED:
      return true;
    case LedgerAction.CREATED:
    case LedgerAction.ACCEPTED:
    case LedgerAction.MARKED_INVALID:
    case LedgerAction.MERGED:
    case LedgerAction.CATEGORY_SET:
    case LedgerAction.GROUPED:
    case LedgerAction.UNGROUPED:
    case LedgerAction.GROUP_MEMBER_ADDED:
    case LedgerAction.GROUP_MEMBER_REMOVED:
    case LedgerAction.OBJECTION_RAISED:
    case LedgerAction.OBJECTION_UPHELD:
    case LedgerAction.OBJECTION_REJECTED:
    case LedgerAction.ASSIGNED:
    case LedgerAction.REASSIGNED:
    case LedgerAction.SIGNED:
    case LedgerAction.DELEGATED:
    case LedgerAction.CITIZEN_CONTACTED:
    case LedgerAction.RETURN_REQUESTED:
    case LedgerAction.RETURN_APPROVED:
    case LedgerAction.RETURN_REJECTED:
    case LedgerAction.EXTENSION_REQUESTED:
    case LedgerAction.EXTENSION_APPROVED:
    case LedgerAction.EXTENSION_REJECTED:
    case LedgerAction.ASSIGNMENT_CANCELLED:
    case LedgerAction.ON_HOLD:
    case LedgerAction.RESUMED:
    case LedgerAction.REPLY_DRAFTED:
    case LedgerAction.REPLY_EDITED:
    case LedgerAction.REPLY_REVISED:
    case LedgerAction.PROGRESS_REPLIED:
    case LedgerAction.ASSIST_OPINION_GIVEN:
    case LedgerAction.URGED:
    case LedgerAction.SUPERVISED:
    case LedgerAction.INSTRUCTED:
    case LedgerAction.SUPERVISION_ANSWERED:
    case LedgerAction.EVALUATED:
    case LedgerAction.REOPENED:
    case LedgerAction.CLOSED:
    case LedgerAction.ARCHIVED:
    case LedgerAction.PII_VIEWED:
    case LedgerAction.OVERDUE:
    case LedgerAction.DUE_SOON:
    case LedgerAction.SIGN_OVERDUE:
      return false;
    default:
      return unhandledAction(action);
  }
}

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
  /** Per event, who may read its message now (read once per event and instance, whatever the number of subscribers). */
  private readonly eventReach = new WeakMap<DomainEvent, Promise<MessageEnv | null>>();
  /** The subscriptions running on this instance, all fed by one bus listener (`dispatch`). */
  private readonly streams = new Set<LiveStream>();
  private unlisten: (() => void) | null = null;
  /** Events being dispatched, one after the other. */
  private dispatching: Promise<void> = Promise.resolve();
  /** Executions of subscription selections shared by subscribers with the same visibility (graphql-ws's subscribe). */
  readonly fanout = new SharedSubscriptions((context) => visibilityKey((context as RequestContext | undefined)?.viewer ?? null));

  constructor(
    private readonly ds: DataSource,
    private readonly bus: EventBus,
    private readonly messages: MessageService,
  ) {}

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

  /** Events for a unit's inbox (the unit and the units below it): those whose event notified one of them. */
  assignmentEvents(unitPath: string, afterEventId?: number): AsyncIterableIterator<LiveEvent> {
    return this.stream(
      { needs: () => NEEDS_PATHS, accept: (_e, facts) => !!facts.paths?.some((p) => p.startsWith(unitPath)) },
      afterEventId ? { afterEventId, unitPath } : undefined,
    );
  }

  /**
   * A message's ledger as it grows, for as long as the subscriber may read the message. The subscriber's reach was
   * checked when it subscribed (and covers the replay read right after); each live event is checked again against
   * the message as it is then (its readers are read once per event and instance, shared by every subscription), and
   * the subscription ends, with NOT_FOUND like a missing message, at the first event the subscriber may no longer
   * see (returned, reassigned or withdrawn away from its units): that event and everything after stay unsent.
   */
  messageEvents(viewer: StaffViewer, messageId: number, afterEventId?: number): AsyncIterableIterator<LiveEvent> {
    const scoped = isUnitScoped(viewer);
    return this.stream(
      {
        needs: (e, replayed) => (e.messageId === messageId && scoped && !replayed ? NEEDS_REACH : 0),
        accept: (e, facts, replayed) => {
          if (e.messageId !== messageId) return false;
          if (!scoped || replayed) return true;
          // Cannot tell whether it may still see it: nothing is sent; the client subscribes again (and is checked then).
          if (facts.reachError !== undefined) return { end: isServiceUnavailable(facts.reachError) ? serviceUnavailable() : notFound('Message', messageId) };
          return facts.reach && canViewIn(viewer, facts.reach) ? true : { end: notFound('Message', messageId) };
        },
      },
      afterEventId ? { afterEventId, messageId } : undefined,
    );
  }

  /** Events that notified this staff user (their bell): the notifications written with the change name their recipients. */
  userEvents(userId: number): AsyncIterableIterator<LiveEvent> {
    return this.stream({ needs: () => 0, accept: (e) => !!e.userIds?.includes(userId) });
  }

  /** Replies entering or leaving the viewer's review level. */
  reviewEvents(viewer: StaffViewer): AsyncIterableIterator<LiveEvent> {
    const scoped = isUnitScoped(viewer);
    return this.stream({
      needs: (e) => (scoped && reviewEvent(e.type as LedgerAction) ? NEEDS_PATHS : 0),
      accept: (e, facts) => reviewEvent(e.type as LedgerAction) && (!scoped || !!facts.paths?.some((p) => p.startsWith(viewer.unitPath))),
    });
  }

  /** Subscriptions running on this instance (metrics). */
  activeSubscriptions(): number {
    return this.streams.size;
  }

  private stream(filter: Filter, replay?: { afterEventId: number; messageId?: number; unitPath?: string }): AsyncIterableIterator<LiveEvent> {
    const s = new LiveStream(filter, replay?.afterEventId ?? 0, !!replay, {
      factsOf: (e, needs) => this.factsOf(e, needs),
      liveOf: (e) => this.liveOf(e).catch(() => null),
      detach: (x) => this.detach(x),
    });
    // Listening starts before the ledger is read: live events wait in the stream behind the replay, nothing falls in between.
    this.attach(s);
    if (replay)
      void s.replay(async () => {
        const rows = await this.ds.getRepository(MessageEvent).find({
          where: { id: MoreThan(replay.afterEventId), ...(replay.messageId ? { messageId: replay.messageId } : {}) },
          order: { id: 'ASC' },
          take: 1000,
        });
        const units = replay.unitPath ? await this.unitsOfMessages(rows) : new Map<number, number[]>();
        return rows.map((r) => this.fromRow(r, units));
      });
    return s;
  }

  /** One listener on the bus for all the subscriptions of the instance (added with the first, removed with the last). */
  private attach(s: LiveStream): void {
    this.streams.add(s);
    if (this.unlisten) return;
    this.unlisten = this.bus.subscribe((e) => {
      // The subscriptions running when the event arrives hear of it (as when each listened on the bus itself).
      const targets = [...this.streams];
      this.dispatching = this.dispatching.then(() => this.dispatch(e, targets)).catch(() => undefined);
    });
  }

  private detach(s: LiveStream): void {
    this.streams.delete(s);
    if (!this.streams.size && this.unlisten) {
      this.unlisten();
      this.unlisten = null;
    }
  }

  /**
   * One event to every subscription of the instance, events one at a time in the order the bus hands them out: what
   * the subscriptions' rules need of it is read once (its units' paths, its message's readers), then each rule decides
   * without waiting, then the event as sent is read once (if anyone takes it) and handed to those who accepted it, in
   * the same synchronous step (no promise per subscription and event: with 1,000 subscribers of one inbox, that work
   * was most of the CPU of a delivery). A subscription still replaying keeps the event for after its replay.
   */
  private async dispatch(e: DomainEvent, targets: LiveStream[]): Promise<void> {
    let needs = 0;
    const deciding: LiveStream[] = [];
    for (const s of targets) {
      if (!s.offer(e)) continue;
      deciding.push(s);
      needs |= s.filter.needs(e, false);
    }
    if (!deciding.length) return;
    const facts = await this.factsOf(e, needs);
    const accepted: Array<{ s: LiveStream; verdict: Verdict }> = [];
    for (const s of deciding) {
      let verdict: Verdict = false;
      try {
        verdict = s.filter.accept(e, facts, false);
      } catch {
        // a rule that fails skips the event for its own subscription only
      }
      if (verdict) accepted.push({ s, verdict });
    }
    if (!accepted.length) return;
    const live = await this.liveOf(e).catch(() => null);
    for (const { s, verdict } of accepted) s.take(e, verdict, live);
  }

  /** What the rules need of an event, read once per event and instance (a read that fails is told to the rules). */
  private async factsOf(e: DomainEvent, needs: number): Promise<Facts> {
    const facts: Facts = {};
    if (needs & NEEDS_PATHS) facts.paths = await this.pathsOfEvent(e).catch(() => null);
    if (needs & NEEDS_REACH) {
      try {
        facts.reach = await this.reachOf(e);
      } catch (err) {
        facts.reachError = err;
      }
    }
    return facts;
  }

  /** The ledger read back as events, for the bus to catch up after its Redis connection dropped. */
  ledgerSource(): LedgerSource {
    return {
      maxId: async () => Number((await this.ds.query(`SELECT MAX(id) AS m FROM message_event`))[0]?.m ?? 0),
      after: async (afterId, limit) => {
        const rows = await this.ds.getRepository(MessageEvent).find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
        const units = await this.unitsOfMessages(rows);
        return rows.map((r) => this.fromRow(r, units));
      },
    };
  }

  /**
   * A ledger row as an event. A row keeps whom its live event notified, and a replay goes to exactly those units (so
   * a unit that has lost the message hears nothing of what happened after). Rows from before that was kept concern
   * the units whose assignments still give them the message (`unitsByMessage`), never those it was taken from.
   */
  private fromRow(r: MessageEvent, unitsByMessage: Map<number, number[]>): DomainEvent {
    const units = r.notifyUnitIds ?? unitsByMessage.get(r.messageId) ?? [];
    return {
      type: r.action,
      messageId: r.messageId,
      eventId: r.id,
      assignmentId: r.assignmentId,
      unitIds: [...new Set(units)],
      at: r.createdAt,
      payload: r.payload,
    };
  }

  /** For rows without their audience: the units whose assignments let them read each message now. */
  private async unitsOfMessages(rows: MessageEvent[]): Promise<Map<number, number[]>> {
    const byMessage = new Map<number, number[]>();
    const ids = [...new Set(rows.filter((r) => r.notifyUnitIds === null).map((r) => r.messageId))];
    if (!ids.length) return byMessage;
    const held: Array<{ messageId: number; unitId: number }> = await this.ds.getRepository(Assignment).find({
      where: { messageId: In(ids), state: In(READABLE_ASSIGNMENT_STATES) },
      select: { messageId: true, unitId: true },
    });
    for (const r of held) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r.unitId]);
    return byMessage;
  }

  /** The context that decides who may read the event's message, read once per event (after its commit). */
  private reachOf(e: DomainEvent): Promise<MessageEnv | null> {
    let p = this.eventReach.get(e);
    if (!p) {
      p = this.ds
        .getRepository(Message)
        .findOneBy({ id: e.messageId })
        .then((m) => (m ? this.messages.env(m) : null));
      this.eventReach.set(e, p);
    }
    return p;
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
    return {
      type: e.type as LedgerAction,
      eventId: e.eventId ?? null,
      messageId: e.messageId,
      serialNo: m?.serialNo ?? '',
      title: m?.title ?? '',
      assignmentId: e.assignmentId ?? null,
      unitIds: e.unitIds,
      at: e.at,
      payload: e.payload ?? null,
    };
  }

  private async pathsOf(ids: number[]): Promise<string[]> {
    const missing = ids.filter((id) => !this.unitPaths.has(id));
    if (missing.length) {
      const toLoad = missing.filter((id) => !this.loadingPaths.has(id));
      if (toLoad.length) {
        const load = this.ds
          .getRepository(Unit)
          .findBy({ id: In(toLoad) })
          .then((rows) => {
            for (const u of rows) this.unitPaths.set(u.id, u.path);
          })
          .finally(() => {
            for (const id of toLoad) this.loadingPaths.delete(id);
          });
        for (const id of toLoad) this.loadingPaths.set(id, load);
      }
      await Promise.all(missing.map((id) => this.loadingPaths.get(id)));
    }
    return ids.map((id) => this.unitPaths.get(id)).filter((p): p is string => !!p);
  }
}

/**
 * One subscription's events: decided on by the instance's dispatcher (`RealtimeService.dispatch`), or by itself while
 * it replays the ledger (then the live events wait behind the replay). Taken events are queued for `next()`, or
 * handed straight to a consumer that asked for them (`pushEvents`: the shared fan-out writing to the socket).
 */
class LiveStream implements AsyncIterableIterator<LiveEvent> {
  private readonly queue: LiveEvent[] = [];
  private wake: (() => void) | null = null;
  /** No more events are taken (ended, or the client went away); what is queued is still handed out. */
  private done = false;
  /** The consumer went away (`return`). */
  private finished = false;
  /** While replaying: the live events that arrived meanwhile, decided after the replay (null: live). */
  private held: DomainEvent[] | null;
  // The client has seen everything up to its resume point; ids delivered since are remembered (the last SEEN of
  // them) so that the replay and the live events it overlaps with reach the client once. (Not a running maximum:
  // ids of concurrent transactions can be published out of order.) Only ids this subscription accepted are
  // remembered (a refused event is refused again): with a thousand subscriptions per instance, remembering every
  // id each one was offered would hold millions of them.
  private readonly seen = new Set<number>();
  private sink: { item: (e: LiveEvent) => void; end: () => void } | null = null;

  constructor(
    readonly filter: Filter,
    private readonly resumeFrom: number,
    replaying: boolean,
    private readonly host: {
      factsOf(e: DomainEvent, needs: number): Promise<Facts>;
      liveOf(e: DomainEvent): Promise<LiveEvent | null>;
      detach(s: LiveStream): void;
    },
  ) {
    this.held = replaying ? [] : null;
  }

  /** Whether the dispatcher should decide on this event now (not when ended, replaying, or already delivered). */
  offer(e: DomainEvent): boolean {
    if (this.done) return false;
    if (this.held) {
      this.held.push(e);
      return false;
    }
    return !(e.eventId && (e.eventId <= this.resumeFrom || this.seen.has(e.eventId)));
  }

  /** An accepted event, with the event as sent (null: it could not be read, and is skipped). */
  take(e: DomainEvent, verdict: Verdict, live: LiveEvent | null): void {
    if (this.done || !verdict) return;
    if (typeof verdict === 'object') {
      // The end: the error is the last item; nothing after it is taken.
      this.done = true;
      this.host.detach(this);
      this.put({ ...(live ?? ({} as LiveEvent)), end: verdict.end });
      if (this.sink) this.sink.end();
      else this.wake?.();
      return;
    }
    if (!live) return;
    if (e.eventId) {
      if (this.seen.has(e.eventId)) return;
      this.seen.add(e.eventId);
      if (this.seen.size > SEEN) this.seen.delete(this.seen.values().next().value as number);
    }
    this.put(live);
  }

  /** Replays the ledger (`read`), then the live events that arrived meanwhile, one at a time, in order; then live. */
  async replay(read: () => Promise<DomainEvent[]>): Promise<void> {
    try {
      for (const e of await read()) await this.decide(e, true);
    } catch {
      // the replay stops there; the live events follow
    }
    while (this.held?.length) await this.decide(this.held.shift()!, false).catch(() => undefined);
    this.held = null;
  }

  private async decide(e: DomainEvent, replayed: boolean): Promise<void> {
    if (this.done || (e.eventId && (e.eventId <= this.resumeFrom || this.seen.has(e.eventId)))) return;
    const facts = await this.host.factsOf(e, this.filter.needs(e, replayed));
    if (this.done) return;
    const verdict = this.filter.accept(e, facts, replayed);
    if (!verdict) return;
    this.take(e, verdict, await this.host.liveOf(e));
  }

  private put(item: LiveEvent): void {
    if (this.sink) this.sink.item(item);
    else {
      this.queue.push(item);
      this.wake?.();
    }
  }

  /**
   * Hands every item to `item` as it is taken instead of queueing it for `next()` (the items queued so far first),
   * and calls `end` after the last one when the subscription ends by itself.
   */
  [pushEvents](item: (e: LiveEvent) => void, end: () => void): void {
    this.sink = { item, end };
    for (const e of this.queue.splice(0)) item(e);
    if (this.done && !this.finished) end();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LiveEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<LiveEvent, undefined>> {
    while (!this.done && !this.finished && this.queue.length === 0)
      await new Promise<void>((r) => {
        this.wake = r;
      });
    this.wake = null;
    if (this.finished || this.queue.length === 0) return { value: undefined, done: true };
    return { value: this.queue.shift()!, done: false };
  }

  async return(): Promise<IteratorResult<LiveEvent, undefined>> {
    this.done = true;
    this.finished = true;
    this.host.detach(this);
    this.wake?.();
    return { value: undefined, done: true };
  }
}

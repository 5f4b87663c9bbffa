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
import { SharedSubscriptions } from '../../graphql/sharedSubscriptions';

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
    return this.stream(async (e) => (await this.pathsOfEvent(e)).some((p) => p.startsWith(unitPath)), afterEventId ? { afterEventId, unitPath } : undefined);
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
      async (e, replayed) => {
        if (e.messageId !== messageId) return false;
        if (!scoped || replayed) return true;
        try {
          const env = await this.reachOf(e);
          return env && canViewIn(viewer, env) ? true : { end: notFound('Message', messageId) };
        } catch (err) {
          // Cannot tell whether it may still see it: nothing is sent; the client subscribes again (and is checked then).
          return { end: isServiceUnavailable(err) ? serviceUnavailable() : notFound('Message', messageId) };
        }
      },
      afterEventId ? { afterEventId, messageId } : undefined,
    );
  }

  /** Events that notified this staff user (their bell): the notifications written with the change name their recipients. */
  userEvents(userId: number): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => !!e.userIds?.includes(userId));
  }

  /** Replies entering or leaving the viewer's review level. */
  reviewEvents(viewer: StaffViewer): AsyncIterableIterator<LiveEvent> {
    return this.stream(
      async (e) => reviewEvent(e.type as LedgerAction) && (!isUnitScoped(viewer) || (await this.pathsOfEvent(e)).some((p) => p.startsWith(viewer.unitPath))),
    );
  }

  private stream(
    accept: (e: DomainEvent, replayed: boolean) => Promise<Verdict>,
    replay?: { afterEventId: number; messageId?: number; unitPath?: string },
  ): AsyncIterableIterator<LiveEvent> {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    /** No more events are taken (ended, or the client went away); what is queued is still handed out. */
    let done = false;
    let unsubscribe: () => void = () => undefined;
    // The client has seen everything up to its resume point; ids delivered since are remembered (the last
    // SEEN of them) so that the replay and the live events it overlaps with reach the client once. (Not a
    // running maximum: ids of concurrent transactions can be published out of order.)
    const resumeFrom = replay?.afterEventId ?? 0;
    const seen = new Set<number>();
    // Only ids this subscription accepted are remembered (a refused event is refused again): with a thousand
    // subscriptions per instance, remembering every id each one was offered would hold millions of them.
    // Events are pushed one at a time (the chain below), so checking after the await is safe.
    const push = async (e: DomainEvent, replayed = false) => {
      if (done) return;
      if (e.eventId && (e.eventId <= resumeFrom || seen.has(e.eventId))) return;
      const verdict = await accept(e, replayed);
      if (done) return;
      if (typeof verdict === 'object') {
        // The end: the error is the last item; nothing after it is taken.
        done = true;
        unsubscribe();
        queue.push({ ...(await this.liveOf(e).catch(() => ({}) as LiveEvent)), end: verdict.end });
        wake?.();
        return;
      }
      if (!verdict) return;
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
            where: { id: MoreThan(replay.afterEventId), ...(replay.messageId ? { messageId: replay.messageId } : {}) },
            order: { id: 'ASC' },
            take: 1000,
          });
          const units = replay.unitPath ? await this.unitsOfMessages(rows) : new Map<number, number[]>();
          for (const r of rows) await push(this.fromRow(r, units), true);
        })().catch(() => undefined)
      : Promise.resolve();
    unsubscribe = this.bus.subscribe((e) => {
      chain = chain.then(() => push(e)).catch(() => undefined);
    });
    let finished = false;
    const iterator: AsyncIterableIterator<LiveEvent> = {
      [Symbol.asyncIterator]() {
        return iterator;
      },
      async next() {
        while (!done && !finished && queue.length === 0)
          await new Promise<void>((r) => {
            wake = r;
          });
        wake = null;
        if (finished || queue.length === 0) return { value: undefined, done: true };
        return { value: queue.shift()!, done: false };
      },
      async return() {
        done = true;
        finished = true;
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

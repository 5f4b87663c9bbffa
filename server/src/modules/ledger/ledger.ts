/**
 * The workflow runner: every change to a message runs here, in one transaction that
 *  1. loads the message (CONFLICT when the caller's expected version is stale),
 *  2. applies the change,
 *  3. bumps the message's version with `WHERE version = <loaded>` (CONFLICT for the loser of a race),
 *  4. appends the ledger rows (台账),
 * and only after commit publishes the domain events. An archived message refuses every step (INVALID_TRANSITION, reason ARCHIVED).
 * A step that only records that something was looked at (`recordOnly`: revealing private data) writes its ledger
 * row in the same way but leaves the message row and its version alone: the version is the token of the
 * message's state for optimistic concurrency, and a read changes no state, so it must not make the next real
 * action of whoever has the page open fail with CONFLICT.
 *
 * It is also the only code that writes the `state` of a message, an assignment or a reply (a source rule checks it):
 * `tx.move`, `moveAssignment` and `moveReply` perform a declared row of the machine (its from-states checked again,
 * the target its `to` or one of its `alsoTo`), whether a viewer's action (checked by the machine first) or a move of the
 * system (a side effect, a citizen's request, a job: the `system` rows). A side effect is recorded by the ledger row
 * of the step that caused it (the message's CLOSED row covers its assignments becoming DONE). The knowledge machine's
 * articles move here too (`moveVersioned`), with their own ledger (knowledge events) written by their service.
 */
import { In } from 'typeorm';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { insertedId, inTransaction } from '../../db/transaction';
import { insertedIds, insertRows } from '../../db/bulkInsert';
import type { DomainEvent, EventBus } from '../../events/bus';
import { conflict, ErrorReason, invalidTransition, notFound, versionConflict } from '../../graphql/errors';
import { archivedRefusal } from '../../common/stateMachine';
import { Message } from '../message/message.entity';
import { ActorKind, AssignmentState, MessageState, ReplyState } from '../message/message.enums';
import { Assignment } from '../assignment/assignment.entity';
import { Reply } from '../reply/reply.entity';
import { MessageEvent } from './message-event.entity';
import { LedgerAction } from './ledger-action';

export interface Actor {
  kind: ActorKind;
  userId: number | null;
  unitId: number | null;
}

export const SYSTEM_ACTOR: Actor = { kind: ActorKind.SYSTEM, userId: null, unitId: null };

export interface LedgerEntry {
  action: LedgerAction;
  assignmentId?: number | null;
  fromState?: string | null;
  toState?: string | null;
  /** The unit concerned (defaults to the actor's unit). */
  unitId?: number | null;
  payload?: Record<string, unknown> | null;
  /** Units whose inboxes hear of it (published after commit). */
  notifyUnitIds?: number[];
}

/** Columns a step may change directly; the state only moves along a declared row (`Tx.move`, `moveAssignment`, `moveReply`). */
export type MessagePatch = Omit<Partial<Message>, 'state' | 'version'>;
export type AssignmentPatch = Omit<Partial<Assignment>, 'state' | 'version'>;
export type ReplyPatch = Omit<Partial<Reply>, 'state'>;

/** A declared row of a state machine (`Transition`), as far as the runner needs it to perform the move. */
export interface Move<S extends string> {
  action: string;
  from: readonly S[];
  to: S | null;
  alsoTo?: readonly S[];
}

export interface Tx {
  em: EntityManager;
  message: Message;
  now: Date;
  actor: Actor;
  /** Records a ledger row (written at commit of the step, with the version bump). */
  log(entry: LedgerEntry): void;
  /** Changes to the message row, applied with the version check. */
  patch(p: MessagePatch): void;
  /**
   * Moves the message along a declared row (to its `to`, or `to` when one of the row's `alsoTo`), with other columns;
   * INVALID_TRANSITION when the message is not in one of the row's from-states.
   */
  move(row: Move<MessageState>, p?: MessagePatch, to?: MessageState): void;
}

/**
 * The state a row leads to from `state`: `to` when given (one of the row's targets), else the row's own; a row
 * without a target leaves the state. INVALID_TRANSITION when the row does not start from `state`.
 */
function targetOf<S extends string>(name: string, row: Move<S>, state: S, to?: S): S {
  if (!row.from.includes(state)) {
    throw invalidTransition(`当前状态 ${state} 不能执行 ${row.action} (${name} in state ${state} does not allow ${row.action})`, { state, action: row.action });
  }
  const next = to ?? row.to;
  if (next === null) return state;
  if (next !== row.to && !row.alsoTo?.includes(next)) throw new Error(`${name}: ${row.action} does not lead to ${next}`);
  return next;
}

/** Updates an assignment's columns (not its state) with its own optimistic version check. */
export function saveAssignment(em: EntityManager, a: Assignment, patch: AssignmentPatch): Promise<void> {
  return writeVersioned(em, Assignment, a, patch, ASSIGNMENT_CHANGED);
}

/** Moves an assignment along a declared row of its machine (see `Tx.move`), with other columns, in the step's transaction. */
export async function moveAssignment(
  tx: Pick<Tx, 'em'>,
  a: Assignment,
  row: Move<AssignmentState>,
  patch: AssignmentPatch = {},
  to?: AssignmentState,
): Promise<void> {
  const state = targetOf('Assignment', row, a.state, to);
  await writeVersioned(tx.em, Assignment, a, state === a.state ? patch : { ...patch, state }, ASSIGNMENT_CHANGED);
}

const ASSIGNMENT_CHANGED = () => conflict('交办单已被他人修改 (assignment changed concurrently)', { reason: ErrorReason.VERSION_CONFLICT });

/** A record with a state of its own machine and an optimistic version (an assignment, a knowledge article). */
interface VersionedRecord<S extends string> {
  id: number;
  version: number;
  state: S;
}

/**
 * Moves a record of another machine than the message's (a knowledge article, docs/knowledge.md) along a declared row
 * of it, with other columns, in the caller's transaction: INVALID_TRANSITION when the row does not start from the
 * record's state, the version bumped with `WHERE version = <loaded>` (`changed()` for the loser of a race) even when
 * the row leaves the state. Returns the state it left.
 */
export async function moveVersioned<S extends string, E extends VersionedRecord<S>>(
  em: EntityManager,
  entity: EntityTarget<E>,
  name: string,
  record: E,
  row: Move<S>,
  patch: Omit<Partial<E>, 'state' | 'version'>,
  changed: () => Error,
): Promise<S> {
  const from = record.state;
  const state = targetOf(name, row, from, undefined);
  await writeVersioned(em, entity, record, (state === from ? patch : { ...patch, state }) as Partial<E>, changed);
  return from;
}

async function writeVersioned<E extends { id: number; version: number }>(
  em: EntityManager,
  entity: EntityTarget<E>,
  record: E,
  patch: Partial<E>,
  changed: () => Error,
): Promise<void> {
  const res = await em
    .createQueryBuilder()
    .update(entity)
    .set({ ...patch, version: () => 'version + 1' } as never)
    .where('id = :id AND version = :v', { id: record.id, v: record.version })
    .execute();
  if (!res.affected) throw changed();
  Object.assign(record, patch);
  record.version += 1;
}

/** Moves a reply along a declared row of the review machine (see `Tx.move`), with other columns, in the step's transaction. */
export function moveReply(tx: Pick<Tx, 'em'>, r: Reply, row: Move<ReplyState>, patch: ReplyPatch = {}, to?: ReplyState): Promise<void> {
  return moveRecord(tx.em, Reply, 'Reply', r, row, patch, to);
}

/**
 * Moves a record without a version of its own (a reply, a knowledge article's version: their message or article holds
 * the version) along a declared row, with other columns, in the caller's transaction (see `Tx.move`).
 */
export async function moveRecord<S extends string, E extends { id: number; state: S }>(
  em: EntityManager,
  entity: EntityTarget<E>,
  name: string,
  record: E,
  row: Move<S>,
  patch: Omit<Partial<E>, 'state'> = {} as Omit<Partial<E>, 'state'>,
  to?: S,
): Promise<void> {
  const state = targetOf(name, row, record.state, to);
  await em.getRepository(entity).update(record.id, { ...patch, state } as never);
  Object.assign(record, patch);
  record.state = state;
}

/**
 * Work other modules add to every workflow transaction, after its ledger rows are written and before it commits
 * (e.g. the notifications of the people concerned): it runs in the same transaction, so it is written or rolled
 * back with the change.
 */
export interface StepOptions {
  actor: Actor;
  expectedVersion?: number | null;
  now?: Date;
  check?: (message: Message, em: EntityManager) => Promise<unknown>;
  recordOnly?: boolean;
}

/** One message's step inside a transaction of `Workflow.together`. */
export type Step = <T>(messageId: number, opts: StepOptions, work: (tx: Tx) => Promise<T>) => Promise<T>;

export type LedgerHook = (em: EntityManager, events: DomainEvent[], actor: Actor) => Promise<void>;

export class Workflow {
  /** The workflow's clock: real time, except while the demo data set replays a history. */
  now: () => Date = () => new Date();
  private readonly hooks: LedgerHook[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly bus: EventBus,
  ) {}

  /** Adds work to every transaction after its ledger rows (see LedgerHook). */
  onLedger(hook: LedgerHook): void {
    this.hooks.push(hook);
  }

  /**
   * `check` runs first, on the freshly loaded message (before the version check and the work): the caller's reach
   * rule, so that a message outside it answers exactly like a missing one, whatever else the request holds.
   */
  async run<T>(messageId: number, opts: StepOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.together((step) => step(messageId, opts, work));
  }

  /**
   * Steps on several messages in one transaction (e.g. a group of similar messages assigned together): each step is
   * what `run` does for one message (its check, version check and bump, ledger rows and hooks); all commit or none,
   * and the events of every step are published after the commit. `em` reads in that transaction between steps.
   */
  async together<T>(work: (step: Step, em: EntityManager) => Promise<T>): Promise<T> {
    const events: DomainEvent[] = [];
    const result = await inTransaction(this.ds, (em) => work((messageId, opts, w) => this.step(em, events, messageId, opts, w), em));
    this.publish(events);
    return result;
  }

  private async step<T>(em: EntityManager, events: DomainEvent[], messageId: number, opts: StepOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
    const message = await em.getRepository(Message).findOneBy({ id: messageId });
    if (!message) throw notFound('Message', messageId);
    await opts.check?.(message, em);
    // An archived message (归档) is read-only to everyone: staff, citizens, API clients and jobs alike.
    const archived = archivedRefusal(message.archivedAt);
    if (archived) throw invalidTransition(archived.message, { state: message.state }, { reason: archived.reason });
    if (opts.expectedVersion != null && opts.expectedVersion !== message.version) {
      throw versionConflict(`message changed: version ${message.version}, expected ${opts.expectedVersion}`);
    }
    const entries: LedgerEntry[] = [];
    const patch: Partial<Message> = {};
    const apply = (p: Partial<Message>) => {
      Object.assign(patch, p);
      Object.assign(message, p);
    };
    const tx: Tx = {
      em,
      message,
      now: opts.now ?? this.now(),
      actor: opts.actor,
      log: (e) => entries.push(e),
      patch: apply,
      move: (row, p = {}, to) => apply({ ...p, state: targetOf('Message', row, message.state, to) }),
    };
    const out = await work(tx);
    if (opts.recordOnly) {
      if (Object.keys(patch).length) throw new Error('a record-only step changed the message');
    } else {
      const res = await em
        .createQueryBuilder()
        .update(Message)
        .set({ ...patch, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :v', { id: messageId, v: message.version })
        .execute();
      if (!res.affected) throw versionConflict();
      message.version += 1;
    }
    const mine: DomainEvent[] = [];
    for (const e of entries) mine.push(await appendEvent(em, messageId, opts.actor, e, tx.now));
    for (const hook of this.hooks) await hook(em, mine, opts.actor);
    events.push(...mine);
    return out;
  }

  /**
   * For a new message: inserts its first ledger row in the caller's transaction (one statement: nothing is read back);
   * returns the event to publish after commit.
   */
  async appendCreated(em: EntityManager, message: Message, actor: Actor, payload: Record<string, unknown>): Promise<DomainEvent> {
    const at = message.submittedAt;
    const result = await insertRows(em, MessageEvent, [
      em.getRepository(MessageEvent).create({
        messageId: message.id,
        assignmentId: null,
        action: LedgerAction.CREATED,
        fromState: null,
        toState: message.state,
        actorKind: actor.kind,
        actorUserId: actor.userId,
        actorUnitId: actor.unitId,
        payload,
        notifyUnitIds: [],
        createdAt: at,
      }),
    ]);
    return { type: LedgerAction.CREATED, messageId: message.id, eventId: insertedId(result), assignmentId: null, unitIds: [], at, payload };
  }

  /** CREATED entries of many new messages in one statement (bulk intake), with the events to publish after commit. */
  async appendCreatedMany(em: EntityManager, messages: Message[], actor: Actor): Promise<DomainEvent[]> {
    if (!messages.length) return [];
    const repo = em.getRepository(MessageEvent);
    const rows = messages.map((m) =>
      repo.create({
        messageId: m.id,
        assignmentId: null,
        action: LedgerAction.CREATED,
        fromState: null,
        toState: m.state,
        actorKind: actor.kind,
        actorUserId: actor.userId,
        actorUnitId: actor.unitId,
        payload: { channel: m.channel, type: m.type, bulk: true },
        notifyUnitIds: [],
        createdAt: m.submittedAt,
      }),
    );
    const ids = await insertedIds(em, await insertRows(em, MessageEvent, rows), rows.length);
    // the ids: from the insert where the database gives them consecutively, else read back
    const saved = ids
      ? rows.map((e, k) => Object.assign(e, { id: ids[k] }))
      : await repo.find({
          select: { id: true, messageId: true, createdAt: true, payload: true },
          where: { messageId: In(messages.map((m) => m.id)), action: LedgerAction.CREATED },
        });
    return saved.map((e) => ({
      type: LedgerAction.CREATED,
      messageId: e.messageId,
      eventId: e.id,
      assignmentId: null,
      unitIds: [],
      at: e.createdAt,
      payload: e.payload,
    }));
  }

  /** Publishes committed events to subscribers, then tells this instance's after-commit listeners. */
  publish(events: DomainEvent[]) {
    this.bus.publish(events);
    for (const listener of this.committedListeners) listener(events);
  }

  private readonly committedListeners: Array<(events: DomainEvent[]) => void> = [];

  /**
   * Work that follows a commit on the instance that committed it (e.g. the analysis index), unlike bus
   * subscribers, which every instance hears. Listeners must not throw and should only queue work.
   */
  onCommitted(listener: (events: DomainEvent[]) => void): void {
    this.committedListeners.push(listener);
  }
}

async function appendEvent(em: EntityManager, messageId: number, actor: Actor, e: LedgerEntry, at: Date): Promise<DomainEvent> {
  const row = em.getRepository(MessageEvent).create({
    messageId,
    assignmentId: e.assignmentId ?? null,
    action: e.action,
    fromState: e.fromState ?? null,
    toState: e.toState ?? null,
    actorKind: actor.kind,
    actorUserId: actor.userId,
    actorUnitId: e.unitId ?? actor.unitId,
    payload: e.payload ?? null,
    notifyUnitIds: e.notifyUnitIds ?? [],
    createdAt: at,
  });
  const saved = await em.getRepository(MessageEvent).save(row);
  return {
    type: e.action,
    messageId,
    eventId: saved.id,
    assignmentId: e.assignmentId ?? null,
    unitIds: e.notifyUnitIds ?? [],
    at,
    payload: e.payload ?? null,
  };
}

/**
 * The workflow runner: every change to a message runs here, in one transaction that
 *  1. loads the message (CONFLICT when the caller's expected version is stale),
 *  2. applies the change,
 *  3. bumps the message's version with `WHERE version = <loaded>` (CONFLICT for the loser of a race),
 *  4. appends the ledger rows (台账),
 * and only after commit publishes the domain events.
 */
import { In } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../db/transaction';
import type { DomainEvent, EventBus } from '../../events/bus';
import { conflict, notFound } from '../../graphql/errors';
import { Message } from '../message/message.entity';
import { ActorKind } from '../message/message.enums';
import { MessageEvent } from './message-event.entity';

export interface Actor {
  kind: ActorKind;
  userId: number | null;
  unitId: number | null;
}

export const SYSTEM_ACTOR: Actor = { kind: ActorKind.SYSTEM, userId: null, unitId: null };

export interface LedgerEntry {
  action: string;
  assignmentId?: number | null;
  fromState?: string | null;
  toState?: string | null;
  /** The unit concerned (defaults to the actor's unit). */
  unitId?: number | null;
  payload?: Record<string, unknown> | null;
  /** Units whose inboxes hear of it (published after commit). */
  notifyUnitIds?: number[];
}

export interface Tx {
  em: EntityManager;
  message: Message;
  now: Date;
  actor: Actor;
  /** Records a ledger row (written at commit of the step, with the version bump). */
  log(entry: LedgerEntry): void;
  /** Changes to the message row, applied with the version check. */
  patch(p: Partial<Message>): void;
}

export class Workflow {
  /** The workflow's clock: real time, except while the demo data set replays a history. */
  now: () => Date = () => new Date();

  constructor(private readonly ds: DataSource, private readonly bus: EventBus) {}

  async run<T>(messageId: number, opts: { actor: Actor; expectedVersion?: number | null; now?: Date }, work: (tx: Tx) => Promise<T>): Promise<T> {
    const events: DomainEvent[] = [];
    const result = await inTransaction(this.ds, async (em) => {
      const message = await em.getRepository(Message).findOneBy({ id: messageId });
      if (!message) throw notFound('Message', messageId);
      if (opts.expectedVersion != null && opts.expectedVersion !== message.version) {
        throw conflict(`留言已被他人修改，请刷新后重试 (message changed: version ${message.version}, expected ${opts.expectedVersion})`);
      }
      const entries: LedgerEntry[] = [];
      const patch: Partial<Message> = {};
      const tx: Tx = {
        em, message, now: opts.now ?? this.now(), actor: opts.actor,
        log: (e) => entries.push(e),
        patch: (p) => { Object.assign(patch, p); Object.assign(message, p); },
      };
      const out = await work(tx);
      const res = await em.createQueryBuilder().update(Message)
        .set({ ...patch, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :v', { id: messageId, v: message.version })
        .execute();
      if (!res.affected) throw conflict('留言已被他人修改，请刷新后重试 (message changed concurrently)');
      message.version += 1;
      for (const e of entries) events.push(await appendEvent(em, messageId, opts.actor, e, tx.now));
      return out;
    });
    this.bus.publish(events);
    return result;
  }

  /** For a new message: inserts its first ledger row in the caller's transaction; returns the event to publish after commit. */
  appendCreated(em: EntityManager, message: Message, actor: Actor, payload: Record<string, unknown>): Promise<DomainEvent> {
    return appendEvent(em, message.id, actor, { action: 'CREATED', toState: message.state, payload }, message.submittedAt);
  }

  /** CREATED entries of many new messages in one statement (bulk intake), with the events to publish after commit. */
  async appendCreatedMany(em: EntityManager, messages: Message[], actor: Actor): Promise<DomainEvent[]> {
    if (!messages.length) return [];
    const repo = em.getRepository(MessageEvent);
    await repo.createQueryBuilder().insert().into(MessageEvent).updateEntity(false).values(messages.map((m) => ({
      messageId: m.id, assignmentId: null, action: 'CREATED', fromState: null, toState: m.state, actorKind: actor.kind, actorUserId: actor.userId,
      actorUnitId: actor.unitId, payload: { channel: m.channel, type: m.type, bulk: true }, createdAt: m.submittedAt,
    }))).execute();
    const saved = await repo.find({ select: { id: true, messageId: true, createdAt: true, payload: true }, where: { messageId: In(messages.map((m) => m.id)), action: 'CREATED' } });
    return saved.map((e) => ({ type: 'CREATED', messageId: e.messageId, eventId: e.id, assignmentId: null, unitIds: [], at: e.createdAt, payload: e.payload }));
  }

  publish(events: DomainEvent[]) {
    this.bus.publish(events);
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
    createdAt: at,
  });
  const saved = await em.getRepository(MessageEvent).save(row);
  return {
    type: e.action, messageId, eventId: saved.id, assignmentId: e.assignmentId ?? null,
    unitIds: e.notifyUnitIds ?? [], at, payload: e.payload ?? null,
  };
}

/**
 * Live events for subscriptions: an async iterator over the event bus, filtered per event by what the
 * subscriber may see, optionally preceded by a replay from the ledger (resumption after a blip).
 */
import { DataSource, In, MoreThan } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import type { DomainEvent, EventBus } from '../../events/bus';
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

const REVIEW_EVENTS = new Set(['REPLY_SUBMITTED', 'REPLY_APPROVED', 'REPLY_REJECTED', 'REPLY_PUBLISHED']);

export class RealtimeService {
  private readonly unitPaths = new Map<number, string>();

  constructor(private readonly ds: DataSource, private readonly bus: EventBus) {}

  /** Events for a unit's inbox (the unit and the units below it). */
  assignmentEvents(unitPath: string, afterEventId?: number): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => (await this.pathsOf(e.unitIds)).some((p) => p.startsWith(unitPath)), afterEventId ? { afterEventId, unitPath } : undefined);
  }

  /** A message's ledger as it grows. */
  messageEvents(messageId: number, afterEventId?: number): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => e.messageId === messageId, afterEventId ? { afterEventId, messageId } : undefined);
  }

  /** Replies entering or leaving the viewer's review level. */
  reviewEvents(viewer: StaffViewer): AsyncIterableIterator<LiveEvent> {
    return this.stream(async (e) => REVIEW_EVENTS.has(e.type) && (!isUnitScoped(viewer) || (await this.pathsOf(e.unitIds)).some((p) => p.startsWith(viewer.unitPath))));
  }

  private stream(accept: (e: DomainEvent) => Promise<boolean>, replay?: { afterEventId: number; messageId?: number; unitPath?: string }): AsyncIterableIterator<LiveEvent> {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    let lastId = replay?.afterEventId ?? 0;
    const buffered: DomainEvent[] = [];
    let replaying = !!replay;
    const push = async (e: DomainEvent) => {
      if (replaying) { buffered.push(e); return; }
      if (e.eventId && e.eventId <= lastId) return; // already delivered (replay overlap)
      if (!(await accept(e))) return;
      if (e.eventId) lastId = Math.max(lastId, e.eventId);
      queue.push(await this.enrich(e));
      wake?.();
    };
    const unsubscribe = this.bus.subscribe((e) => void push(e));
    if (replay) {
      void (async () => {
        const rows = await this.ds.getRepository(MessageEvent).find({
          where: { id: MoreThan(replay.afterEventId), ...(replay.messageId ? { messageId: replay.messageId } : {}) }, order: { id: 'ASC' }, take: 1000,
        });
        replaying = false;
        for (const r of rows) {
          const units = r.actorUnitId ? [r.actorUnitId] : [];
          const e: DomainEvent = { type: r.action, messageId: r.messageId, eventId: r.id, assignmentId: r.assignmentId, unitIds: replay.unitPath ? await this.unitsOfMessage(r.messageId, units) : units, at: r.createdAt, payload: r.payload };
          await push(e);
        }
        for (const e of buffered.splice(0)) await push(e);
      })();
    }
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

  /** For replayed entries: the units of the message's assignments, so inbox filters match as live events do. */
  private async unitsOfMessage(messageId: number, extra: number[]): Promise<number[]> {
    const rows: Array<{ unitId: number }> = await this.ds.query(`SELECT unitId FROM assignment WHERE messageId = ?`, [messageId]);
    return [...new Set([...extra, ...rows.map((r) => Number(r.unitId))])];
  }

  private async enrich(e: DomainEvent): Promise<LiveEvent> {
    const m = await this.ds.getRepository(Message).findOne({ where: { id: e.messageId }, select: { id: true, serialNo: true, title: true } });
    return { type: e.type, eventId: e.eventId ?? null, messageId: e.messageId, serialNo: m?.serialNo ?? '', title: m?.title ?? '', assignmentId: e.assignmentId ?? null, unitIds: e.unitIds, at: e.at, payload: e.payload ?? null };
  }

  private async pathsOf(ids: number[]): Promise<string[]> {
    const missing = ids.filter((id) => !this.unitPaths.has(id));
    if (missing.length) for (const u of await this.ds.getRepository(Unit).findBy({ id: In(missing) })) this.unitPaths.set(u.id, u.path);
    return ids.map((id) => this.unitPaths.get(id)).filter((p): p is string => !!p);
  }
}

/**
 * Keeps the analysis index current: after each commit on this instance (Workflow.onCommitted), new messages
 * are indexed, changed messages refreshed and published final replies counted as templates, one batch at a
 * time in the background (a request never waits for it). At start, and every job tick, messages newer than
 * the newest indexed one are picked up too (an instance that stopped between a commit and its indexing).
 * An empty index over a large message table is left to `npm run analysis:rebuild`.
 */
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { DomainEvent } from '../../events/bus';
import { Message } from '../message/message.entity';
import { Reply } from '../reply/reply.entity';
import { ReplyKind } from '../message/message.enums';
import { AnalysisDoc, AnalysisReplyTemplate } from './analysis.entities';
import type { AnalysisIndex } from './analysis.index';
import { rebuildRunning } from './analysis.rebuildMarker';
import { templateHash, templateText } from './replyChecks';
import { LedgerAction } from '../ledger/ledger-action';

/** Without an index, the server indexes an existing message table itself only up to this size. */
export const CATCH_UP_LIMIT = 20_000;
/** How far below the newest indexed message the catch-up looks for messages left out. */
const CATCH_UP_WINDOW = 5_000;
/** How often a queue held back by a rebuild looks whether it is over. */
export const REBUILD_POLL_MS = 10_000;
/** Events that change nothing the analysis keeps. */
const IGNORED = new Set<string>([LedgerAction.PII_VIEWED, LedgerAction.OVERDUE, LedgerAction.DUE_SOON, LedgerAction.SIGN_OVERDUE]);

export interface AnalysisLog {
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export class AnalysisQueue {
  private readonly toIndex = new Set<number>();
  private readonly toRefresh = new Set<number>();
  private readonly replies = new Set<number>();
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private busy = false;
  /** From start() until its first catch-up has queued what it found: work under way that `pending` counts. */
  private starting = false;
  private warned = false;
  /** Batches that failed (logged; the messages are picked up by the next catch-up or a rebuild). */
  failures = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly index: AnalysisIndex,
    private readonly log: AnalysisLog,
  ) {}

  /** Called after commit with the committed events: only queues work. */
  onCommitted = (events: DomainEvent[]): void => {
    if (this.stopped) return;
    for (const e of events) {
      if (e.type === LedgerAction.CREATED) this.toIndex.add(e.messageId);
      else if (!IGNORED.has(e.type)) this.toRefresh.add(e.messageId);
      if (e.type === LedgerAction.REPLY_PUBLISHED && typeof e.payload?.replyId === 'number') this.replies.add(e.payload.replyId);
    }
    this.wake?.();
  };

  /** Starts the background worker (in the context of the caller, not of any request). */
  start(): void {
    if (this.running) return;
    this.starting = true;
    this.running = this.loop();
  }

  /**
   * Work still queued or under way: a batch under way counts 1, and so does the start (loading the segmenter, then the
   * first catch-up), so that 0 right after a start means that the catch-up found nothing, not that it has not looked yet.
   */
  get pending(): number {
    return this.toIndex.size + this.toRefresh.size + this.replies.size + (this.busy || this.starting ? 1 : 0);
  }

  /** Stops after the batch under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    // the segmenter's dictionary is loaded at start (synchronous work of about half a second), not in the middle of the
    // first requests after the first commit
    await this.index.segmenter().catch((e) => this.log.error('[analysis] loading the segmenter failed', e));
    // the category vocabulary of each class set is counted now, in the background, not in the first suggestions
    void this.index.warmVocabulary();
    await this.catchUp().catch((e) => this.log.error('[analysis] catch-up failed', e));
    this.starting = false;
    let heldBack = false;
    while (!this.stopped) {
      if (!this.pending) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.stopped) break;
      // a rebuild is writing the whole index: keep the work queued, look again a little later
      if (await rebuildRunning(this.ds).catch(() => false)) {
        heldBack = true;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, REBUILD_POLL_MS).unref();
        });
        this.wake = null;
        continue;
      }
      if (heldBack) {
        // the index was written anew: counts cached before it are stale
        this.index.reset();
        void this.index.warmVocabulary();
        heldBack = false;
      }
      this.busy = true;
      const index = [...this.toIndex].slice(0, 200);
      index.forEach((id) => this.toIndex.delete(id));
      const refresh = index.length ? [] : [...this.toRefresh].slice(0, 200);
      refresh.forEach((id) => this.toRefresh.delete(id));
      const replies = index.length || refresh.length ? [] : [...this.replies].slice(0, 200);
      replies.forEach((id) => this.replies.delete(id));
      try {
        if (index.length) await this.index.indexMessages(index);
        if (refresh.length) await this.index.refresh(refresh);
        if (replies.length) await this.countTemplates(replies);
      } catch (e) {
        this.failures++;
        if (!this.stopped) this.log.error('[analysis] indexing failed', e);
      } finally {
        this.busy = false;
      }
    }
  }

  /**
   * Queues the messages not yet indexed among the newest ones (ids above the newest indexed one less
   * `CATCH_UP_WINDOW`); the whole table when the index is empty and the table small. Returns how many.
   */
  async catchUp(): Promise<number> {
    // during a rebuild the index is being written from scratch: the next tick after it looks again
    if (await rebuildRunning(this.ds)) return 0;
    const newest = await this.ds.getRepository(AnalysisDoc).createQueryBuilder('d').select('MAX(d.messageId)', 'n').getRawOne();
    const top = Number(newest?.n ?? 0);
    if (!top) {
      const total = await this.ds.getRepository(Message).count();
      if (total > CATCH_UP_LIMIT) {
        if (!this.warned)
          this.log.warn(
            `[analysis] ${total} messages are not indexed: run \`npm run analysis:rebuild\` (similar messages, hot problems and suggestions need it)`,
          );
        this.warned = true;
        return 0;
      }
    }
    const rows: Array<{ id: number }> = await this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .leftJoin(AnalysisDoc, 'd', 'd.messageId = m.id')
      .where('m.id > :floor AND d.messageId IS NULL', { floor: Math.max(0, top - CATCH_UP_WINDOW) })
      .orderBy('m.id', 'ASC')
      .limit(CATCH_UP_LIMIT)
      .getRawMany();
    for (const r of rows) this.toIndex.add(Number(r.id));
    if (rows.length) this.wake?.();
    return rows.length;
  }

  /** Published final replies counted by template text. */
  async countTemplates(replyIds: number[]): Promise<void> {
    const replies = await this.ds.getRepository(Reply).findBy({ id: In(replyIds), kind: ReplyKind.FINAL });
    for (const r of replies) await addTemplateUse(this.ds, r.content);
  }
}

/** One more published reply with this template text. */
export async function addTemplateUse(ds: DataSource, content: string, uses = 1): Promise<void> {
  const mysql = ds.options.type !== 'better-sqlite3';
  const sample = templateText(content).slice(0, 200);
  await ds.query(
    mysql
      ? 'INSERT INTO analysis_reply_template (hash, uses, sample) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE uses = uses + VALUES(uses)'
      : 'INSERT INTO analysis_reply_template (hash, uses, sample) VALUES (?, ?, ?) ON CONFLICT (hash) DO UPDATE SET uses = uses + excluded.uses',
    [templateHash(content), uses, sample],
  );
}

export async function templateUses(ds: DataSource, content: string): Promise<number> {
  return (await ds.getRepository(AnalysisReplyTemplate).findOneBy({ hash: templateHash(content) }))?.uses ?? 0;
}

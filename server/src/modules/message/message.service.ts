/**
 * Messages: intake (idempotent on channel + externalId), screening (accept, invalid, merge, duplicate
 * suggestions), listing within the viewer's reach, privacy (masked PII, logged reveal), hold/resume,
 * and the context that the state machines judge actions against.
 */
import { evaluationCache } from '../../common/blockedAction';
import crypto from 'node:crypto';
import { Brackets, DataSource, EntityManager, In, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { isUnitScoped, StaffViewer } from '../../auth/viewer';
import { unitInScope } from '../../auth/scope';
import { cappedCount, pageByIds, pageOf, TOTAL_CAP } from '../../common/listing';
import { whereMessagesUnder } from './message.where';
import { entitySelect, placeholders, readEntity, sqlName, sqlOnce } from '../../db/rows';
import { LIKE_ESCAPE, likeEscape, parseId } from '../../common/text';
import { DEADLOCK_ATTEMPTS, insertedId, inTransaction, isDeadlock, isUniqueViolation } from '../../db/transaction';
import { insertedIds, insertRowIf, insertRows } from '../../db/bulkInsert';
import { Page, SortDirection, toConnection } from '../../graphql/connection';
import { badInput, conflict, forbidden, notFound, ErrorReason } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { Unit, UnitKind } from '../unit/unit.entity';
import { Role, User } from '../user/user.entity';
import { Assignment } from '../assignment/assignment.entity';
import { Actor, Step, Tx, Workflow } from '../ledger/ledger';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from './message.entity';
import {
  ActorKind,
  AssignmentRole,
  AssignmentState,
  Channel,
  InvalidReason,
  MessageState,
  MessageType,
  UNFINISHED_REPLY_STATES,
  WarningLevel,
} from './message.enums';
import { Reply } from '../reply/reply.entity';
import { CreateMessageInput, MessageFilter, MessagePii, MessageSort, MessageSortField } from './message.inputs';
import { MESSAGE_MACHINE, MessageAction, MessageEnv } from './message.transitions';
import type { Loaders } from '../../graphql/loaders';

/** The request's loaders a read of a message's guard inputs uses (so a field costs no statement of its own). */
export type MessageReads = Pick<Loaders, 'assignmentsByMessage' | 'unit'>;
/** The request's loaders a timeline read primes with the units and users of its entries. */
export type TimelineReads = Pick<Loaders, 'unit' | 'user'>;
import type { Transition } from '../../common/stateMachine';
import { normalizePhone } from './phone';
import { applyMessageVisibility } from './message.visibility';
import { maskAddress, maskIdNumber, maskIp, maskName, maskPhone } from './pii';
import { HANDLING_STATES, isIn, NOT_TAKEN_UP_STATES, READABLE_ASSIGNMENT_STATES } from './message.states';
import { shanghaiCompactDay } from '../../common/shanghai';
import { LedgerAction } from '../ledger/ledger-action';
import type { OtherMatch, SearchService } from '../search/search.service';

export { ACTIVE_ASSIGNMENT_STATES, READABLE_ASSIGNMENT_STATES } from './message.states';
/** Messages per bulk intake call. */
export const IMPORT_MAX = 500;
/** Query codes: 8 characters from these (no 0/O, 1/I to mix up). */
export const QUERY_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const staffActor = (v: StaffViewer): Actor => ({ kind: ActorKind.STAFF, userId: v.userId, unitId: v.unitId });

/** The ids a new message refers to, checked. */
export interface MessageRefs {
  categoryId: number | null;
  regionUnitId: number | null;
  addressedLeaderId: number | null;
  addressedUnitId: number | null;
}

export interface CreatedMessage {
  message: Message;
  queryCode: string | null;
  deduplicated: boolean;
}

/** Entered messages are dated at the earliest 2000-01-01 (the year 0 or 1970 are typing mistakes, and break deadlines and statistics). */
const EARLIEST_SUBMISSION = Date.UTC(2000, 0, 1);

export class MessageService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly workflow: Workflow,
    /** The full-text index (docs/search.md): written with each new message, read by the keyword search. */
    readonly search: SearchService,
  ) {}

  // ── intake ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates a message; with an externalId, a repeat returns the first message instead (idempotent). A repeat must
   * be the same submission (the hash of its fields, CONFLICT otherwise), and it carries the query code only when it
   * comes from whoever the code was issued to: the same API client (`apiClientId`), or the same staff user.
   *
   * Cheap (docs/limits.md, "Intake"): the hashes, the query code and the index text are made before the transaction,
   * which writes four rows and reads nothing (message, its serial number, index row, ledger row). The references
   * (category, region, leader, unit) are checked by the message's insert itself (`insertRowIf`: its serial number
   * placeholder is NULL, which the database refuses, unless they exist);
   * only when it refuses the row are they read, to answer with the error of the first bad one. A repeat is found by
   * the unique index on (channel, externalId) refusing the insert, not by a read before every submission.
   */
  async create(input: CreateMessageInput, actor: Actor, ip: string | null, apiClientId: number | null = null): Promise<CreatedMessage> {
    const submittedAt = this.checkIntake(input);
    const fields = submittedFields(input);
    const hash = submissionHash(fields);
    const submitter = { apiClientId, userId: actor.kind === ActorKind.STAFF ? actor.userId : null };
    const repeat = async () => (input.externalId ? this.ds.getRepository(Message).findOneBy({ channel: input.channel, externalId: input.externalId }) : null);
    // A bad reference is refused with its own error after a repeat is looked for: a repeat answers as it always did,
    // even if a category or unit it names was disabled since. Null when the read finds every reference good.
    const refused = async (): Promise<CreatedMessage | null> => {
      try {
        await this.checkReferencesMany([input]);
      } catch (e) {
        const existing = await repeat();
        if (existing) return this.repeated(existing, hash, submitter);
        throw e;
      }
      return null;
    };
    let refs: MessageRefs;
    try {
      refs = parseReferences(input);
    } catch (e) {
      // a malformed id: refused as always, unless the submission repeats an earlier one
      const answer = await refused();
      if (answer) return answer;
      throw e;
    }
    const queryCode = input.externalId ? this.queryCodeFor(input.channel, input.externalId) : randomQueryCode();
    const row = this.newRow(input, fields, refs, submittedAt, actor, ip, hash, apiClientId, placeholderSerials()(0));
    const [body] = await this.search.bodies([row]);
    const guard = referencesExist(refs);
    const indexed: number[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        const { message, event } = await inTransaction(this.ds, async (em) => {
          // the references are checked by the insert itself (no read before it); refused, nothing is written
          const id = guard ? await insertRowIf(em, Message, row as Message, 'serialNo', guard) : insertedId(await insertRows(em, Message, [row as Message]));
          if (id === null) throw REFERENCE_REFUSED;
          const serialNo = serialNumber(submittedAt, id);
          const queryCodeHash = hashQueryCode(serialNo, queryCode);
          // the row as stored: the update bumps its version (as every update of a message does)
          const saved = Object.assign(new Message(), row, { id, serialNo, queryCodeHash, version: row.version + 1 });
          await setSerials(em, [saved], row.updatedAt);
          await this.search.write(em, [{ id, submittedAt, body }]);
          indexed.push(id);
          return { message: saved, event: await this.workflow.appendCreated(em, saved, actor, { channel: saved.channel, type: saved.type }) };
        });
        this.workflow.publish([event]);
        return { message, queryCode, deduplicated: false };
      } catch (e) {
        await this.search.forget(indexed.splice(0));
        if (e === REFERENCE_REFUSED) {
          // the read says which reference and answers with its error; all found (changed meanwhile): the insert again
          const answer = await refused();
          if (answer) return answer;
          if (attempt < DEADLOCK_ATTEMPTS) continue;
          throw new Error("a new message's references were refused by the insert but found by the read");
        }
        if (isDeadlock(e) && attempt < DEADLOCK_ATTEMPTS) continue; // rolled back whole: runs again
        // A repeat (or two submissions with one externalId that raced): the unique index refused the insert.
        if (input.externalId && isUniqueViolation(e)) {
          const existing = await repeat();
          if (existing) return this.repeated(existing, hash, submitter);
        }
        throw e;
      }
    }
  }

  /**
   * A repeat of (channel, externalId): CONFLICT unless it is the same submission; the query code only for the
   * submitter it was issued to (the same API client, or the same staff user), otherwise null.
   */
  private repeated(existing: Message, hash: string, submitter: { apiClientId: number | null; userId: number | null }): CreatedMessage {
    if ((existing.submissionHash ?? submissionHash(existing)) !== hash) {
      throw conflict('该 externalId 已用于另一条内容不同的留言 (externalId already used for a different submission)', {
        reason: ErrorReason.EXTERNAL_ID_TAKEN,
      });
    }
    const sameSubmitter =
      submitter.apiClientId !== null
        ? submittingClientOf(existing) === submitter.apiClientId
        : submittingClientOf(existing) === null && submitter.userId !== null && existing.createdById === submitter.userId;
    return { message: existing, queryCode: sameSubmitter ? this.queryCodeFor(existing.channel, existing.externalId!) : null, deduplicated: true };
  }

  /**
   * Bulk intake (批量导入), e.g. from a hotline system: up to 500 messages in one transaction, a handful of
   * statements whatever the count. Every message is checked as by `create` first; one bad message refuses
   * the whole batch (nothing half-imported). Messages whose (channel, externalId) already exists are skipped.
   */
  async importMany(inputs: CreateMessageInput[], actor: Actor): Promise<{ created: Array<{ message: Message; queryCode: string }>; skipped: string[] }> {
    if (!inputs.length || inputs.length > IMPORT_MAX) throw badInput('messages', `一次导入 1-${IMPORT_MAX} 条 (1-${IMPORT_MAX} messages per call)`);
    const dates = inputs.map((input, i) => this.checkIntake(input, `messages.${i}`));
    // the references and the messages already stored under the batch's (channel, externalId): one statement
    const withExternal = inputs.filter((i) => i.externalId);
    const { refs, existing } = await this.readReferences(
      inputs,
      withExternal.length ? { channels: [...new Set(withExternal.map((i) => i.channel))], externalIds: withExternal.map((i) => i.externalId!) } : null,
    );
    const externalKey = (i: CreateMessageInput) => (i.externalId ? `${i.channel}:${i.externalId}` : null);
    const keys = withExternal.map((i) => externalKey(i)!);
    if (new Set(keys).size !== keys.length) throw badInput('messages', '同一批中 externalId 重复 (the same externalId twice in one batch)');
    const skip = new Set(existing.map((m) => `${m.channel}:${m.externalId}`));
    // A repeat is skipped only when it is the same submission; other content under a used externalId is refused. A
    // message stored without its hash (before hashes were kept) is read whole to compute it.
    const unhashed = existing.filter((m) => m.submissionHash === null).map((m) => m.id);
    const legacy = new Map((unhashed.length ? await this.ds.getRepository(Message).findBy({ id: In(unhashed) }) : []).map((m) => [m.id, submissionHash(m)]));
    const hashOf = new Map(existing.map((m) => [`${m.channel}:${m.externalId}`, m.submissionHash ?? legacy.get(m.id)!]));
    const fields = inputs.map((input) => submittedFields(input));
    const hashes = fields.map((f) => submissionHash(f));
    inputs.forEach((input, i) => {
      const key = externalKey(input);
      if (key && hashOf.has(key) && hashOf.get(key) !== hashes[i]) {
        throw conflict(`externalId ${input.externalId} 已用于另一条内容不同的留言 (already used for a different submission)`, {
          reason: ErrorReason.EXTERNAL_ID_TAKEN,
        });
      }
    });
    const fresh = inputs.map((input, i) => i).filter((i) => !skip.has(externalKey(inputs[i]) ?? ''));
    if (!fresh.length) return { created: [], skipped: [...skip] };
    // Everything that needs no id is made before the transaction: the rows, the query codes, the index text.
    const placeholder = placeholderSerials();
    const rows = fresh.map((i, k) => this.newRow(inputs[i], fields[i], refs[i], dates[i], actor, null, hashes[i], null, placeholder(k)));
    const codes = fresh.map((i) => (inputs[i].externalId ? this.queryCodeFor(inputs[i].channel, inputs[i].externalId!) : randomQueryCode()));
    const bodies = await this.search.bodies(rows);
    const indexed: number[] = [];
    // A deadlock's victim (two imports at once on MySQL/MariaDB) was rolled back whole: it runs again, twice at most.
    for (let attempt = 1; ; attempt++) {
      try {
        const { created, events } = await this.importTransaction(rows, codes, bodies, actor, indexed);
        this.workflow.publish(events);
        return { created, skipped: [...skip] };
      } catch (e) {
        await this.search.forget(indexed.splice(0));
        if (!isDeadlock(e) || attempt >= DEADLOCK_ATTEMPTS) throw e;
      }
    }
  }

  /** The writes of an import call, in one transaction; `indexed` collects the ids given index rows (see `forget`). */
  private importTransaction(rows: Array<Omit<Message, 'id'>>, codes: string[], bodies: Array<string | null>, actor: Actor, indexed: number[]) {
    return inTransaction(this.ds, async (em) => {
      const inserted = await insertRows(em, Message, rows as Message[]);
      // the ids: from the insert where the database gives them consecutively (MariaDB's default), else read back by the
      // unique temporary serial numbers (one statement)
      let ids = await insertedIds(em, inserted, rows.length);
      if (!ids) {
        const read = await em
          .createQueryBuilder()
          .select('m.id', 'id')
          .addSelect('m.serialNo', 'serialNo')
          .from(Message, 'm')
          .where('m.serialNo IN (:...tmp)', { tmp: rows.map((r) => r.serialNo) })
          .getRawMany<{ id: number | string; serialNo: string }>();
        const idOf = new Map(read.map((m) => [m.serialNo, Number(m.id)]));
        ids = rows.map((r) => idOf.get(r.serialNo)!);
      }
      const saved = rows.map((r, k) => {
        const id = ids[k];
        const serialNo = serialNumber(r.submittedAt, id);
        // the row as stored after the update below, which bumps its version (as every update of a message does)
        return Object.assign(new Message(), r, { id, serialNo, queryCodeHash: hashQueryCode(serialNo, codes[k]), version: r.version + 1 });
      });
      await setSerials(em, saved, rows[0].updatedAt);
      await this.search.write(
        em,
        saved.map((m, k) => ({ id: m.id, submittedAt: m.submittedAt, body: bodies[k] })),
      );
      indexed.push(...saved.map((m) => m.id));
      return {
        created: saved.map((message, k) => ({ message, queryCode: codes[k] })),
        events: await this.workflow.appendCreatedMany(em, saved, actor),
      };
    });
  }

  /** Checks of a new message's own fields; returns its submission time. */
  private checkIntake(input: CreateMessageInput, path = ''): Date {
    const at = (f: string) => (path ? `${path}.${f}` : f);
    if (input.channel === Channel.EXTERNAL_SITE && !input.sourceUrl)
      throw badInput(at('sourceUrl'), '网络舆情须填写来源网址 (EXTERNAL_SITE needs sourceUrl)', { reason: ErrorReason.SOURCE_URL_REQUIRED });
    const submittedAt = input.submittedAt ?? new Date();
    if (submittedAt.getTime() > Date.now() + 60_000)
      throw badInput(at('submittedAt'), '留言时间不能晚于现在 (submittedAt is in the future)', { reason: ErrorReason.SUBMITTED_IN_FUTURE });
    if (submittedAt.getTime() < EARLIEST_SUBMISSION)
      throw badInput(at('submittedAt'), '留言时间不能早于 2000 年 (submittedAt before 2000)', { reason: ErrorReason.SUBMITTED_TOO_EARLY });
    return submittedAt;
  }

  /**
   * A new message's row with every column set (nothing is left to a database default), so that the row written is the
   * message returned without reading it back. Its serial number is a unique placeholder until its id is known.
   */
  private newRow(
    input: CreateMessageInput,
    fields: SubmittedFields,
    refs: MessageRefs,
    submittedAt: Date,
    actor: Actor,
    ip: string | null,
    hash: string,
    apiClientId: number | null,
    placeholder: string,
  ): Omit<Message, 'id'> {
    const now = new Date();
    return {
      createdAt: now,
      updatedAt: now,
      version: 1,
      serialNo: placeholder,
      queryCodeHash: '',
      ...fields,
      ...refs,
      ip,
      isComplex: false,
      state: MessageState.RECEIVED,
      invalidReason: null,
      screeningNote: null,
      duplicateOfId: null,
      leadUnitId: null,
      submittedAt,
      acceptedAt: null,
      assignedAt: null,
      firstResponseAt: null,
      repliedAt: null,
      closedAt: null,
      archivedAt: null,
      replyDueAt: null,
      yellowAt: null,
      onHoldSince: null,
      likes: input.likes ?? null,
      reopenCount: 0,
      citizenReopenUsed: false,
      createdById: actor.kind === ActorKind.STAFF ? actor.userId : null,
      submissionHash: hash,
      apiClientId,
    };
  }

  /** The query code of an idempotent submission is derived, so that a retry gets the same code back. */
  private queryCodeFor(channel: Channel, externalId: string): string {
    const mac = crypto.createHmac('sha256', this.config.jwtSecret).update(`query-code:${channel}:${externalId}`).digest();
    return [...mac.subarray(0, 8)].map((b) => QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length]).join('');
  }

  verifyQueryCode(message: Message, code: string): boolean {
    const expected = Buffer.from(message.queryCodeHash);
    const given = Buffer.from(hashQueryCode(message.serialNo, code.trim().toUpperCase()));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  /** Checks the ids a new message refers to (the API sandbox). */
  async checkReferences(input: CreateMessageInput): Promise<MessageRefs> {
    return (await this.checkReferencesMany([input]))[0];
  }

  /**
   * Checks the ids new messages refer to, with one read per table whatever their number (categories, units, leaders):
   * the first bad id, in the order of the messages and within one in the order category, region, leader, unit, is
   * refused with its own error, as a message checked alone would be.
   */
  async checkReferencesMany(inputs: CreateMessageInput[]): Promise<MessageRefs[]> {
    return (await this.readReferences(inputs, null)).refs;
  }

  /**
   * `checkReferencesMany`, and in the same statement (an import call), the stored messages under these channels and
   * externalIds (the unique index's two columns, so it is used): their id, channel, externalId and submission hash.
   */
  private async readReferences(
    inputs: CreateMessageInput[],
    external: { channels: string[]; externalIds: string[] } | null,
  ): Promise<{ refs: MessageRefs[]; existing: Array<{ id: number; channel: Channel; externalId: string; submissionHash: string | null }> }> {
    const refs: MessageRefs[] = [];
    let malformed: unknown = null;
    for (const input of inputs) {
      try {
        refs.push(parseReferences(input));
      } catch (e) {
        malformed = e; // refused after the messages before it are checked, as one by one
        break;
      }
    }
    // one statement for every rule of REFERENCE_RULES that the messages name ids for, each row saying whether the
    // rule's condition holds for it (plain SQL: a find per table cost more in TypeORM than in the database)
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const rule of REFERENCE_RULES) {
      const ids = [...new Set(refs.map((r) => r[rule.field]).filter((x): x is number => x !== null))];
      if (!ids.length) continue;
      parts.push(
        `SELECT '${rule.field}' AS t, id, CASE WHEN ${rule.where} THEN 1 ELSE 0 END AS holds, NULL AS kind, NULL AS externalId, NULL AS submissionHash FROM ${rule.table} WHERE id IN (${ids.map(() => '?').join(', ')})`,
      );
      params.push(...rule.params, ...ids);
    }
    if (external) {
      const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
      parts.push(
        `SELECT 'message' AS t, id, 0 AS holds, channel AS kind, externalId, submissionHash FROM message WHERE channel IN (${marks(external.channels.length)}) AND externalId IN (${marks(external.externalIds.length)})`,
      );
      params.push(...external.channels, ...external.externalIds);
    }
    const found: Array<{
      t: string;
      id: number | string;
      holds: number | string;
      kind: string | null;
      externalId: string | null;
      submissionHash: string | null;
    }> = parts.length ? await this.ds.query(parts.join(' UNION ALL '), params) : [];
    const existing = found
      .filter((r) => r.t === 'message')
      .map((r) => ({ id: Number(r.id), channel: r.kind as Channel, externalId: r.externalId!, submissionHash: r.submissionHash ?? null }));
    const accepted = new Set(found.filter((r) => r.t !== 'message' && Number(r.holds) === 1).map((r) => `${r.t}:${Number(r.id)}`));
    for (const ref of refs) {
      for (const rule of REFERENCE_RULES) {
        const id = ref[rule.field];
        if (id && !accepted.has(`${rule.field}:${id}`)) throw rule.refused(id);
      }
    }
    if (malformed) throw malformed;
    return { refs, existing };
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  // ── reach: outside it, a record answers exactly like a missing one ─────────────────────────────────
  //
  // The one rule (docs/security.md): a message, and every record that belongs to one (assignment, reply,
  // supervision, evaluation…), is NOT_FOUND "<What> not found: <id>" for a viewer who may not see the message, with
  // the very code and text of an id that does not exist, and before anything else of the request is looked at
  // (its version, its state, its other input). Within reach, what the viewer may not do is FORBIDDEN.

  /** The message if it exists and the viewer may see it; otherwise NOT_FOUND in the name of the record asked for. */
  async inReach(viewer: StaffViewer, message: Message | null, what: string, id: number | string, em: EntityManager = this.ds.manager): Promise<Message> {
    if (!message || !(await this.canView(viewer, message, em))) throw notFound(what, id);
    return message;
  }

  /** The message if the viewer may see it; NOT_FOUND otherwise (its existence is not revealed). */
  async getVisible(viewer: StaffViewer, id: number, em: EntityManager = this.ds.manager): Promise<Message> {
    return this.inReach(viewer, await em.getRepository(Message).findOneBy({ id }), 'Message', id, em);
  }

  /**
   * One message for the `message` query, read with its lead, region and addressed units and its category (one statement),
   * which answer the request's unit and category loaders (its fields and guards read them); the message itself answers
   * its message loader.
   */
  async getVisibleForRequest(viewer: StaffViewer, id: number, loaders: Loaders): Promise<Message> {
    // read by db/rows.ts: the statement's text built once, the rows hydrated without TypeORM's transformer (issue 19)
    const ds = this.ds;
    const unitOn = (alias: string, column: string) =>
      `LEFT JOIN ${sqlName(ds, Unit)} ${alias} ON ${alias}.${sqlName(ds, Unit, 'id')} = m.${sqlName(ds, Message, column)}`;
    const sql = sqlOnce(
      ds,
      'message.forRequest',
      () => `SELECT ${entitySelect(ds, Message, 'm')}, ${entitySelect(ds, Unit, 'mr')}, ${entitySelect(ds, Unit, 'ma')}, ${entitySelect(ds, Unit, 'ml')},
              ${entitySelect(ds, Category, 'mc')}
         FROM ${sqlName(ds, Message)} m ${unitOn('mr', 'regionUnitId')} ${unitOn('ma', 'addressedUnitId')} ${unitOn('ml', 'leadUnitId')}
         LEFT JOIN ${sqlName(ds, Category)} mc ON mc.${sqlName(ds, Category, 'id')} = m.${sqlName(ds, Message, 'categoryId')}
        WHERE m.${sqlName(ds, Message, 'id')} = ${placeholders(ds, [id])}`,
    );
    const [raw]: Array<Record<string, unknown>> = await ds.query(sql, [id]);
    const row = raw ? readEntity(ds, Message, 'm', raw) : null;
    const units = raw ? ['mr', 'ma', 'ml'].map((alias) => readEntity(ds, Unit, alias, raw)) : [];
    const category = raw ? readEntity(ds, Category, 'mc', raw) : null;
    const m = await this.inReach(viewer, row, 'Message', id, this.ds.manager);
    loaders.message.prime(m.id, m);
    for (const u of units) if (u) loaders.unit.prime(u.id, u);
    if (category) loaders.category.prime(category.id, category);
    return m;
  }

  /** The message, or null when it is missing or outside the viewer's reach (for fields that point at another message). */
  async visibleOrNull(viewer: StaffViewer, message: Message | null): Promise<Message | null> {
    return message && (await this.canView(viewer, message)) ? message : null;
  }

  /** A record that belongs to a message, read for a viewer: NOT_FOUND `<What> not found: <id>` when missing or out of reach. */
  async findInReach<R extends { messageId: number }>(
    viewer: StaffViewer,
    what: string,
    id: number,
    load: (em: EntityManager) => Promise<R | null>,
  ): Promise<R> {
    const em = this.ds.manager;
    const record = await load(em);
    await this.inReach(viewer, record ? await em.getRepository(Message).findOneBy({ id: record.messageId }) : null, what, id, em);
    return record!;
  }

  /**
   * Changes a record that belongs to a message, in the workflow (one transaction, version check, ledger): the reach
   * rule is checked first, on the rows read in the transaction, then the work runs with the record read there.
   */
  async actOnRecord<R extends { messageId: number }, T>(
    viewer: StaffViewer,
    what: string,
    id: number,
    load: (em: EntityManager) => Promise<R | null>,
    opts: { expectedVersion?: number | null },
    work: (tx: Tx, record: R) => Promise<T>,
  ): Promise<T> {
    const first = await load(this.ds.manager);
    if (!first) throw notFound(what, id);
    let record: R | null = null;
    return this.workflow.run(
      first.messageId,
      {
        actor: staffActor(viewer),
        expectedVersion: opts.expectedVersion,
        check: async (message, em) => {
          record = await load(em);
          if (!record || record.messageId !== message.id) throw notFound(what, id);
          await this.inReach(viewer, message, what, id, em);
        },
      },
      (tx) => work(tx, record!),
    );
  }

  async canView(viewer: StaffViewer, message: Message, em: EntityManager = this.ds.manager): Promise<boolean> {
    return !isUnitScoped(viewer) || canViewIn(viewer, await this.env(message, em));
  }

  async list(viewer: StaffViewer, filter: MessageFilter = {}, sort: MessageSort | undefined, page: Page) {
    const searched = await this.searchPage(viewer, filter, sort, page);
    if (searched) return searched;
    const qb = this.ds.getRepository(Message).createQueryBuilder('m');
    this.applyVisibility(qb, viewer);
    const score = await this.applyFilter(qb, filter, viewer);
    const dir = sort?.direction ?? SortDirection.DESC;
    const field = sort?.field ?? MessageSortField.SUBMITTED_AT;
    // By relevance to the keyword (most relevant first when DESC), ties newest first; without a keyword (or an index), by time.
    if (field === MessageSortField.RELEVANCE && score) qb.orderBy(score, dir).addOrderBy('m.submittedAt', 'DESC');
    else qb.orderBy({ SUBMITTED_AT: 'm.submittedAt', REPLY_DUE_AT: 'm.replyDueAt', UPDATED_AT: 'm.updatedAt', RELEVANCE: 'm.submittedAt' }[field], dir);
    qb.addOrderBy('m.id', dir);
    // A keyword's matches are sorted outside an index: sort their ids, then read the page's rows.
    return score ? pageByIds(qb, page) : pageOf(qb, page);
  }

  /**
   * The ledger (台账) of the messages the viewer may see, matching the list's filter, in id order, in
   * batches read by key (no OFFSET), so an export of any size streams in constant memory.
   */
  async *ledger(viewer: StaffViewer, filter: MessageFilter = {}, batchSize = 1000): AsyncGenerator<Message[]> {
    let after = 0;
    for (;;) {
      const qb = this.ds.getRepository(Message).createQueryBuilder('m');
      this.applyVisibility(qb, viewer);
      await this.applyFilter(qb, filter, viewer);
      const batch = await qb.andWhere('m.id > :after', { after }).orderBy('m.id', 'ASC').take(batchSize).getMany();
      if (!batch.length) return;
      yield batch;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1].id;
    }
  }

  /**
   * Unit roles see messages assigned to their subtree; leaders also those addressed to them or their region.
   * The query must have the message as alias `m` (its own root, or joined).
   */
  applyVisibility<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, viewer: StaffViewer) {
    applyMessageVisibility(qb, viewer);
  }

  /** Applies the list's filter; returns the column to sort by relevance when a keyword was searched in the full-text index. */
  private async applyFilter(qb: SelectQueryBuilder<Message>, f: MessageFilter, viewer: StaffViewer): Promise<string | null> {
    if (f.states?.length) qb.andWhere('m.state IN (:...states)', { states: f.states });
    if (f.types?.length) qb.andWhere('m.type IN (:...types)', { types: f.types });
    if (f.channels?.length) qb.andWhere('m.channel IN (:...channels)', { channels: f.channels });
    if (f.ids?.length) qb.andWhere('m.id IN (:...ids)', { ids: f.ids.map((id) => parseId('filter.ids', id)) });
    if (f.serialNo) qb.andWhere('m.serialNo = :serial', { serial: f.serialNo.trim().toUpperCase() });
    if (f.leaderId) qb.andWhere('m.addressedLeaderId = :leader', { leader: parseId('filter.leaderId', f.leaderId) });
    // 致我的留言: a leader's own messages; a user who is no leader has none.
    if (f.addressedToMe) qb.andWhere('m.addressedLeaderId = :me', { me: viewer.leaderId ?? 0 });
    await whereMessagesUnder(qb, f, ['unitId', 'regionUnitId']);
    if (f.submittedFrom) qb.andWhere('m.submittedAt >= :from', { from: f.submittedFrom });
    if (f.submittedTo) qb.andWhere('m.submittedAt < :to', { to: f.submittedTo });
    if (f.warningLevel) {
      const now = this.workflow.now();
      qb.andWhere('m.state IN (:...openStates)', { openStates: HANDLING_STATES });
      // on the deadline clock, which stops while the message is on hold (as warningOf does for one row)
      const clock = 'COALESCE(m.onHoldSince, :now)';
      if (f.warningLevel === WarningLevel.RED) qb.andWhere(`m.replyDueAt < ${clock}`, { now });
      else if (f.warningLevel === WarningLevel.YELLOW) qb.andWhere(`m.yellowAt <= ${clock} AND m.replyDueAt >= ${clock}`, { now });
      else qb.andWhere(`(m.yellowAt IS NULL OR m.yellowAt > ${clock})`, { now });
    }
    return this.applyKeyword(qb, f.keyword, viewer);
  }

  /**
   * The list's search box (关键词). A serial number (WZ and digits) is looked up on the serial index (exactly, or
   * as a prefix when shorter); a phone number (as `normalizePhone` reads it: a mobile, or a landline with its area
   * code) exactly on the phone index, normalised as stored.
   * Other text is searched in the title, the content and the serial number, and matches a citizen's full name.
   * The phone and the name are matched only for those who may see them (platform staff who may reveal private
   * data, and a message's lead unit); what matched is never shown: the list shows private data masked.
   */
  private async applyKeyword(qb: SelectQueryBuilder<Message>, keyword: string | undefined, viewer: StaffViewer): Promise<string | null> {
    const k = keyword?.trim();
    if (!k) return null;
    if (/^wz\d*$/i.test(k)) {
      const serial = k.toUpperCase();
      if (serial.length >= 16) qb.andWhere('m.serialNo = :kwSerial', { kwSerial: serial });
      else qb.andWhere(`m.serialNo LIKE :kwSerial ${LIKE_ESCAPE}`, { kwSerial: `${likeEscape(serial)}%` });
      return null;
    }
    const pii = this.piiSearch(viewer);
    // A phone number is looked up as stored: normalised (mobile, or landline with its area code and extension).
    const phone = this.phoneKeyword(k, viewer);
    if (pii && phone) {
      qb.andWhere(`(m.phone = :kwPhone${pii.scope('m')})`, { kwPhone: phone, ...pii.params });
      return null;
    }
    return this.search.restrict(qb, k, this.keywordOthers(k, viewer)!);
  }

  /**
   * For a keyword searched as text (not a serial number, nor a phone number for those who may match one): the other
   * ways a message matches it besides the full-text index; null for a serial or phone number (looked up on their own).
   * The title and content go through the full-text index (docs/search.md); besides, a part of a serial number (WZ and
   * digits: only such a keyword can be one) and a citizen's full name (on its index).
   */
  private keywordOthers(k: string, viewer: StaffViewer): OtherMatch[] | null {
    if (/^wz\d*$/i.test(k) || this.phoneKeyword(k, viewer)) return null;
    const pii = this.piiSearch(viewer);
    const others: OtherMatch[] = [];
    if (/^[wz\d]+$/i.test(k)) others.push({ where: (a) => `${a}.serialNo LIKE :kwSerialPart ${LIKE_ESCAPE}`, params: { kwSerialPart: `%${likeEscape(k)}%` } });
    if (pii) others.push({ where: (a) => `(${a}.realName = :kwName${pii.scope(a)})`, params: { kwName: k, ...pii.params } });
    return others;
  }

  /** The keyword as a phone number to look up (normalised), for those who may match one; else null. */
  private phoneKeyword(k: string, viewer: StaffViewer): string | null {
    return this.piiSearch(viewer) && /^[\d\s()+（）-]+$/.test(k) ? normalizePhone(k) : null;
  }

  /**
   * A keyword search with no other condition than the viewer's reach (the console's search box), paged from the
   * full-text index alone where its rows hold the submission time (MariaDB/MySQL, docs/search.md): the engine sorts its
   * matches and cuts the page, the total is its count up to the cap, and only the page's messages are read. Null when
   * that does not apply (other filters, a leader's reach, another order, SQLite, a keyword with spaces): the caller
   * joins the matches with the message table.
   */
  private async searchPage(viewer: StaffViewer, f: MessageFilter, sort: MessageSort | undefined, page: Page) {
    const k = f.keyword?.trim();
    if (!k) return null;
    const { keyword: _keyword, ...rest } = f;
    if (Object.values(rest).some((v) => v !== undefined && v !== null && v !== false && !(Array.isArray(v) && !v.length))) return null;
    const field = sort?.field ?? MessageSortField.SUBMITTED_AT;
    if (field !== MessageSortField.SUBMITTED_AT && field !== MessageSortField.RELEVANCE) return null;
    // A leader's reach also holds messages addressed to them or their region (columns of the message): not paged here.
    if (isUnitScoped(viewer) && viewer.role === Role.LEADER) return null;
    const others = this.keywordOthers(k, viewer);
    if (!others) return null;
    // A unit viewer's reach as a set of ids: the messages with a readable assignment in the viewer's subtree (as applyVisibility).
    const within = isUnitScoped(viewer)
      ? {
          column: 'va.messageId',
          from: 'assignment va INNER JOIN unit vu ON vu.id = va.unitId',
          where: 'va.state IN (:...vstates) AND vu.path LIKE :vscope',
          params: { vscope: `${viewer.unitPath}%`, vstates: READABLE_ASSIGNMENT_STATES },
        }
      : undefined;
    const found = await this.search.page({
      keyword: k,
      others,
      within,
      byRelevance: field === MessageSortField.RELEVANCE,
      direction: sort?.direction ?? SortDirection.DESC,
      offset: page.offset,
      limit: page.limit,
      bound: Math.max(page.cap ?? TOTAL_CAP, page.offset + page.limit),
    });
    if (!found) return null;
    const rows = found.ids.length ? await this.ds.getRepository(Message).findBy({ id: In(found.ids) }) : [];
    // An index row whose message is not (yet) visible, e.g. one being written in another transaction: the join decides.
    if (rows.length !== found.ids.length) return null;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return toConnection(
      found.ids.map((id) => byId.get(id)!),
      found.total,
      page,
      found.capped,
    );
  }

  /**
   * Whether the viewer's search may match private data, and on which messages: the roles that may reveal it
   * (REVEAL_PII), unit roles only where their unit leads (or led) the handling, as the reveal itself.
   */
  private piiSearch(viewer: StaffViewer): { scope: (a: string) => string; params: Record<string, unknown> } | null {
    if (![Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.UNIT_HANDLER, Role.UNIT_REVIEWER].includes(viewer.role)) return null;
    if (!isUnitScoped(viewer)) return { scope: () => '', params: {} };
    return {
      scope: (a) =>
        ` AND EXISTS (SELECT 1 FROM assignment pa INNER JOIN unit pu ON pu.id = pa.unitId WHERE pa.messageId = ${a}.id AND pa.role = :piiLead AND pa.state IN (:...piiStates) AND pu.path LIKE :piiScope ${LIKE_ESCAPE})`,
      params: { piiLead: AssignmentRole.LEAD, piiStates: READABLE_ASSIGNMENT_STATES, piiScope: `${likeEscape(viewer.unitPath)}%` },
    };
  }

  /** Likely duplicates (一稿多投): same phone or ID number, or the same title, within the window. */
  async duplicateSuggestions(message: Message, windowDays = 30): Promise<Message[]> {
    const since = new Date(message.submittedAt.getTime() - windowDays * 86400_000);
    const until = new Date(message.submittedAt.getTime() + windowDays * 86400_000);
    const qb = this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m.id <> :id', { id: message.id })
      .andWhere('m.submittedAt BETWEEN :since AND :until', { since, until })
      .andWhere('m.state NOT IN (:...gone)', { gone: NOT_TAKEN_UP_STATES })
      .andWhere(
        new Brackets((w) => {
          w.where('m.title = :title', { title: message.title });
          if (message.phone) w.orWhere('m.phone = :phone', { phone: message.phone });
          if (message.idNumber) w.orWhere('m.idNumber = :idn', { idn: message.idNumber });
        }),
      )
      .orderBy('m.submittedAt', 'DESC')
      .limit(10);
    const candidates = await qb.getMany();
    // Same contact is a strong signal only when the texts are also alike.
    return candidates.filter((c) => c.title === message.title || similarity(c.content, message.content) >= 0.6);
  }

  // ── the context state machines judge against ───────────────────────────────────────────────────

  async env(message: Message, em: EntityManager = this.ds.manager, reads?: MessageReads): Promise<MessageEnv> {
    // on a read (a field of a request) the request's loaders give the rows, shared with the fields that show them
    // (the message's own units asked with its assignments, so that they share the loader's batch with the page's fields)
    if (reads) void reads.unit.loadMany([message.regionUnitId, message.addressedUnitId].filter((x): x is number => !!x));
    const readable = reads
      ? (await reads.assignmentsByMessage.load(message.id)).filter((a) => isIn(READABLE_ASSIGNMENT_STATES, a.state))
      : await em.getRepository(Assignment).findBy({ messageId: message.id, state: In(READABLE_ASSIGNMENT_STATES) });
    const assignments = readable.filter((a) => a.state !== AssignmentState.DONE);
    const unitIds = [...new Set([...readable.map((a) => a.unitId), message.regionUnitId, message.addressedUnitId].filter((x): x is number => !!x))];
    const units = !unitIds.length
      ? []
      : reads
        ? (await reads.unit.loadMany(unitIds)).filter((u): u is Unit => !!u && !(u instanceof Error))
        : await em.getRepository(Unit).findBy({ id: In(unitIds) });
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const lead = readable.filter((a) => a.role === AssignmentRole.LEAD);
    return {
      message,
      leadChainPaths: lead.map((a) => pathOf.get(a.unitId)!).filter(Boolean),
      assignedUnitPaths: assignments.map((a) => pathOf.get(a.unitId)!).filter(Boolean),
      readerUnitPaths: readable.map((a) => pathOf.get(a.unitId)!).filter(Boolean),
      addressedPaths: [message.regionUnitId, message.addressedUnitId].map((id) => (id ? pathOf.get(id) : undefined)).filter((p): p is string => !!p),
    };
  }

  private readonly evaluations = evaluationCache<Message, MessageAction>();

  /** What the state machine says about every action on this message for this viewer (allowed, and refused by a rule with why). */
  evaluate(viewer: StaffViewer, message: Message, reads?: MessageReads) {
    return this.evaluations(message, `${viewer.userId}:${viewer.role}`, async () => {
      const env = await this.env(message, this.ds.manager, reads);
      if (message.type === MessageType.CONSULT && (message.state === MessageState.RECEIVED || message.state === MessageState.ACCEPTED)) {
        env.unfinishedDirectAnswer =
          (await this.ds.getRepository(Reply).countBy({ messageId: message.id, assignmentId: IsNull(), state: In(UNFINISHED_REPLY_STATES) })) > 0;
      }
      return MESSAGE_MACHINE.evaluate(message.state, env, viewer);
    });
  }

  async availableActions(viewer: StaffViewer, message: Message, reads?: MessageReads): Promise<MessageAction[]> {
    return (await this.evaluate(viewer, message, reads)).available;
  }

  /** Checks an action and runs it through the workflow (one transaction, version check, ledger; or a step of a shared one: `opts.step`). */
  act<T>(
    viewer: StaffViewer,
    messageId: number,
    action: MessageAction,
    expectedVersion: number | undefined,
    work: (tx: Tx, env: MessageEnv, row: Transition<MessageState, MessageAction, MessageEnv>) => Promise<T>,
    opts: { recordOnly?: boolean; step?: Step } = {},
  ): Promise<T> {
    // within `Workflow.together` (several messages in one transaction) the step is given; alone, a transaction of its own
    const step: Step = opts.step ?? ((id, o, w) => this.workflow.run(id, o, w));
    return step(
      messageId,
      { actor: staffActor(viewer), expectedVersion, recordOnly: opts.recordOnly, check: (m, em) => this.inReach(viewer, m, 'Message', messageId, em) },
      async (tx) => {
        const env = await this.env(tx.message, tx.em);
        const t = MESSAGE_MACHINE.check(action, tx.message.state, env, viewer);
        const from = tx.message.state;
        const out = await work(tx, env, t);
        // the row's move, unless the work made it (with the columns it sets); a row back to the same state moves nothing
        if (t.to && tx.message.state === from && t.to !== from) tx.move(t);
        return out;
      },
    );
  }

  // ── screening ──────────────────────────────────────────────────────────────────────────────────

  accept(viewer: StaffViewer, messageId: number, expectedVersion?: number) {
    return this.act(viewer, messageId, MessageAction.ACCEPT, expectedVersion, async (tx) => {
      tx.patch({ acceptedAt: tx.now });
      tx.log({ action: LedgerAction.ACCEPTED, fromState: MessageState.RECEIVED, toState: MessageState.ACCEPTED });
      return tx.message;
    });
  }

  /** Sets the message's category (设置领域): at screening, e.g. accepting a suggestion, or while it is handled. */
  async classify(viewer: StaffViewer, messageId: number, categoryId: number, expectedVersion?: number) {
    return this.act(viewer, messageId, MessageAction.CLASSIFY, expectedVersion, async (tx) => {
      const category = await tx.em.getRepository(Category).findOneBy({ id: categoryId, isActive: true });
      if (!category) throw badInput('categoryId', `领域不存在或已停用 (no such category): ${categoryId}`);
      const from = tx.message.categoryId;
      if (from === categoryId) return tx.message;
      tx.patch({ categoryId });
      tx.log({ action: LedgerAction.CATEGORY_SET, payload: { from, to: categoryId, name: category.name } });
      return tx.message;
    });
  }

  markInvalid(viewer: StaffViewer, messageId: number, reason: InvalidReason, note: string | undefined, expectedVersion?: number) {
    if (reason === InvalidReason.OTHER && !note)
      throw badInput('note', '选择“其他”时须说明原因 (a note is required for OTHER)', { reason: ErrorReason.NOTE_REQUIRED });
    return this.act(viewer, messageId, MessageAction.MARK_INVALID, expectedVersion, async (tx) => {
      const from = tx.message.state;
      tx.patch({ invalidReason: reason, screeningNote: note ?? null, closedAt: tx.now });
      tx.log({ action: LedgerAction.MARKED_INVALID, fromState: from, toState: MessageState.INVALID, payload: { reason, note: note ?? null } });
      return tx.message;
    });
  }

  /** Merges a message into another, named by id or by serial number (exactly one of them). */
  merge(viewer: StaffViewer, messageId: number, into: { id?: number; serialNo?: string; both?: boolean }, note: string | undefined, expectedVersion?: number) {
    if (into.both) throw badInput('targetSerialNo', '目标留言只能按编号或按 id 指定其一 (give targetMessageId or targetSerialNo, not both)');
    const serialNo = into.serialNo?.trim().toUpperCase();
    if (!into.id && !serialNo)
      throw badInput('targetSerialNo', '请填写要并入的留言编号 (targetSerialNo or targetMessageId is required)', { reason: ErrorReason.MERGE_TARGET_REQUIRED });
    const field = into.id ? 'targetMessageId' : 'targetSerialNo';
    if (into.id === messageId) throw badInput(field, '不能并入自身 (cannot merge into itself)', { reason: ErrorReason.MERGE_INTO_ITSELF });
    return this.act(viewer, messageId, MessageAction.MERGE, expectedVersion, async (tx) => {
      let target = await tx.em.getRepository(Message).findOneBy(into.id ? { id: into.id } : { serialNo });
      // Platform roles read every message; should a narrower role ever merge, a target it cannot read is as missing.
      if (target && !(await this.canView(viewer, target, tx.em))) target = null;
      if (!target && serialNo)
        throw badInput(field, `没有编号为 ${serialNo} 的留言 (no message with this serial number)`, {
          reason: ErrorReason.MERGE_TARGET_UNKNOWN,
          params: { serialNo },
        });
      // Follow chains so the merged message always points at a live message.
      for (let hops = 0; target && target.state === MessageState.MERGED && target.duplicateOfId && hops < 10; hops++) {
        target = await tx.em.getRepository(Message).findOneBy({ id: target.duplicateOfId });
      }
      if (!target || target.state === MessageState.INVALID)
        throw badInput(field, `目标留言不存在或不予受理 (no live target message): ${serialNo ?? into.id}`, { reason: ErrorReason.MERGE_TARGET_NOT_LIVE });
      if (target.id === messageId) throw badInput(field, '不能并入自身 (cannot merge into itself)', { reason: ErrorReason.MERGE_INTO_ITSELF });
      const from = tx.message.state;
      tx.patch({ duplicateOfId: target.id, screeningNote: note ?? null, closedAt: tx.now });
      tx.log({
        action: LedgerAction.MERGED,
        fromState: from,
        toState: MessageState.MERGED,
        payload: { into: target.id, intoSerialNo: target.serialNo, note: note ?? null },
      });
      return tx.message;
    });
  }

  // ── privacy ────────────────────────────────────────────────────────────────────────────────────

  masked(m: Message): MessagePii {
    return {
      realName: maskName(m.realName),
      phone: maskPhone(m.phone),
      idNumber: maskIdNumber(m.idNumber),
      address: maskAddress(m.address),
      ip: maskIp(m.ip),
      masked: true,
    };
  }

  /**
   * Reveals the private data to someone allowed, and logs PII_VIEWED in the ledger. A reveal is a read: the
   * message's version (its state token) does not change, so a page kept open stays valid for its next action.
   */
  revealPii(viewer: StaffViewer, messageId: number): Promise<MessagePii> {
    return this.act(
      viewer,
      messageId,
      MessageAction.REVEAL_PII,
      undefined,
      async (tx) => {
        tx.log({ action: LedgerAction.PII_VIEWED, payload: { fields: ['realName', 'phone', 'idNumber', 'address', 'ip'] } });
        const m = tx.message;
        return { realName: m.realName, phone: m.phone, idNumber: m.idNumber, address: m.address, ip: m.ip, masked: false };
      },
      { recordOnly: true },
    );
  }

  // ── ledger ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * A message's ledger entries, oldest first. On a read (`reads` given) each entry's unit and staff user come in the same
   * statement (a join on their primary keys, one row each) and prime the request's loaders for actorUnit and actorName.
   */
  async timeline(messageId: number, page: Page, reads?: TimelineReads) {
    const query = () => this.ds.getRepository(MessageEvent).createQueryBuilder('e').where('e.messageId = :id', { id: messageId }).orderBy('e.id', 'ASC');
    if (!reads) return pageOf(query(), page);
    // the page with each entry's unit and staff user in one statement, read by db/rows.ts (its text built once, the
    // rows hydrated without TypeORM's transformer: the timeline is the largest part of a message's detail; issue 19)
    const ds = this.ds;
    const sql = sqlOnce(
      ds,
      'message.timeline',
      () => `SELECT ${entitySelect(ds, MessageEvent, 'e')}, ${entitySelect(ds, Unit, 'au')}, ${entitySelect(ds, User, 'ac')}
         FROM ${sqlName(ds, MessageEvent)} e
         LEFT JOIN ${sqlName(ds, Unit)} au ON au.${sqlName(ds, Unit, 'id')} = e.${sqlName(ds, MessageEvent, 'actorUnitId')}
         LEFT JOIN ${sqlName(ds, User)} ac ON ac.${sqlName(ds, User, 'id')} = e.${sqlName(ds, MessageEvent, 'actorUserId')}
        WHERE e.${sqlName(ds, MessageEvent, 'messageId')} = ${placeholders(ds, [messageId])}
        ORDER BY e.${sqlName(ds, MessageEvent, 'id')} ASC`,
    );
    const rows: Array<Record<string, unknown>> = await ds.query(`${sql} LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`, [messageId]);
    const events: MessageEvent[] = [];
    for (const row of rows) {
      events.push(readEntity(ds, MessageEvent, 'e', row)!);
      const unit = readEntity(ds, Unit, 'au', row);
      const user = readEntity(ds, User, 'ac', row);
      if (unit) reads.unit.prime(unit.id, unit);
      if (user) reads.user.prime(user.id, user);
    }
    // a page that is not full ends the list (the joins repeat no row): its total needs no statement of its own
    if (events.length < page.limit && (events.length > 0 || page.offset === 0)) return toConnection(events, page.offset + events.length, page, false);
    const { total, capped } = await cappedCount(query(), page.offset + page.limit, page.cap);
    return toConnection(events, total, page, capped);
  }

  assertRole(viewer: StaffViewer, roles: Role[]) {
    if (!roles.includes(viewer.role)) throw forbidden();
  }
}

/**
 * Visibility of a message, judged on its context (no database read: one context serves many viewers, e.g. every
 * live subscriber of the message). Unit roles see messages with an assignment of their subtree that is active or
 * done; leaders also those addressed to them or concerning their units; everyone else all.
 */
export function canViewIn(viewer: StaffViewer, env: MessageEnv): boolean {
  if (!isUnitScoped(viewer)) return true;
  if (env.readerUnitPaths.some((p) => unitInScope(viewer, p))) return true;
  if (viewer.role === Role.LEADER) {
    return (viewer.leaderId !== null && env.message.addressedLeaderId === viewer.leaderId) || env.addressedPaths.some((p) => unitInScope(viewer, p));
  }
  return false;
}

/** A submission's own fields, normalised as they are stored (a repeat is compared on these). */
export function submittedFields(input: CreateMessageInput) {
  const id = (field: string, raw: string | undefined) => (raw ? parseId(field, raw) : null);
  return {
    channel: input.channel,
    externalId: input.externalId ?? null,
    sourceUrl: input.sourceUrl ?? null,
    type: input.type,
    categoryId: id('categoryId', input.categoryId),
    regionUnitId: id('regionUnitId', input.regionUnitId),
    addressedLeaderId: id('addressedLeaderId', input.addressedLeaderId),
    addressedUnitId: id('addressedUnitId', input.addressedUnitId),
    title: input.title.trim(),
    content: input.content.replace(/\r\n?/g, '\n').trim(),
    realName: input.realName?.trim() ?? null,
    phone: input.phone ? normalizePhone(input.phone) : null,
    idNumber: input.idNumber?.toUpperCase() ?? null,
    address: input.address?.trim() ?? null,
    isPublic: input.isPublic ?? false,
    isAnonymous: input.isAnonymous ?? false,
    isUrgent: input.isUrgent ?? false,
    attachments: input.attachments?.map((a) => ({ name: a.name, url: a.url })) ?? [],
  };
}

type SubmittedFields = ReturnType<typeof submittedFields>;

/** SHA-256 of the submitted fields in a fixed order (the submission time is not part of it: a retry may be dated later). */
export function submissionHash(f: Omit<SubmittedFields, 'attachments'> & { attachments: SubmittedFields['attachments'] | null }): string {
  const canonical = [
    f.channel,
    f.externalId,
    f.sourceUrl,
    f.type,
    f.categoryId,
    f.regionUnitId,
    f.addressedLeaderId,
    f.addressedUnitId,
    f.title,
    f.content,
    f.realName,
    f.phone,
    f.idNumber,
    f.address,
    !!f.isPublic,
    !!f.isAnonymous,
    !!f.isUrgent,
    (f.attachments ?? []).map((a) => [a.name, a.url]),
  ];
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The API client that submitted a message: the column, or for rows from before it existed, the client named in the
 * externalId under which the public API stores its submissions (`<clientId>:<externalId>`, no staff user).
 */
function submittingClientOf(m: Message): number | null {
  if (m.apiClientId !== null) return m.apiClientId;
  if (m.submissionHash !== null || m.createdById !== null) return null;
  const prefix = /^(\d+):/.exec(m.externalId ?? '');
  return prefix ? Number(prefix[1]) : null;
}

/** The ids a new message refers to, parsed (a malformed one is BAD_USER_INPUT), not yet checked. */
function parseReferences(input: CreateMessageInput): MessageRefs {
  return {
    categoryId: input.categoryId ? parseId('categoryId', input.categoryId) : null,
    regionUnitId: input.regionUnitId ? parseId('regionUnitId', input.regionUnitId) : null,
    addressedLeaderId: input.addressedLeaderId ? parseId('addressedLeaderId', input.addressedLeaderId) : null,
    addressedUnitId: input.addressedUnitId ? parseId('addressedUnitId', input.addressedUnitId) : null,
  };
}

/**
 * What a new message's references must be, in the order they are checked: an active category, a unit of kind REGION,
 * an active leader, an active addressed unit. Each is a condition on the row of `table` with the id in `field`, as SQL:
 * `checkReferencesMany` reads whether it holds for the ids named (and refuses the first that fails with its error),
 * and `referencesExist` makes the insert of a submitted message's row depend on it.
 */
const REFERENCE_RULES: ReadonlyArray<{ field: keyof MessageRefs; table: string; where: string; params: unknown[]; refused: (id: number) => Error }> = [
  {
    field: 'categoryId',
    table: 'category',
    where: 'isActive = 1',
    params: [],
    refused: (id) => badInput('categoryId', `领域不存在 (no such category): ${id}`, { reason: ErrorReason.CATEGORY_NOT_FOUND }),
  },
  {
    field: 'regionUnitId',
    table: 'unit',
    where: 'kind = ?',
    params: [UnitKind.REGION],
    refused: (id) => badInput('regionUnitId', `不是地区单位 (not a region): ${id}`, { reason: ErrorReason.NOT_A_REGION }),
  },
  {
    field: 'addressedLeaderId',
    table: 'leader',
    where: 'isActive = 1',
    params: [],
    refused: (id) => badInput('addressedLeaderId', `领导不存在 (no such leader): ${id}`, { reason: ErrorReason.LEADER_NOT_FOUND }),
  },
  {
    field: 'addressedUnitId',
    table: 'unit',
    where: 'isActive = 1',
    params: [],
    refused: (id) => badInput('addressedUnitId', `单位不存在 (no such unit): ${id}`, { reason: ErrorReason.UNIT_NOT_FOUND }),
  },
];

/**
 * The condition under which `checkReferencesMany` accepts a message's references (REFERENCE_RULES), as SQL for the
 * insert of its row (`insertRowIf`). Null when it names none.
 */
function referencesExist(refs: MessageRefs): { sql: string; params: unknown[] } | null {
  const named = REFERENCE_RULES.filter((rule) => refs[rule.field]);
  if (!named.length) return null;
  return {
    sql: named.map((rule) => `EXISTS (SELECT 1 FROM ${rule.table} WHERE id = ? AND ${rule.where})`).join(' AND '),
    params: named.flatMap((rule) => [refs[rule.field], ...rule.params]),
  };
}

/** Thrown inside a submission's transaction when the insert's reference check refused the row (rolls it back). */
const REFERENCE_REFUSED = new Error('reference refused');

export function serialNumber(at: Date, id: number): string {
  return `WZ${shanghaiCompactDay(at)}${String(id).padStart(6, '0')}`;
}

export const hashQueryCode = (serialNo: string, code: string) => crypto.createHash('sha256').update(`${serialNo}:${code}`).digest('hex');

function randomQueryCode(): string {
  return [...crypto.randomBytes(8)].map((b) => QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length]).join('');
}

/** Character-bigram Dice similarity: good enough for "near-identical Chinese text". */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const chars = [...s.replace(/\s+/g, '')];
    const m = new Map<string, number>();
    for (let i = 0; i < chars.length - 1; i++) m.set(chars[i] + chars[i + 1], (m.get(chars[i] + chars[i + 1]) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let overlap = 0;
  let total = 0;
  for (const [g, n] of ga) {
    overlap += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * overlap) / total;
}

/**
 * Unique temporary serial numbers for the rows of one insert (until their ids are known): a random prefix drawn once
 * per call (48 bits) and the row's place in the call, `TMP` + 16 hex digits.
 */
function placeholderSerials(): (k: number) => string {
  const prefix = `TMP${crypto.randomBytes(6).toString('hex')}`;
  return (k) => `${prefix}${k.toString(16).padStart(4, '0')}`;
}

/**
 * Writes new messages' serial numbers and query-code hashes (they need the id) in one UPDATE whatever their number
 * (portable CASE … WHEN), bumping each version as every update of a message does. The values are ours (WZ + digits,
 * hex), checked here, so they are written as literals: a few hundred bound values cost the driver more than the statement.
 */
async function setSerials(em: EntityManager, saved: Array<Pick<Message, 'id' | 'serialNo' | 'queryCodeHash'>>, updatedAt: Date): Promise<void> {
  const meta = em.connection.getMetadata(Message);
  const driver = em.connection.driver;
  const column = (p: string) => meta.findColumnWithPropertyName(p)!;
  const name = (p: string) => driver.escape(column(p).databaseName);
  const literal = (v: string) => {
    if (!/^[A-Za-z0-9]+$/.test(v)) throw new Error(`unexpected serial or hash ${v}`);
    return `'${v}'`;
  };
  const id = (m: Pick<Message, 'id'>) => {
    if (!Number.isSafeInteger(m.id)) throw new Error(`unexpected id ${m.id}`);
    return m.id;
  };
  const cases = (p: 'serialNo' | 'queryCodeHash') => `CASE ${name('id')} ${saved.map((m) => `WHEN ${id(m)} THEN ${literal(m[p])}`).join(' ')} END`;
  await em.query(
    `UPDATE ${driver.escape(meta.tableName)} SET ${name('serialNo')} = ${cases('serialNo')}, ${name('queryCodeHash')} = ${cases('queryCodeHash')}, ` +
      `${name('updatedAt')} = ?, ${name('version')} = ${name('version')} + 1 WHERE ${name('id')} IN (${saved.map(id).join(', ')})`,
    [driver.preparePersistentValue(updatedAt, column('updatedAt'))],
  );
}

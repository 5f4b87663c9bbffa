/**
 * Replies (答复) and their review (审核): drafting on an assignment or directly by the platform (直办),
 * submission, unit-level then platform-level review (each required or not by the SLA policy), and the
 * effects of approval: a progress reply is the first response, an assist opinion completes the assist
 * assignment, a final reply is published and the message becomes REPLIED.
 */
import { evaluationCache } from '../../common/blockedAction';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { pageOf } from '../../common/listing';
import { parseId } from '../../common/text';
import { Page } from '../../graphql/connection';
import { badInput, conflict, forbidden, ErrorReason } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { AssignmentService, subjectOf } from '../assignment/assignment.service';
import { ASSIGNMENT_MACHINE, AssignmentAction, AssignmentSystemAction, assignmentSystemMove, systemMoveFrom } from '../assignment/assignment.transitions';
import { moveAssignment, moveReply, Tx, Workflow } from '../ledger/ledger';
import type { Transition } from '../../common/stateMachine';
import { Message } from '../message/message.entity';
import { AssignmentRole, draftableKinds, MessageState, ReplyKind, ReplyState, UNFINISHED_REPLY_STATES } from '../message/message.enums';
import type { DeadlinePlanner } from '../message/deadlines.port';
import { MessageService } from '../message/message.service';
import { MessageAction, MessageSystemAction, systemMove } from '../message/message.transitions';
import { Unit } from '../unit/unit.entity';
import { Role } from '../user/user.entity';
import { Reply } from './reply.entity';
import { DirectAnswerInput, DraftReplyInput, ReplyFormInput, UpdateReplyInput } from './reply.inputs';
import { REPLY_MACHINE, ReplyAction, ReplyEnv, ReplySystemAction, replySystemMove } from './reply.transitions';
import { HANDLING_STATES, isIn, LEFT_COHORT_STATES, OPEN_ASSIGNMENT_STATES, SCREENING_STATES } from '../message/message.states';
import { LedgerAction } from '../ledger/ledger-action';
import type { Loaders } from '../../graphql/loaders';

/** The request's loaders a read of a reply's guard inputs uses (a page of replies costs the same statements as one). */
export type ReplyReads = Pick<Loaders, 'message' | 'unit' | 'assignmentsByMessage'>;

/**
 * Knowledge articles a reply quotes (引用知识, modules/knowledge): checked and recorded in the transaction of the
 * draft or the edit, replacing what the reply quoted before. Returns the ids recorded.
 */
export interface ReplyQuotes {
  record(em: EntityManager, viewer: StaffViewer, reply: { id: number; messageId: number }, articleIds: string[]): Promise<number[]>;
}

const IN_REVIEW_OR_DRAFT = UNFINISHED_REPLY_STATES;

export class ReplyService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly assignments: AssignmentService,
    private readonly deadlines: DeadlinePlanner,
    private readonly quotes: ReplyQuotes | null = null,
  ) {}

  /** A unit drafts a reply on its assignment: FINAL/PROGRESS for the lead chain, ASSIST_OPINION for assistants. */
  async draft(viewer: StaffViewer, input: DraftReplyInput): Promise<Reply> {
    const assignmentId = parseId('assignmentId', input.assignmentId);
    let replyId = 0;
    await this.messages.actOnRecord(
      viewer,
      'Assignment',
      assignmentId,
      (em) => em.getRepository(Assignment).findOneBy({ id: assignmentId }),
      {},
      async (tx, a) => {
        const allowed = draftableKinds(a.role);
        if (!allowed.includes(input.kind))
          throw badInput(
            'kind',
            `${a.role === AssignmentRole.LEAD ? '主办' : '协办'}单位只能拟写 ${allowed.join('/')} (this assignment may draft ${allowed.join('/')})`,
            { reason: ErrorReason.REPLY_KIND_NOT_ALLOWED, params: { kinds: allowed } },
          );
        const env = await this.assignments.env(tx.em, a, tx.message);
        ASSIGNMENT_MACHINE.check(AssignmentAction.DRAFT_REPLY, a.state, env, viewer);
        const open = await tx.em.getRepository(Reply).countBy({ assignmentId: a.id, kind: input.kind, state: In(IN_REVIEW_OR_DRAFT) });
        if (open) throw conflict('已有未完成的同类答复，请继续修改它 (an unfinished reply of this kind exists)', { reason: ErrorReason.UNFINISHED_REPLY });
        const reply = await this.insert(tx.em, tx.message.id, a.id, a.unitId, input.kind, input, viewer);
        replyId = reply.id;
        const articleIds = await this.quote(tx.em, viewer, reply, input.articleIds);
        tx.log({
          action: LedgerAction.REPLY_DRAFTED,
          assignmentId: a.id,
          unitId: a.unitId,
          toState: ReplyState.DRAFT,
          payload: { replyId: reply.id, kind: input.kind, ...articleIds },
        });
      },
    );
    return this.ds.getRepository(Reply).findOneByOrFail({ id: replyId });
  }

  /** 直办: the platform drafts the final answer to a consultation itself; it goes through platform review only. */
  async directAnswer(viewer: StaffViewer, input: DirectAnswerInput): Promise<Reply> {
    const messageId = parseId('messageId', input.messageId);
    const id = await this.messages.act(viewer, messageId, MessageAction.DIRECT_ANSWER, input.expectedVersion, async (tx) => {
      const open = await tx.em.getRepository(Reply).countBy({ messageId, assignmentId: IsNull(), state: In(IN_REVIEW_OR_DRAFT) });
      if (open) throw conflict('已有未完成的直办答复 (an unfinished direct answer exists)', { reason: ErrorReason.UNFINISHED_REPLY });
      // accepted with it (the row's move, made after this work)
      if (tx.message.state === MessageState.RECEIVED) tx.patch({ acceptedAt: tx.now });
      const reply = await this.insert(tx.em, messageId, null, null, ReplyKind.FINAL, input, viewer);
      const articleIds = await this.quote(tx.em, viewer, reply, input.articleIds);
      tx.log({
        action: LedgerAction.REPLY_DRAFTED,
        toState: ReplyState.DRAFT,
        payload: { replyId: reply.id, kind: ReplyKind.FINAL, direct: true, ...articleIds },
      });
      return reply.id;
    });
    return this.ds.getRepository(Reply).findOneByOrFail({ id });
  }

  update(viewer: StaffViewer, input: UpdateReplyInput): Promise<Reply> {
    return this.act(viewer, parseId('replyId', input.replyId), ReplyAction.EDIT, async (tx, r) => {
      // whoever edits it becomes one of its writers (and may no longer approve it)
      const writerIds = [...new Set([...writersOf(r), viewer.userId])];
      await tx.em.getRepository(Reply).update(r.id, { ...formColumns(input), writerIds });
      const articleIds = await this.quote(tx.em, viewer, r, input.articleIds);
      tx.log({ action: LedgerAction.REPLY_EDITED, assignmentId: r.assignmentId, unitId: r.unitId, payload: { replyId: r.id, ...articleIds } });
    });
  }

  /** Records the articles a reply quotes when the input names them ([] quotes none); their ids for the ledger row. */
  private async quote(em: EntityManager, viewer: StaffViewer, r: { id: number; messageId: number }, articleIds: string[] | undefined) {
    if (!this.quotes || articleIds === undefined || articleIds === null) return {};
    return { articleIds: await this.quotes.record(em, viewer, r, articleIds) };
  }

  /**
   * 审核修改: the reviewer of the level the reply waits at corrects its text before deciding. Only the text: what the
   * unit states (contacted the citizen, resolved) stays the unit's. The reply's author stays the drafter; the ledger
   * records who revised, at which level, and the text before, so the change is never silent.
   */
  revise(viewer: StaffViewer, replyId: number, content: string): Promise<Reply> {
    return this.act(viewer, replyId, ReplyAction.REVISE, async (tx, r) => {
      const next = content.replace(/\r\n?/g, '\n').trim();
      if (next === r.content) throw badInput('content', '内容没有改动 (the text is unchanged)', { reason: ErrorReason.TEXT_UNCHANGED });
      await tx.em.getRepository(Reply).update(r.id, { content: next });
      tx.log({
        action: LedgerAction.REPLY_REVISED,
        assignmentId: r.assignmentId,
        unitId: r.unitId,
        payload: { replyId: r.id, level: r.state === ReplyState.UNIT_REVIEW ? 'UNIT' : 'PLATFORM', previousContent: r.content },
      });
    });
  }

  submit(viewer: StaffViewer, replyId: number): Promise<Reply> {
    return this.act(viewer, replyId, ReplyAction.SUBMIT, async (tx, r, policy, t) => {
      const from = r.state;
      const next = r.unitId !== null && policy.unitReviewRequired ? ReplyState.UNIT_REVIEW : this.afterUnitLevel(r, policy);
      await moveReply(tx, r, t, { submittedAt: tx.now }, next);
      tx.log({
        action: LedgerAction.REPLY_SUBMITTED,
        assignmentId: r.assignmentId,
        unitId: r.unitId,
        fromState: from,
        toState: next,
        payload: { replyId: r.id, kind: r.kind },
        notifyUnitIds: r.unitId ? [r.unitId] : [],
      });
      if (next === ReplyState.APPROVED) await this.approve(tx, r);
    });
  }

  review(viewer: StaffViewer, replyId: number, approve: boolean, comment: string | undefined): Promise<Reply> {
    if (!approve && !comment) throw badInput('comment', '退回须填写审核意见 (a comment is required to send back)', { reason: ErrorReason.COMMENT_REQUIRED });
    return this.messages
      .findInReach(viewer, 'Reply', replyId, (em) => em.getRepository(Reply).findOneBy({ id: replyId }))
      .then((r0) => {
        const unitLevel = r0.state === ReplyState.UNIT_REVIEW;
        const action = unitLevel
          ? approve
            ? ReplyAction.UNIT_APPROVE
            : ReplyAction.UNIT_REJECT
          : approve
            ? ReplyAction.PLATFORM_APPROVE
            : ReplyAction.PLATFORM_REJECT;
        const level = unitLevel ? 'UNIT' : 'PLATFORM';
        return this.act(viewer, replyId, action, async (tx, r, policy, t) => {
          const from = r.state;
          if (!approve) {
            await moveReply(tx, r, t, { rejectionCount: r.rejectionCount + 1, reviewComment: comment ?? null });
            tx.log({
              action: LedgerAction.REPLY_REJECTED,
              assignmentId: r.assignmentId,
              unitId: r.unitId,
              fromState: from,
              toState: ReplyState.REJECTED,
              payload: { replyId: r.id, level, comment: comment ?? null },
              notifyUnitIds: r.unitId ? [r.unitId] : [],
            });
            return;
          }
          const next = unitLevel ? this.afterUnitLevel(r, policy) : ReplyState.APPROVED;
          await moveReply(tx, r, t, { reviewComment: comment ?? null }, next);
          tx.log({
            action: LedgerAction.REPLY_APPROVED,
            assignmentId: r.assignmentId,
            unitId: r.unitId,
            fromState: from,
            toState: next,
            payload: { replyId: r.id, level, kind: r.kind, comment: comment ?? null },
            notifyUnitIds: r.unitId ? [r.unitId] : [],
          });
          if (next === ReplyState.APPROVED) await this.approve(tx, r);
        });
      });
  }

  /** After the unit level (or when there is none): platform review when required; assist opinions stop at the unit. */
  private afterUnitLevel(r: Reply, policy: { platformReviewRequired: boolean }): ReplyState {
    if (r.kind === ReplyKind.ASSIST_OPINION) return ReplyState.APPROVED;
    return policy.platformReviewRequired || r.unitId === null ? ReplyState.PLATFORM_REVIEW : ReplyState.APPROVED;
  }

  /** Effects of final approval. */
  private async approve(tx: Tx, r: Reply) {
    const replies = tx.em.getRepository(Reply);
    // approved already (the review step's move); a progress reply and an assist opinion are given from now on
    if (r.kind === ReplyKind.PROGRESS) {
      await replies.update(r.id, { publishedAt: tx.now });
      if (!tx.message.firstResponseAt) tx.patch({ firstResponseAt: tx.now });
      tx.log({ action: LedgerAction.PROGRESS_REPLIED, assignmentId: r.assignmentId, unitId: r.unitId, payload: { replyId: r.id } });
      return;
    }
    if (r.kind === ReplyKind.ASSIST_OPINION) {
      await replies.update(r.id, { publishedAt: tx.now });
      const a = await tx.em.getRepository(Assignment).findOneByOrFail({ id: r.assignmentId! });
      await moveAssignment(tx, a, assignmentSystemMove(AssignmentSystemAction.OPINION_GIVEN, a, tx.message), { repliedAt: tx.now });
      tx.log({ action: LedgerAction.ASSIST_OPINION_GIVEN, assignmentId: a.id, unitId: a.unitId, payload: { replyId: r.id }, notifyUnitIds: [a.unitId] });
      return;
    }
    // FINAL: published; the message is answered.
    await moveReply(tx, r, replySystemMove(ReplySystemAction.PUBLISH, r, tx.message), { publishedAt: tx.now });
    const lead = await tx.em
      .getRepository(Assignment)
      .findBy({ messageId: tx.message.id, role: AssignmentRole.LEAD, state: In(systemMoveFrom(AssignmentSystemAction.REPLIED)) });
    // the statistics facts of a first reply (on time, handling time, first response) are written by statistics/facts.ts
    for (const a of lead) await moveAssignment(tx, a, assignmentSystemMove(AssignmentSystemAction.REPLIED, a, tx.message), { repliedAt: tx.now });
    const from = tx.message.state;
    tx.move(systemMove(MessageSystemAction.REPLY_PUBLISHED, tx.message), {
      repliedAt: tx.now,
      firstResponseAt: tx.message.firstResponseAt ?? tx.now,
      closedAt: null,
    });
    tx.log({
      action: LedgerAction.REPLY_PUBLISHED,
      assignmentId: r.assignmentId,
      unitId: r.unitId,
      fromState: from,
      toState: MessageState.REPLIED,
      // on time against the deadline in force; while on hold the clock stopped when the hold began
      payload: { replyId: r.id, direct: r.unitId === null, onTime: !tx.message.replyDueAt || (tx.message.onHoldSince ?? tx.now) <= tx.message.replyDueAt },
      notifyUnitIds: lead.map((a) => a.unitId),
    });
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  /** Drafts waiting for the viewer's review level (审核队列): unit reviewers see their subtree's UNIT_REVIEW, the platform PLATFORM_REVIEW. */
  reviewQueue(viewer: StaffViewer, page: Page) {
    const qb = this.ds.getRepository(Reply).createQueryBuilder('r');
    if (viewer.role === Role.UNIT_REVIEWER) {
      qb.innerJoin(Unit, 'u', 'u.id = r.unitId')
        .where('r.state = :s', { s: ReplyState.UNIT_REVIEW })
        .andWhere('u.path LIKE :p', { p: `${viewer.unitPath}%` });
    } else if (viewer.role === Role.DISPATCHER || viewer.role === Role.PLATFORM_ADMIN) {
      qb.where('r.state = :s', { s: ReplyState.PLATFORM_REVIEW });
    } else {
      throw forbidden('只有审核人员有审核队列 (only reviewers have a review queue)');
    }
    qb.orderBy('r.submittedAt', 'ASC').addOrderBy('r.id', 'ASC');
    return pageOf(qb, page);
  }

  private readonly evaluations = evaluationCache<Reply, ReplyAction>();

  /** What the state machine says about every action on this reply for this viewer (allowed, and refused by a rule with why). */
  evaluate(viewer: StaffViewer, r: Reply, reads?: ReplyReads) {
    return this.evaluations(r, `${viewer.userId}:${viewer.role}`, async () =>
      REPLY_MACHINE.evaluate(r.state, await this.env(this.ds.manager, r, undefined, reads), viewer),
    );
  }

  async availableActions(viewer: StaffViewer, r: Reply, reads?: ReplyReads): Promise<ReplyAction[]> {
    return (await this.evaluate(viewer, r, reads)).available;
  }

  // ── machinery ──────────────────────────────────────────────────────────────────────────────────

  private async act(
    viewer: StaffViewer,
    replyId: number,
    action: ReplyAction,
    work: (
      tx: Tx,
      r: Reply,
      policy: { unitReviewRequired: boolean; platformReviewRequired: boolean },
      row: Transition<ReplyState, ReplyAction, ReplyEnv>,
    ) => Promise<void>,
  ): Promise<Reply> {
    await this.messages.actOnRecord(
      viewer,
      'Reply',
      replyId,
      (em) => em.getRepository(Reply).findOneBy({ id: replyId }),
      {},
      async (tx, r) => {
        const t = REPLY_MACHINE.check(action, r.state, await this.env(tx.em, r, tx.message), viewer);
        const policy = await this.deadlines.plan(subjectOf(tx.message), tx.message.assignedAt ?? tx.now, tx.em);
        await work(tx, r, policy, t);
      },
    );
    return this.ds.getRepository(Reply).findOneByOrFail({ id: replyId });
  }

  /**
   * The guard inputs of a reply's actions. On a read (a field of a request, `reads` given) they come from the request's
   * loaders, shared with the fields that show the rows and batched over a page of replies; in a transaction from `em`.
   */
  private async env(em: EntityManager, r: Reply, message?: Message, reads?: ReplyReads): Promise<ReplyEnv> {
    const m = message ?? (reads ? await reads.message.load(r.messageId) : null) ?? (await em.getRepository(Message).findOneByOrFail({ id: r.messageId }));
    const unit = !r.unitId ? null : reads ? await reads.unit.load(r.unitId) : await em.getRepository(Unit).findOneBy({ id: r.unitId });
    const ofMessage = reads ? await reads.assignmentsByMessage.load(m.id) : null;
    let missingAssistOpinions = 0;
    if (r.kind === ReplyKind.FINAL) {
      const policy = await this.deadlines.plan(subjectOf(m), m.assignedAt ?? new Date(), em);
      if (policy.assistOpinionRequired) {
        missingAssistOpinions = ofMessage
          ? ofMessage.filter((a) => a.role === AssignmentRole.ASSIST && a.parentId === null && isIn(OPEN_ASSIGNMENT_STATES, a.state)).length
          : await em.getRepository(Assignment).countBy({ messageId: m.id, role: AssignmentRole.ASSIST, parentId: IsNull(), state: In(OPEN_ASSIGNMENT_STATES) });
      }
    }
    const open = r.unitId === null ? isIn(SCREENING_STATES, m.state) : isIn(HANDLING_STATES, m.state);
    const assignment = !r.assignmentId
      ? null
      : ofMessage
        ? (ofMessage.find((a) => a.id === r.assignmentId) ?? null)
        : await em.getRepository(Assignment).findOne({ where: { id: r.assignmentId }, select: { id: true, state: true } });
    return {
      reply: r,
      unitPath: unit?.path ?? null,
      writerIds: writersOf(r),
      missingAssistOpinions,
      messageOpen: open,
      assignmentLeft: assignment !== null && isIn(LEFT_COHORT_STATES, assignment.state),
      messageArchivedAt: m.archivedAt,
    };
  }

  private insert(
    em: EntityManager,
    messageId: number,
    assignmentId: number | null,
    unitId: number | null,
    kind: ReplyKind,
    form: ReplyFormInput,
    viewer: StaffViewer,
  ) {
    const repo = em.getRepository(Reply);
    return repo.save(
      repo.create({
        messageId,
        assignmentId,
        unitId,
        kind,
        state: ReplyState.DRAFT,
        authorId: viewer.userId,
        writerIds: [viewer.userId],
        ...formColumns(form),
      }),
    );
  }

  /** Whether the viewer's unit may read this reply's drafts (their unit chain or the platform). */
  canSeeDraft(viewer: StaffViewer, unitPath: string | null): boolean {
    return unitPath === null ? true : unitInScope(viewer, unitPath);
  }
}

/** Who wrote a reply; for a reply from before writers were recorded, its author. */
const writersOf = (r: Reply): number[] => r.writerIds ?? [r.authorId];

function formColumns(form: ReplyFormInput) {
  return {
    content: form.content.replace(/\r\n?/g, '\n').trim(),
    contactedCitizen: form.contactedCitizen ?? false,
    contactMethod: form.contactMethod?.trim() ?? null,
    resolved: form.resolved ?? false,
    attachments: form.attachments?.map((a) => ({ name: a.name, url: a.url })) ?? [],
  };
}

/** 催办 / 督办 / 批示 on open messages, pushed to the units' inboxes; units answer formal supervision. */
import { DataSource, EntityManager, In } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { parseId } from '../../common/text';
import { badInput, forbidden, invalidTransition, ErrorReason } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { AssignmentService } from '../assignment/assignment.service';
import { ASSIGNMENT_MACHINE, AssignmentAction } from '../assignment/assignment.transitions';
import { Workflow } from '../ledger/ledger';
import { SupervisionKind } from '../message/message.enums';
import { MessageService } from '../message/message.service';
import { MessageAction } from '../message/message.transitions';
import { Supervision } from './supervision.entity';
import { SupervisionFilter, SupervisionStatus } from './supervision.inputs';
import { Message } from '../message/message.entity';
import { pageOf } from '../../common/listing';
import type { Page } from '../../graphql/connection';
import { ACTIVE_ASSIGNMENT_STATES } from '../message/message.states';
import { LedgerAction } from '../ledger/ledger-action';

const ACTION: Record<SupervisionKind, MessageAction> = {
  URGE: MessageAction.URGE,
  SUPERVISE: MessageAction.SUPERVISE,
  INSTRUCTION: MessageAction.INSTRUCT,
};
const LEDGER: Record<SupervisionKind, LedgerAction> = { URGE: LedgerAction.URGED, SUPERVISE: LedgerAction.SUPERVISED, INSTRUCTION: LedgerAction.INSTRUCTED };

export class SupervisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly assignments: AssignmentService,
  ) {}

  async add(
    viewer: StaffViewer,
    kind: SupervisionKind,
    input: { messageId: string; unitId?: string; content: string; dueAt?: Date; expectedVersion?: number },
  ) {
    const messageId = parseId('messageId', input.messageId);
    const unitId = input.unitId ? parseId('unitId', input.unitId) : null;
    if (kind === SupervisionKind.SUPERVISE) {
      if (!input.dueAt) throw badInput('dueAt', '督办须设定反馈期限 (supervision needs a due date)', { reason: ErrorReason.DUE_DATE_REQUIRED });
      if (input.dueAt.getTime() <= this.workflow.now().getTime())
        throw badInput('dueAt', '反馈期限须晚于现在 (due date must be in the future)', { reason: ErrorReason.DUE_DATE_PAST });
    }
    return this.messages.act(viewer, messageId, ACTION[kind], input.expectedVersion, async (tx) => {
      const active = await tx.em.getRepository(Assignment).findBy({ messageId, state: In(ACTIVE_ASSIGNMENT_STATES) });
      if (unitId && !active.some((a) => a.unitId === unitId))
        throw badInput('unitId', '该单位没有承办此留言 (the unit has no assignment on this message)', { reason: ErrorReason.UNIT_NOT_ON_MESSAGE });
      const targets = unitId ? [unitId] : [...new Set(active.map((a) => a.unitId))];
      const s = await tx.em.getRepository(Supervision).save(
        tx.em.getRepository(Supervision).create({
          messageId,
          unitId,
          kind,
          content: input.content.trim(),
          dueAt: kind === SupervisionKind.SUPERVISE ? input.dueAt! : null,
          createdById: viewer.userId,
          createdAt: tx.now, // the workflow's time, as the ledger's (a replayed demo history is dated in the past)
        }),
      );
      tx.log({
        action: LEDGER[kind],
        payload: { supervisionId: s.id, unitId, content: s.content, dueAt: s.dueAt?.toISOString() ?? null },
        notifyUnitIds: targets,
      });
      return s;
    });
  }

  /**
   * 督办跟踪: urging, supervision and instructions on the messages the viewer may read, filtered; formal supervisions
   * by status (open ones earliest due first, answered ones latest first).
   */
  async list(viewer: StaffViewer, filter: SupervisionFilter, page: Page) {
    const qb = this.ds.getRepository(Supervision).createQueryBuilder('s').innerJoin(Message, 'm', 'm.id = s.messageId');
    this.messages.applyVisibility(qb, viewer);
    if (filter.kinds?.length) qb.andWhere('s.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.unitId) qb.andWhere('s.unitId = :unit', { unit: parseId('filter.unitId', filter.unitId) });
    const now = this.workflow.now();
    if (filter.status) qb.andWhere('s.kind = :supervise', { supervise: SupervisionKind.SUPERVISE });
    if (filter.status === SupervisionStatus.ANSWERED) qb.andWhere('s.respondedAt IS NOT NULL').orderBy('s.respondedAt', 'DESC');
    else if (filter.status) {
      qb.andWhere('s.respondedAt IS NULL').orderBy('s.dueAt', 'ASC');
      if (filter.status === SupervisionStatus.OVERDUE) qb.andWhere('s.dueAt < :now', { now });
    } else qb.orderBy('s.id', 'DESC');
    qb.addOrderBy('s.id', 'DESC');
    return pageOf(qb, page);
  }

  /** A unit answers a formal supervision (督办反馈). */
  async respond(viewer: StaffViewer, supervisionId: number, response: string) {
    // Only formal supervision (督办) is answered: an urge or an instruction under this id is "not found" like a missing one.
    const load = (em: EntityManager) => em.getRepository(Supervision).findOneBy({ id: supervisionId, kind: SupervisionKind.SUPERVISE });
    await this.messages.actOnRecord(viewer, 'Supervision', supervisionId, load, {}, async (tx, s) => {
      if (s.respondedAt)
        throw invalidTransition('该督办已反馈 (already answered)', { action: 'RESPOND_SUPERVISION' }, { reason: ErrorReason.SUPERVISION_ANSWERED });
      const mine = await tx.em.getRepository(Assignment).findBy({ messageId: s.messageId, ...(s.unitId ? { unitId: s.unitId } : {}) });
      let allowedOn: Assignment | undefined;
      for (const a of mine) {
        const env = await this.assignments.env(tx.em, a, tx.message);
        try {
          ASSIGNMENT_MACHINE.check(AssignmentAction.RESPOND_SUPERVISION, a.state, env, viewer);
          allowedOn = a;
          break;
        } catch (e) {
          if (a === mine[mine.length - 1]) throw e;
        }
      }
      if (!allowedOn) throw forbidden('只有被督办的单位可以反馈 (only the supervised unit answers)', { reason: ErrorReason.ONLY_SUPERVISED_UNIT_ANSWERS });
      await tx.em.getRepository(Supervision).update(s.id, { response: response.trim(), respondedAt: tx.now });
      tx.log({
        action: LedgerAction.SUPERVISION_ANSWERED,
        assignmentId: allowedOn.id,
        unitId: allowedOn.unitId,
        payload: { supervisionId: s.id, onTime: !s.dueAt || tx.now <= s.dueAt },
      });
    });
    return this.ds.getRepository(Supervision).findOneByOrFail({ id: supervisionId });
  }
}

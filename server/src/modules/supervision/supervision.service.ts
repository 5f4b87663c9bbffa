/** 催办 / 督办 / 批示 on open messages, pushed to the units' inboxes; units answer formal supervision. */
import { DataSource, In } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { parseId } from '../../common/text';
import { badInput, notFound } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { AssignmentService } from '../assignment/assignment.service';
import { ASSIGNMENT_MACHINE, AssignmentAction } from '../assignment/assignment.transitions';
import { Workflow } from '../ledger/ledger';
import { AssignmentState, SupervisionKind } from '../message/message.enums';
import { MessageService, staffActor } from '../message/message.service';
import { MessageAction } from '../message/message.transitions';
import { Supervision } from './supervision.entity';

const ACTION: Record<SupervisionKind, MessageAction> = {
  URGE: MessageAction.URGE,
  SUPERVISE: MessageAction.SUPERVISE,
  INSTRUCTION: MessageAction.INSTRUCT,
};
const LEDGER: Record<SupervisionKind, string> = { URGE: 'URGED', SUPERVISE: 'SUPERVISED', INSTRUCTION: 'INSTRUCTED' };

export class SupervisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly assignments: AssignmentService,
  ) {}

  async add(viewer: StaffViewer, kind: SupervisionKind, input: { messageId: string; unitId?: string; content: string; dueAt?: Date; expectedVersion?: number }) {
    const messageId = parseId('messageId', input.messageId);
    const unitId = input.unitId ? parseId('unitId', input.unitId) : null;
    if (kind === SupervisionKind.SUPERVISE) {
      if (!input.dueAt) throw badInput('dueAt', '督办须设定反馈期限 (supervision needs a due date)');
      if (input.dueAt.getTime() <= this.workflow.now().getTime()) throw badInput('dueAt', '反馈期限须晚于现在 (due date must be in the future)');
    }
    return this.messages.act(viewer, messageId, ACTION[kind], input.expectedVersion, async (tx) => {
      const active = await tx.em.getRepository(Assignment).findBy({ messageId, state: In([AssignmentState.PENDING, AssignmentState.SIGNED, AssignmentState.RETURN_REQUESTED, AssignmentState.REPLIED]) });
      if (unitId && !active.some((a) => a.unitId === unitId)) throw badInput('unitId', '该单位没有承办此留言 (the unit has no assignment on this message)');
      const targets = unitId ? [unitId] : [...new Set(active.map((a) => a.unitId))];
      const s = await tx.em.getRepository(Supervision).save(tx.em.getRepository(Supervision).create({
        messageId, unitId, kind, content: input.content.trim(), dueAt: kind === SupervisionKind.SUPERVISE ? input.dueAt! : null, createdById: viewer.userId,
      }));
      tx.log({ action: LEDGER[kind], payload: { supervisionId: s.id, unitId, content: s.content, dueAt: s.dueAt?.toISOString() ?? null }, notifyUnitIds: targets });
      return s;
    });
  }

  /** A unit answers a formal supervision (督办反馈). */
  async respond(viewer: StaffViewer, supervisionId: number, response: string) {
    const s0 = await this.ds.getRepository(Supervision).findOneBy({ id: supervisionId });
    if (!s0 || s0.kind !== SupervisionKind.SUPERVISE) throw notFound('Supervision', supervisionId);
    await this.workflow.run(s0.messageId, { actor: staffActor(viewer) }, async (tx) => {
      const s = await tx.em.getRepository(Supervision).findOneByOrFail({ id: supervisionId });
      if (s.respondedAt) throw badInput('supervisionId', '已反馈 (already answered)');
      const mine = (await tx.em.getRepository(Assignment).findBy({ messageId: s.messageId, ...(s.unitId ? { unitId: s.unitId } : {}) }));
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
      if (!allowedOn) throw notFound('Supervision', supervisionId);
      await tx.em.getRepository(Supervision).update(s.id, { response: response.trim(), respondedAt: tx.now });
      tx.log({ action: 'SUPERVISION_ANSWERED', assignmentId: allowedOn.id, unitId: allowedOn.unitId, payload: { supervisionId: s.id, onTime: !s.dueAt || tx.now <= s.dueAt } });
    });
    return this.ds.getRepository(Supervision).findOneByOrFail({ id: supervisionId });
  }
}

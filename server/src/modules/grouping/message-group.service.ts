/**
 * 相似件归并: a dispatcher links messages about the same matter (一事多诉: other citizens, usually found among the
 * similar messages) into a group with a lead message (主件), and the group is handled together:
 *  - assigning the lead can assign every open, unassigned member to the same units in the same transaction
 *    (`assignGroup`), each member through its own ASSIGN transition with its own ledger row and its own deadlines;
 *  - members already assigned, answered or closed keep their own handling (listed as skipped);
 *  - each member keeps its own reply, deadline and rating (statistics count every message), and its page shows the
 *    group and the lead's state.
 * True duplicates (the same citizen again) are merged instead (并单, `MessageService.merge`).
 * Linking and unlinking are declared message actions (GROUP, UNGROUP: platform roles) and recorded in the ledger
 * of each message concerned (GROUPED, UNGROUPED), and — when a message other than the lead joins or is taken out —
 * in the lead's ledger too (GROUP_MEMBER_ADDED, GROUP_MEMBER_REMOVED), in the same transaction.
 * docs/analysis.md, "Groups of similar messages".
 */
import { DataSource, EntityManager, In } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { parseId } from '../../common/text';
import { isUniqueViolation } from '../../db/transaction';
import { badInput, conflict, forbidden, notFound, ErrorReason } from '../../graphql/errors';
import type { AssignMessageInput } from '../assignment/assignment.inputs';
import type { AssignmentService } from '../assignment/assignment.service';
import { LedgerEntry, Step, Tx, Workflow } from '../ledger/ledger';
import { Message } from '../message/message.entity';
import { MessageState } from '../message/message.enums';
import { staffActor, type MessageService } from '../message/message.service';
import { MessageAction } from '../message/message.transitions';
import { PLATFORM_ROLES } from '../../auth/roles';
import { MessageGroup, MessageGroupMember } from './message-group.entity';
import { GroupMemberView, visibleMembersOf } from './message-group.loaders';
import { LedgerAction } from '../ledger/ledger-action';

/** Messages in one group, the lead included. */
export const GROUP_MAX = 50;
/** States in which a member is assigned together with its lead (the ASSIGN transition's). */
const UNASSIGNED = [MessageState.RECEIVED, MessageState.ACCEPTED];

export interface GroupAssignment {
  message: Message;
  assigned: Message[];
  skipped: Message[];
}

export class MessageGroupService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly assignments: AssignmentService,
  ) {}

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  /** The group a message is in, or null. */
  async groupOf(messageId: number, em: EntityManager = this.ds.manager): Promise<MessageGroup | null> {
    const member = await em.getRepository(MessageGroupMember).findOneBy({ messageId });
    return member ? em.getRepository(MessageGroup).findOneBy({ id: member.groupId }) : null;
  }

  /**
   * A group for a viewer: unit roles and leaders reach a group through its members they may read; a group with
   * none in their reach is NOT_FOUND, exactly as a missing id.
   */
  async get(viewer: StaffViewer, id: number, em: EntityManager = this.ds.manager): Promise<MessageGroup> {
    const group = await em.getRepository(MessageGroup).findOneBy({ id });
    if (!group || !(await this.visibleMembers(viewer, group, em)).length) throw notFound('MessageGroup', id);
    return group;
  }

  /** The members the viewer may read, the lead first, then by submission (one statement; a request's groups: groupMembersFor). */
  async visibleMembers(viewer: StaffViewer, group: MessageGroup, em: EntityManager = this.ds.manager): Promise<GroupMemberView[]> {
    return (await visibleMembersOf(em, viewer, [group.id])).get(group.id) ?? [];
  }

  // ── linking ────────────────────────────────────────────────────────────────────────────────────

  /** Makes a group of a lead message and some of its similar messages (at least one), in one transaction. */
  async create(
    viewer: StaffViewer,
    input: { leadMessageId: string; memberMessageIds: string[]; note?: string; expectedVersion?: number },
  ): Promise<MessageGroup> {
    const leadId = parseId('leadMessageId', input.leadMessageId);
    const memberIds = this.ids('memberMessageIds', input.memberMessageIds).filter((id) => id !== leadId);
    if (!memberIds.length)
      throw badInput('memberMessageIds', '请至少选择一件其他留言 (choose at least one other message)', {
        reason: ErrorReason.TOO_FEW,
        params: { field: 'memberMessageIds', min: 1 },
      });
    if (memberIds.length + 1 > GROUP_MAX) throw this.tooLarge('memberMessageIds');
    const note = input.note?.trim() || null;
    const id = await this.workflow.together(async (step, em) => {
      let group: MessageGroup | null = null;
      await this.messages.act(
        viewer,
        leadId,
        MessageAction.GROUP,
        input.expectedVersion,
        async (tx) => {
          await this.notGrouped(tx);
          group = await tx.em
            .getRepository(MessageGroup)
            .save(tx.em.getRepository(MessageGroup).create({ leadMessageId: leadId, note, createdById: viewer.userId }));
          await this.join(tx, group, viewer, { isLead: true, note });
        },
        { step },
      );
      await this.joinAll(viewer, group!, memberIds, note, step, em);
      return group!.id;
    });
    return this.ds.getRepository(MessageGroup).findOneByOrFail({ id });
  }

  /** Adds messages to a group. */
  async add(viewer: StaffViewer, input: { groupId: string; messageIds: string[]; note?: string }): Promise<MessageGroup> {
    const groupId = parseId('groupId', input.groupId);
    const ids = this.ids('messageIds', input.messageIds);
    const note = input.note?.trim() || null;
    await this.workflow.together(async (step, em) => {
      const group = await this.get(viewer, groupId, em);
      this.platformOnly(viewer);
      const count = await em.getRepository(MessageGroupMember).countBy({ groupId });
      if (count + ids.length > GROUP_MAX) throw this.tooLarge('messageIds');
      await this.joinAll(viewer, group, ids, note, step, em);
    });
    return this.ds.getRepository(MessageGroup).findOneByOrFail({ id: groupId });
  }

  /**
   * Takes a message out of its group. The lead stays (dissolve the group instead); a group left with its lead alone
   * is dissolved in the same transaction. Returns the group, or null when it was dissolved.
   */
  async remove(viewer: StaffViewer, input: { messageId: string; note?: string; expectedVersion?: number }): Promise<MessageGroup | null> {
    const messageId = parseId('messageId', input.messageId);
    const note = input.note?.trim() || null;
    const groupId = await this.workflow.together(async (step, em) => {
      let group: MessageGroup | null = null;
      const member = await this.messages.act(
        viewer,
        messageId,
        MessageAction.UNGROUP,
        input.expectedVersion,
        async (tx) => {
          group = await this.groupOf(messageId, tx.em);
          if (!group) throw badInput('messageId', '该留言未归并 (the message is in no group)', { reason: ErrorReason.NOT_GROUPED });
          if (group.leadMessageId === messageId)
            throw badInput('messageId', '主件不能移出，可解除归并 (the lead stays: dissolve the group instead)', { reason: ErrorReason.GROUP_LEAD_STAYS });
          await this.leave(tx, group, 'REMOVED', note);
          return tx.message;
        },
        { step },
      );
      await this.onLead(viewer, group!, step, {
        action: LedgerAction.GROUP_MEMBER_REMOVED,
        payload: { groupId: group!.id, memberMessageId: member.id, memberSerialNo: member.serialNo, why: 'REMOVED', note },
      });
      const left = await em.getRepository(MessageGroupMember).countBy({ groupId: group!.id });
      if (left > 1) return group!.id;
      await this.dissolveIn(viewer, group!, note, step, em);
      return null;
    });
    return groupId === null ? null : this.ds.getRepository(MessageGroup).findOneByOrFail({ id: groupId });
  }

  /** Dissolves a group (解除归并): every member leaves it, each with its ledger row. */
  async dissolve(viewer: StaffViewer, input: { groupId: string; note?: string }): Promise<void> {
    const groupId = parseId('groupId', input.groupId);
    await this.workflow.together(async (step, em) => {
      const group = await this.get(viewer, groupId, em);
      this.platformOnly(viewer);
      await this.dissolveIn(viewer, group, input.note?.trim() || null, step, em);
    });
  }

  // ── handling together ──────────────────────────────────────────────────────────────────────────

  /**
   * 交办 of a group's lead together with its group: the lead as `assignMessage` would, then every other member that
   * is still unassigned (待受理 or 已受理) to the same units with the same instructions, in the same transaction;
   * each member gets its own ASSIGNED ledger row (naming the group and its lead) and its own deadlines (its own
   * type and category). Members already assigned, answered, closed, merged or refused are left as they are and
   * returned as skipped.
   */
  async assignGroup(viewer: StaffViewer, input: AssignMessageInput): Promise<GroupAssignment> {
    const leadId = parseId('messageId', input.messageId);
    // the reach rule first: a message outside it is NOT_FOUND whatever else the request holds
    await this.messages.getVisible(viewer, leadId);
    const done = await this.workflow.together(async (step, em) => {
      const group = await this.groupOf(leadId, em);
      if (!group || group.leadMessageId !== leadId) {
        const lead = group ? await em.getRepository(Message).findOneBy({ id: group.leadMessageId }) : null;
        throw badInput('messageId', '只有主件可以连同归并组一起交办 (only the lead message is assigned with its group)', {
          reason: ErrorReason.NOT_GROUP_LEAD,
          params: lead ? { leadSerialNo: lead.serialNo } : {},
        });
      }
      const rows = await em.getRepository(MessageGroupMember).findBy({ groupId: group.id });
      const others =
        rows.length > 1
          ? await em
              .getRepository(Message)
              .find({ where: { id: In(rows.map((r) => r.messageId).filter((id) => id !== leadId)) }, order: { submittedAt: 'ASC', id: 'ASC' } })
          : [];
      const open = others.filter((m) => UNASSIGNED.includes(m.state));
      const leadMessage = await this.assignments.assign(viewer, input, {
        step,
        payload: { group: { id: group.id, lead: true, members: open.map((m) => m.serialNo) } },
      });
      const assigned: number[] = [];
      for (const m of open) {
        await this.assignments.assign(
          viewer,
          { ...input, messageId: String(m.id), expectedVersion: undefined },
          {
            step,
            payload: { group: { id: group.id, lead: false, leadMessageId: leadId, leadSerialNo: leadMessage.serialNo } },
          },
        );
        assigned.push(m.id);
      }
      return { leadId, assigned, skipped: others.filter((m) => !UNASSIGNED.includes(m.state)).map((m) => m.id) };
    });
    const repo = this.ds.getRepository(Message);
    const load = async (ids: number[]) => (ids.length ? (await repo.findBy({ id: In(ids) })).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)) : []);
    return { message: await repo.findOneByOrFail({ id: done.leadId }), assigned: await load(done.assigned), skipped: await load(done.skipped) };
  }

  // ── steps ──────────────────────────────────────────────────────────────────────────────────────

  private async joinAll(viewer: StaffViewer, group: MessageGroup, ids: number[], note: string | null, step: Step, em: EntityManager) {
    const lead = await em.getRepository(Message).findOneByOrFail({ id: group.leadMessageId });
    for (const id of ids) {
      const member = await this.messages.act(
        viewer,
        id,
        MessageAction.GROUP,
        undefined,
        async (tx) => {
          await this.notGrouped(tx);
          await this.join(tx, group, viewer, { isLead: false, note, lead });
          return tx.message;
        },
        { step },
      );
      await this.onLead(viewer, group, step, {
        action: LedgerAction.GROUP_MEMBER_ADDED,
        payload: { groupId: group.id, memberMessageId: member.id, memberSerialNo: member.serialNo, note },
      });
    }
  }

  /**
   * A row in the lead's ledger when another message joins or leaves its group. The lead's own row does not change (the
   * membership is the member's), so the step records without bumping the lead's version: whoever has the lead open is
   * not sent a CONFLICT by someone else's grouping.
   */
  private onLead(viewer: StaffViewer, group: MessageGroup, step: Step, entry: LedgerEntry) {
    return step(group.leadMessageId, { actor: staffActor(viewer), recordOnly: true }, async (tx) => tx.log(entry));
  }

  private async join(tx: Tx, group: MessageGroup, viewer: StaffViewer, opts: { isLead: boolean; note: string | null; lead?: Message }) {
    try {
      await tx.em.getRepository(MessageGroupMember).insert({ messageId: tx.message.id, groupId: group.id, addedById: viewer.userId, addedAt: tx.now });
    } catch (e) {
      // another dispatcher grouped it meanwhile
      if (isUniqueViolation(e))
        throw conflict(`留言 ${tx.message.serialNo} 已归并 (already in a group)`, {
          reason: ErrorReason.ALREADY_GROUPED,
          params: { serialNo: tx.message.serialNo, leadSerialNo: '' },
        });
      throw e;
    }
    const lead = opts.lead ?? tx.message;
    tx.log({
      action: LedgerAction.GROUPED,
      payload: { groupId: group.id, isLead: opts.isLead, leadMessageId: lead.id, leadSerialNo: lead.serialNo, note: opts.note },
    });
  }

  private async leave(tx: Tx, group: MessageGroup, why: 'REMOVED' | 'DISSOLVED', note: string | null) {
    await tx.em.getRepository(MessageGroupMember).delete({ messageId: tx.message.id, groupId: group.id });
    const lead = tx.message.id === group.leadMessageId ? tx.message : await tx.em.getRepository(Message).findOneBy({ id: group.leadMessageId });
    tx.log({
      action: LedgerAction.UNGROUPED,
      payload: {
        groupId: group.id,
        why,
        wasLead: tx.message.id === group.leadMessageId,
        leadMessageId: group.leadMessageId,
        leadSerialNo: lead?.serialNo ?? null,
        note,
      },
    });
  }

  private async dissolveIn(viewer: StaffViewer, group: MessageGroup, note: string | null, step: Step, em: EntityManager) {
    const rows = await em.getRepository(MessageGroupMember).findBy({ groupId: group.id });
    const ids = [
      group.leadMessageId,
      ...rows
        .map((r) => r.messageId)
        .filter((id) => id !== group.leadMessageId)
        .sort((a, b) => a - b),
    ];
    for (const id of ids) {
      if (!rows.some((r) => r.messageId === id)) continue;
      await this.messages.act(viewer, id, MessageAction.UNGROUP, undefined, (tx) => this.leave(tx, group, 'DISSOLVED', note), { step });
    }
    await em.getRepository(MessageGroup).delete({ id: group.id });
  }

  /** CONFLICT when the message is in a group already (a message is in at most one). */
  private async notGrouped(tx: Tx) {
    const group = await this.groupOf(tx.message.id, tx.em);
    if (!group) return;
    const lead = await tx.em.getRepository(Message).findOneBy({ id: group.leadMessageId });
    throw conflict(`留言 ${tx.message.serialNo} 已归并 (already in a group)`, {
      reason: ErrorReason.ALREADY_GROUPED,
      params: { serialNo: tx.message.serialNo, leadSerialNo: lead?.serialNo ?? '' },
    });
  }

  private ids(field: string, raw: string[]): number[] {
    return [...new Set(raw.map((id) => parseId(field, id)))];
  }

  private tooLarge(field: string) {
    return badInput(field, `一组最多归并 ${GROUP_MAX} 件留言 (at most ${GROUP_MAX} messages in a group)`, {
      reason: ErrorReason.GROUP_TOO_LARGE,
      params: { max: GROUP_MAX },
    });
  }

  /** Within reach but not a platform role: FORBIDDEN (the message actions say the same through their machine). */
  private platformOnly(viewer: StaffViewer) {
    if (!PLATFORM_ROLES.includes(viewer.role)) {
      throw forbidden(`角色 ${viewer.role} 不能执行 ${MessageAction.GROUP} (role may not ${MessageAction.GROUP})`, {
        reason: ErrorReason.ROLE_MAY_NOT,
        params: { role: viewer.role, action: MessageAction.GROUP },
      });
    }
  }
}

/** The message's action buttons, drawn only for the actions the server lists in `availableActions`. */
import { useRecordContext, useTranslate } from 'react-admin';
import { ActionDialog, FieldSpec } from '../../components/ActionDialog';
import * as Ops from '../../generated/graphql';
import { enumChoices } from '../../components/common';

export function MessageActions() {
  const m = useRecordContext<any>();
  const t = useTranslate();
  if (!m) return null;
  const base = { messageId: m.id, expectedVersion: m.version };
  const reason = (label = t('wz.fields.reason')): FieldSpec => ({ name: 'reason', kind: 'multiline', label, required: true });
  const content: FieldSpec = { name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true };
  const scores: FieldSpec[] = ['resolution', 'attitude', 'speed'].map((k) => ({
    name: k, kind: 'select' as const, label: t(`wz.fields.${k}`), required: true, initial: '5', options: ['5', '4', '3', '2', '1'].map((v) => ({ value: v, label: v })),
  }));
  const form = (extra: Record<string, unknown>) => ({ content: String(extra.content ?? ''), contactedCitizen: !!extra.contactedCitizen, contactMethod: extra.contactMethod || undefined, resolved: !!extra.resolved });
  const spec: Record<string, Omit<Parameters<typeof ActionDialog>[0], 'label'>> = {
    ACCEPT: { doc: Ops.AcceptMessage, variables: () => ({ input: base }) },
    MARK_INVALID: {
      doc: Ops.MarkMessageInvalid, color: 'error',
      fields: [{ name: 'reason', kind: 'select', label: t('wz.fields.invalidReason'), required: true, initial: 'EMPTY', options: enumChoices('InvalidReason').map((c) => ({ value: c.id, label: t(c.name) })) }, { name: 'note', kind: 'text', label: t('wz.fields.note') }],
      variables: (v) => ({ input: { ...base, reason: v.reason, note: v.note || undefined } }),
    },
    MERGE: { doc: Ops.MergeMessage, fields: [{ name: 'target', kind: 'text', label: t('wz.fields.target'), required: true }], variables: (v) => ({ input: { ...base, targetMessageId: v.target } }) },
    ASSIGN: {
      doc: Ops.AssignMessage, testId: 'action-ASSIGN',
      fields: [{ name: 'lead', kind: 'unit', label: t('wz.fields.leadUnit'), required: true }, { name: 'assists', kind: 'units', label: t('wz.fields.assistUnits') }, { name: 'note', kind: 'multiline', label: t('wz.fields.note') }],
      variables: (v) => ({ input: { ...base, leadUnitId: v.lead?.id, assistUnitIds: (v.assists ?? []).map((u: { id: string }) => u.id), note: v.note || undefined } }),
    },
    REASSIGN: { doc: Ops.ReassignMessage, fields: [{ name: 'lead', kind: 'unit', label: t('wz.fields.leadUnit'), required: true }, reason()], variables: (v) => ({ input: { ...base, leadUnitId: v.lead?.id, reason: v.reason } }) },
    DIRECT_ANSWER: {
      doc: Ops.DirectAnswer,
      fields: [content, { name: 'contactedCitizen', kind: 'checkbox', label: t('wz.fields.contactedCitizen') }, { name: 'resolved', kind: 'checkbox', label: t('wz.fields.resolved') }],
      variables: (v) => ({ input: { messageId: m.id, ...form(v) } }),
    },
    HOLD: { doc: Ops.HoldMessage, fields: [reason()], variables: (v) => ({ input: { ...base, reason: v.reason } }) },
    RESUME: { doc: Ops.ResumeMessage, fields: [reason(t('wz.fields.note'))], variables: (v) => ({ input: { ...base, reason: v.reason } }) },
    URGE: { doc: Ops.UrgeMessage, color: 'warning', fields: [content], variables: (v) => ({ input: { messageId: m.id, content: v.content } }) },
    SUPERVISE: { doc: Ops.SuperviseMessage, color: 'warning', fields: [content, { name: 'dueAt', kind: 'datetime', label: t('wz.fields.dueAt'), required: true }], variables: (v) => ({ input: { messageId: m.id, content: v.content, dueAt: new Date(v.dueAt).toISOString() } }) },
    INSTRUCT: { doc: Ops.InstructMessage, color: 'secondary', fields: [content], variables: (v) => ({ input: { messageId: m.id, content: v.content } }) },
    RECORD_EVALUATION: {
      doc: Ops.RecordEvaluation, fields: [...scores, { name: 'comment', kind: 'text', label: t('wz.fields.comment') }],
      variables: (v) => ({ input: { ...base, resolution: Number(v.resolution), attitude: Number(v.attitude), speed: Number(v.speed), comment: v.comment || undefined } }),
    },
    REOPEN: { doc: Ops.ReopenMessage, color: 'warning', fields: [reason()], variables: (v) => ({ input: { ...base, reason: v.reason } }) },
    CLOSE: { doc: Ops.CloseMessage, variables: () => ({ input: base }) },
  };
  return (
    <div data-testid="message-actions">
      {(m.availableActions as string[]).filter((a) => spec[a]).map((a) => (
        <ActionDialog key={a} label={t(`wz.actions.${a}`)} testId={`action-${a}`} {...spec[a]} />
      ))}
    </div>
  );
}

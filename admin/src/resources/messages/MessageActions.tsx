/** The message's action buttons, drawn only for the actions the server lists in `availableActions`. */
import { useRecordContext, useTranslate } from 'react-admin';
import { action, ActionDialog, type ActionSpec, type FieldSpec, type FormValues, optional, text, unitOf } from '../../components/ActionDialog';
import * as Ops from '../../generated/graphql';
import { enumChoices } from '../../components/common';
import { AssignDialog, ASSIGNABLE } from './AssignDialog';
import { MergeDialog } from './Duplicates';
import { KnowledgeQuotes, quotedArticleIds } from '../knowledge/KnowledgeQuotes';

/** 不予受理's form, on the message page and in bulk: the reason, preset to what the screen expects most, and a note. */
export const markInvalidFields = (t: ReturnType<typeof useTranslate>, initial: Ops.InvalidReason): FieldSpec[] => [
  {
    name: 'reason',
    kind: 'select',
    label: t('wz.fields.invalidReason'),
    required: true,
    initial,
    options: enumChoices('InvalidReason').map((c) => ({ value: c.id, label: t(c.name) })),
  },
  { name: 'note', kind: 'text', label: t('wz.fields.note') },
];
/** The reason and note of that form, as markMessageInvalid takes them. */
export const markInvalidInput = (v: FormValues) => ({ reason: text(v.reason) as Ops.InvalidReason, note: optional(v.note) });

export function MessageActions() {
  const m = useRecordContext<Ops.MessageDetailFields>();
  const t = useTranslate();
  if (!m) return null;
  const base = { messageId: m.id, expectedVersion: m.version };
  const reason = (label = t('wz.fields.reason')): FieldSpec => ({ name: 'reason', kind: 'multiline', label, required: true });
  const content: FieldSpec = { name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true };
  // Each score is chosen by the staff as the citizen gave it: nothing is preset (a default inflates satisfaction).
  const scores: FieldSpec[] = ['resolution', 'attitude', 'speed'].map((k) => ({
    name: k,
    kind: 'select' as const,
    label: t(`wz.fields.${k}`),
    required: true,
    initial: '',
    options: ['5', '4', '3', '2', '1'].map((v) => ({ value: v, label: t(`wz.score.${v}`) })),
  }));
  const form = (v: FormValues) => ({
    content: text(v.content),
    contactedCitizen: !!v.contactedCitizen,
    contactMethod: optional(v.contactMethod),
    resolved: !!v.resolved,
  });
  const spec: Partial<Record<Ops.MessageAction, ActionSpec>> = {
    ACCEPT: action({ doc: Ops.AcceptMessage, variables: () => ({ input: base }) }),
    MARK_INVALID: action({
      doc: Ops.MarkMessageInvalid,
      color: 'error',
      fields: markInvalidFields(t, 'EMPTY'),
      variables: (v) => ({ input: { ...base, ...markInvalidInput(v) } }),
    }),
    REASSIGN: action({
      doc: Ops.ReassignMessage,
      fields: [{ name: 'lead', kind: 'unit', label: t('wz.fields.leadUnit'), required: true, filter: ASSIGNABLE }, reason()],
      variables: (v) => ({ input: { ...base, leadUnitId: unitOf(v.lead)?.id ?? '', reason: text(v.reason) } }),
    }),
    DIRECT_ANSWER: action({
      doc: Ops.DirectAnswer,
      fields: [
        content,
        { name: 'contactedCitizen', kind: 'checkbox', label: t('wz.fields.contactedCitizen') },
        { name: 'resolved', kind: 'checkbox', label: t('wz.fields.resolved') },
      ],
      // 知识推荐: an article's answer quoted into the reply, and recorded with it.
      extra: (v, set) => <KnowledgeQuotes messageId={m.id} values={v} set={set} />,
      variables: (v) => ({ input: { messageId: m.id, ...form(v), articleIds: quotedArticleIds(v) } }),
    }),
    HOLD: action({ doc: Ops.HoldMessage, fields: [reason()], variables: (v) => ({ input: { ...base, reason: text(v.reason) } }) }),
    RESUME: action({ doc: Ops.ResumeMessage, fields: [reason(t('wz.fields.note'))], variables: (v) => ({ input: { ...base, reason: text(v.reason) } }) }),
    URGE: action({ doc: Ops.UrgeMessage, color: 'warning', fields: [content], variables: (v) => ({ input: { messageId: m.id, content: text(v.content) } }) }),
    SUPERVISE: action({
      doc: Ops.SuperviseMessage,
      color: 'warning',
      fields: [content, { name: 'dueAt', kind: 'datetime', label: t('wz.fields.dueAt'), required: true }],
      variables: (v) => ({ input: { messageId: m.id, content: text(v.content), dueAt: new Date(text(v.dueAt)).toISOString() } }),
    }),
    INSTRUCT: action({
      doc: Ops.InstructMessage,
      color: 'secondary',
      fields: [content],
      variables: (v) => ({ input: { messageId: m.id, content: text(v.content) } }),
    }),
    RECORD_EVALUATION: action({
      doc: Ops.RecordEvaluation,
      fields: [...scores, { name: 'comment', kind: 'text', label: t('wz.fields.comment') }],
      variables: (v) => ({
        input: { ...base, resolution: Number(v.resolution), attitude: Number(v.attitude), speed: Number(v.speed), comment: optional(v.comment) },
      }),
    }),
    REOPEN: action({ doc: Ops.ReopenMessage, color: 'warning', fields: [reason()], variables: (v) => ({ input: { ...base, reason: text(v.reason) } }) }),
    CLOSE: action({ doc: Ops.CloseMessage, variables: () => ({ input: base }) }),
  };
  return (
    <div data-testid="message-actions">
      {m.availableActions.map((a) => {
        // 交办 and 并单 have dialogs of their own (deadline preview; serial number and suggestions).
        if (a === 'ASSIGN') return <AssignDialog key={a} message={m} />;
        if (a === 'MERGE') return <MergeDialog key={a} message={m} />;
        const s = spec[a];
        return s ? <ActionDialog key={a} label={t(`wz.actions.${a}`)} testId={`action-${a}`} subject={m.serialNo} {...s} /> : null;
      })}
    </div>
  );
}

/** Buttons on an assignment (sign, hand down, return, extension, reply) and on a reply (submit, review). */
import { useTranslate } from 'react-admin';
import { ActionDialog, FieldSpec } from '../../components/ActionDialog';
import { gql } from '../../api/client';
import * as Ops from '../../generated/graphql';

const replyForm = (t: (k: string) => string): FieldSpec[] => [
  { name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true },
  { name: 'contactedCitizen', kind: 'checkbox', label: t('wz.fields.contactedCitizen') },
  { name: 'contactMethod', kind: 'text', label: t('wz.fields.contactMethod') },
  { name: 'resolved', kind: 'checkbox', label: t('wz.fields.resolved') },
];
const form = (v: Record<string, any>) => ({ content: v.content, contactedCitizen: !!v.contactedCitizen, contactMethod: v.contactMethod || undefined, resolved: !!v.resolved });

export function AssignmentActions({ assignment: a, message }: { assignment: any; message: { version: number } }) {
  const t = useTranslate();
  const base = { assignmentId: a.id, expectedVersion: message.version };
  const kinds = a.role === 'LEAD' ? ['FINAL', 'PROGRESS'] : ['ASSIST_OPINION'];
  const decision = (doc: any, approve: boolean): Omit<Parameters<typeof ActionDialog>[0], 'label'> => ({
    doc, color: approve ? 'success' : 'error', fields: approve ? [] : [{ name: 'comment', kind: 'multiline', label: t('wz.fields.comment'), required: true }],
    variables: (v) => ({ input: { ...base, approve, comment: v.comment || undefined } }),
  });
  const spec: Record<string, Omit<Parameters<typeof ActionDialog>[0], 'label'>> = {
    SIGN: { doc: Ops.SignAssignment, variables: () => ({ input: base }) },
    DELEGATE: { doc: Ops.DelegateAssignment, fields: [{ name: 'unit', kind: 'unit', label: t('wz.fields.unit'), required: true }, { name: 'note', kind: 'text', label: t('wz.fields.note') }], variables: (v) => ({ input: { ...base, unitId: v.unit?.id, note: v.note || undefined } }) },
    REQUEST_RETURN: { doc: Ops.RequestReturn, color: 'warning', fields: [{ name: 'reason', kind: 'multiline', label: t('wz.fields.reason'), required: true }], variables: (v) => ({ input: { ...base, reason: v.reason } }) },
    APPROVE_RETURN: decision(Ops.DecideReturn, true),
    REJECT_RETURN: decision(Ops.DecideReturn, false),
    REQUEST_EXTENSION: { doc: Ops.RequestExtension, fields: [{ name: 'days', kind: 'number', label: t('wz.fields.days'), required: true, initial: '5' }, { name: 'reason', kind: 'multiline', label: t('wz.fields.reason'), required: true }], variables: (v) => ({ input: { ...base, days: Number(v.days), reason: v.reason } }) },
    APPROVE_EXTENSION: decision(Ops.DecideExtension, true),
    REJECT_EXTENSION: decision(Ops.DecideExtension, false),
    DRAFT_REPLY: {
      doc: Ops.DraftReply,
      fields: [{ name: 'kind', kind: 'select', label: t('wz.fields.kind'), required: true, initial: kinds[0], options: kinds.map((k) => ({ value: k, label: t(`wz.enums.ReplyKind.${k}`) })) }, ...replyForm(t)],
      // Drafting and submitting are one step for the handler: the draft goes straight to review.
      variables: (v) => ({ input: { assignmentId: a.id, kind: v.kind, ...form(v) } }),
      onDone: (data) => gql(Ops.SubmitReply, { input: { replyId: data.draftReply.reply.id } }),
    },
  };
  return (
    <div>
      {(a.availableActions as string[]).filter((x) => spec[x]).map((x) => <ActionDialog key={x} label={t(`wz.actions.${x}`)} testId={`assignment-action-${x}`} {...spec[x]} />)}
    </div>
  );
}

export function ReplyActions({ reply: r }: { reply: any }) {
  const t = useTranslate();
  const review = (approve: boolean): Omit<Parameters<typeof ActionDialog>[0], 'label'> => ({
    doc: Ops.ReviewReply, color: approve ? 'success' : 'error',
    fields: [{ name: 'comment', kind: 'multiline', label: t('wz.fields.comment'), required: !approve }],
    variables: (v) => ({ input: { replyId: r.id, approve, comment: v.comment || undefined } }),
  });
  const spec: Record<string, Omit<Parameters<typeof ActionDialog>[0], 'label'>> = {
    EDIT: {
      doc: Ops.UpdateReply, fields: replyForm(t).map((f) => (f.name === 'content' ? { ...f, initial: r.content } as FieldSpec : f)),
      variables: (v) => ({ input: { replyId: r.id, ...form(v) } }),
      onDone: () => gql(Ops.SubmitReply, { input: { replyId: r.id } }),
    },
    SUBMIT: { doc: Ops.SubmitReply, variables: () => ({ input: { replyId: r.id } }) },
    UNIT_APPROVE: review(true),
    UNIT_REJECT: review(false),
    PLATFORM_APPROVE: review(true),
    PLATFORM_REJECT: review(false),
  };
  return (
    <div>
      {(r.availableActions as string[]).filter((x) => spec[x]).map((x) => <ActionDialog key={x} label={t(`wz.actions.${x}`)} testId={`reply-action-${x}`} {...spec[x]} />)}
    </div>
  );
}

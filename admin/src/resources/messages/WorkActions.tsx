/**
 * Buttons on an assignment (sign, hand down, contact the citizen, return, extension, reply, answer a supervision, withdraw) and on a
 * reply (submit, review). Every one asks first and shows what the decision rests on; actions the state allows but
 * a rule refuses right now are named with the reason (the server's `blockedActions`), never silently missing.
 */
import type { ReactNode } from 'react';
import { Alert, Box, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { action, ActionDialog, type ActionSpec, type FieldSpec, type FormValues, optional, text, unitOf } from '../../components/ActionDialog';
import { fmt, UserText } from '../../components/common';
import { wordError } from '../../api/errorText';
import { gql } from '../../api/client';
import * as Ops from '../../generated/graphql';
import { DraftExtras, draftAttachments, draftReady } from './DraftExtras';
import { KnowledgeQuotes, quotedArticleIds } from '../knowledge/KnowledgeQuotes';

type Message = Ops.MessageDetailFields;
type Assignment = Message['assignments'][number];
/** What the reply buttons need of a reply (the message page's reply or the review queue's). */
type Reply = Pick<Ops.ReplyFields, 'id' | 'content' | 'availableActions' | 'blockedActions'>;

const replyForm = (t: (k: string) => string): FieldSpec[] => [
  { name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true },
  { name: 'contactedCitizen', kind: 'checkbox', label: t('wz.fields.contactedCitizen') },
  { name: 'contactMethod', kind: 'text', label: t('wz.fields.contactMethod') },
  { name: 'resolved', kind: 'checkbox', label: t('wz.fields.resolved') },
];
const form = (v: FormValues) => ({
  content: text(v.content),
  contactedCitizen: !!v.contactedCitizen,
  contactMethod: optional(v.contactMethod),
  resolved: !!v.resolved,
});

/**
 * Reasons that explain themselves by what the page already shows (nothing on hold to resume, no request waiting,
 * the lead unit is reassigned rather than withdrawn): not repeated as notes.
 */
const SELF_EVIDENT = new Set([
  'NO_PENDING_OBJECTION',
  'NOT_ON_HOLD',
  'ALREADY_ON_HOLD',
  'NO_PENDING_EXTENSION',
  'NO_OPEN_SUPERVISION',
  'LEAD_USE_REASSIGN',
  'CONSULTATIONS_ONLY',
]);

/** Why an action the state allows is not offered now (审核通过并发布 while assist opinions are missing, …). */
export function BlockedNotes({ blocked }: { blocked?: Ops.BlockedActionFields[] }) {
  const t = useTranslate();
  const shown = (blocked ?? []).filter((b) => !SELF_EVIDENT.has(b.reason));
  if (!shown.length) return null;
  return (
    <Stack spacing={0.5} sx={{ mb: 1 }}>
      {shown.map((b) => (
        <Alert key={b.action} severity="info" variant="outlined" sx={{ py: 0 }} data-testid={`blocked-${b.action}`} data-reason={b.reason}>
          {t('wz.show.blocked', { action: t(`wz.actions.${b.action}`), why: wordError(undefined, { reason: b.reason, params: b.params ?? {} }) })}
        </Alert>
      ))}
    </Stack>
  );
}

/** A line of what a decision rests on. */
function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Typography variant="body2" data-testid={testId}>
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {label}：
      </Box>
      {children}
    </Typography>
  );
}

/**
 * The dialogs of 派单异议: the unit objects (why, and the unit it holds responsible); the platform upholds (a lead
 * assignment goes to the unit chosen, the objecting unit's proposal offered) or rejects with a reason.
 */
export function objectionDialogs(
  t: (k: string, o?: Record<string, unknown>) => string,
  a: { id: string; role: string; objections: Array<{ state: string; reason: string }> },
  expectedVersion: number,
  subject: string,
  proposedName?: ReactNode,
): Record<string, ActionSpec> {
  const base = { assignmentId: a.id, expectedVersion };
  const pending = a.objections.find((o) => o.state === 'PENDING');
  const details = pending ? (
    <>
      <Fact label={t('wz.fields.objectionReason')} testId="objection-reason">
        <UserText>{pending.reason}</UserText>
      </Fact>
      {proposedName ? <Fact label={t('wz.fields.proposedUnit')}>{proposedName}</Fact> : null}
    </>
  ) : null;
  return {
    OBJECT: action({
      doc: Ops.ObjectToAssignment,
      color: 'warning',
      subject,
      fields: [
        { name: 'reason', kind: 'multiline', label: t('wz.fields.objectionReason'), required: true },
        { name: 'proposed', kind: 'unit', label: t('wz.fields.proposedUnit'), filter: { handlesMessages: true } },
      ],
      variables: (v) => ({ input: { ...base, reason: text(v.reason), proposedUnitId: unitOf(v.proposed)?.id } }),
    }),
    UPHOLD_OBJECTION: action({
      doc: Ops.DecideObjection,
      color: 'success',
      subject,
      details,
      fields: [
        ...(a.role === 'LEAD'
          ? [{ name: 'newUnit', kind: 'unit' as const, label: t('wz.fields.newUnit'), required: true, filter: { handlesMessages: true } }]
          : []),
        { name: 'comment', kind: 'multiline', label: t('wz.fields.comment') },
      ],
      variables: (v) => ({ input: { ...base, uphold: true, newUnitId: unitOf(v.newUnit)?.id, comment: optional(v.comment) } }),
    }),
    REJECT_OBJECTION: action({
      doc: Ops.DecideObjection,
      color: 'error',
      subject,
      details,
      fields: [{ name: 'comment', kind: 'multiline', label: t('wz.fields.comment'), required: true }],
      variables: (v) => ({ input: { ...base, uphold: false, comment: text(v.comment) } }),
    }),
  };
}

export function AssignmentActions({
  assignment: a,
  message,
  proposedName,
}: {
  assignment: Assignment;
  message: Pick<Message, 'id' | 'version' | 'serialNo' | 'supervisions'>;
  proposedName?: ReactNode;
}) {
  const t = useTranslate();
  const base = { assignmentId: a.id, expectedVersion: message.version };
  const subject = `${message.serialNo ?? ''} · ${a.unit?.name ?? ''}`;
  const kinds: Ops.ReplyKind[] = a.role === 'LEAD' ? ['FINAL', 'PROGRESS'] : ['ASSIST_OPINION'];
  const pendingExtension = a.extensionRequests.find((r) => r.state === 'PENDING');
  const openSupervisions = message.supervisions.filter((s) => s.kind === 'SUPERVISE' && !s.respondedAt && (!s.unitId || s.unitId === a.unit?.id));
  const returnFacts = a.returnReason ? (
    <Fact label={t('wz.show.returnReason')}>
      <UserText>{a.returnReason}</UserText>
    </Fact>
  ) : null;
  const extensionFacts = pendingExtension ? (
    <>
      <Fact label={t('wz.show.extensionDays')}>{t('wz.show.workingDays', { n: pendingExtension.requestedDays })}</Fact>
      <Fact label={t('wz.fields.reason')}>
        <UserText>{pendingExtension.reason}</UserText>
      </Fact>
      <Fact label={t('resources.inbox.fields.replyDueAt')}>{fmt(a.replyDueAt)}</Fact>
    </>
  ) : null;
  // 同意/不同意 a return or an extension: the same decision input for both.
  const decision = (doc: Ops.TypedDocument<{ input: Ops.DecisionInput }, unknown>, approve: boolean, details: ReactNode): ActionSpec =>
    action({
      doc,
      color: approve ? 'success' : 'error',
      details,
      subject,
      fields: [{ name: 'comment', kind: 'multiline', label: t('wz.fields.comment'), required: !approve }],
      variables: (v) => ({ input: { ...base, approve, comment: optional(v.comment) } }),
    });
  const spec: Partial<Record<Ops.AssignmentAction, ActionSpec>> = {
    SIGN: action({ doc: Ops.SignAssignment, subject, variables: () => ({ input: base }) }),
    DELEGATE: action({
      doc: Ops.DelegateAssignment,
      subject,
      fields: [
        { name: 'unit', kind: 'unit', label: t('wz.fields.unit'), required: true },
        { name: 'note', kind: 'text', label: t('wz.fields.note') },
      ],
      variables: (v) => ({ input: { ...base, unitId: unitOf(v.unit)?.id ?? '', note: optional(v.note) } }),
    }),
    REQUEST_RETURN: action({
      doc: Ops.RequestReturn,
      color: 'warning',
      subject,
      fields: [{ name: 'reason', kind: 'multiline', label: t('wz.fields.reason'), required: true }],
      variables: (v) => ({ input: { ...base, reason: text(v.reason) } }),
    }),
    APPROVE_RETURN: decision(Ops.DecideReturn, true, returnFacts),
    REJECT_RETURN: decision(Ops.DecideReturn, false, returnFacts),
    REQUEST_EXTENSION: action({
      doc: Ops.RequestExtension,
      subject,
      details: <Fact label={t('resources.inbox.fields.replyDueAt')}>{fmt(a.replyDueAt)}</Fact>,
      fields: [
        { name: 'days', kind: 'number', label: t('wz.fields.days'), required: true, initial: '5' },
        { name: 'reason', kind: 'multiline', label: t('wz.fields.reason'), required: true },
      ],
      variables: (v) => ({ input: { ...base, days: Number(v.days), reason: text(v.reason) } }),
    }),
    APPROVE_EXTENSION: decision(Ops.DecideExtension, true, extensionFacts),
    REJECT_EXTENSION: decision(Ops.DecideExtension, false, extensionFacts),
    DRAFT_REPLY: action({
      doc: Ops.DraftReply,
      subject,
      fields: [
        {
          name: 'kind',
          kind: 'select',
          label: t('wz.fields.kind'),
          required: true,
          initial: kinds[0],
          options: kinds.map((k) => ({ value: k, label: t(`wz.enums.ReplyKind.${k}`) })),
        },
        ...replyForm(t),
      ],
      extra: (v, set) => (
        <>
          <KnowledgeQuotes messageId={message.id} values={v} set={set} />
          <DraftExtras messageId={message.id} values={v} set={set} />
        </>
      ),
      ready: draftReady,
      // Drafting and submitting are one step for the handler: the draft goes straight to review.
      variables: (v) => ({
        input: { assignmentId: a.id, kind: text(v.kind) as Ops.ReplyKind, ...form(v), attachments: draftAttachments(v), articleIds: quotedArticleIds(v) },
      }),
      onDone: (data) => gql(Ops.SubmitReply, { input: { replyId: data.draftReply.reply.id } }),
    }),
    RESPOND_SUPERVISION: action({
      doc: Ops.RespondSupervision,
      color: 'warning',
      subject,
      details: openSupervisions.map((s) => (
        <Fact key={s.id} label={t('wz.enums.SupervisionKind.SUPERVISE')}>
          <UserText>{s.content}</UserText>
          {s.dueAt ? ` · ${t('wz.fields.dueAt')} ${fmt(s.dueAt)}` : ''}
        </Fact>
      )),
      fields: [
        ...(openSupervisions.length > 1
          ? [
              {
                name: 'supervisionId',
                kind: 'select' as const,
                label: t('wz.fields.supervision'),
                required: true,
                initial: openSupervisions[0].id,
                options: openSupervisions.map((s) => ({ value: s.id, label: `${fmt(s.createdAt)} ${s.content.slice(0, 30)}` })),
              },
            ]
          : []),
        { name: 'response', kind: 'multiline', label: t('wz.fields.response'), required: true },
      ],
      variables: (v) => ({ input: { supervisionId: optional(v.supervisionId) ?? openSupervisions[0]?.id ?? '', response: text(v.response) } }),
    }),
    // 联系群众: the lead unit's first response (响应率)
    RECORD_CONTACT: action({
      doc: Ops.RecordContact,
      subject,
      fields: [
        { name: 'method', kind: 'text', label: t('wz.fields.contactMethod'), required: true, initial: '电话' },
        { name: 'note', kind: 'multiline', label: t('wz.fields.note') },
      ],
      variables: (v) => ({ input: { ...base, method: text(v.method), note: optional(v.note) } }),
    }),
    CANCEL: action({
      doc: Ops.CancelAssignment,
      color: 'error',
      subject,
      fields: [{ name: 'reason', kind: 'multiline', label: t('wz.fields.reason'), required: true }],
      variables: (v) => ({ input: { ...base, reason: text(v.reason) } }),
    }),
    ...objectionDialogs(t, a, message.version, subject, proposedName),
  };
  return (
    <div>
      {a.availableActions.map((x) => {
        const s = spec[x];
        return s ? <ActionDialog key={x} label={t(`wz.actions.${x}`)} testId={`assignment-action-${x}`} {...s} /> : null;
      })}
      <BlockedNotes blocked={a.blockedActions} />
    </div>
  );
}

export function ReplyActions({ reply: r, subject }: { reply: Reply; subject?: string }) {
  const t = useTranslate();
  const review = (approve: boolean): ActionSpec =>
    action({
      doc: Ops.ReviewReply,
      color: approve ? 'success' : 'error',
      subject,
      fields: [{ name: 'comment', kind: 'multiline', label: t('wz.fields.comment'), required: !approve }],
      variables: (v) => ({ input: { replyId: r.id, approve, comment: optional(v.comment) } }),
    });
  const spec: Partial<Record<Ops.ReplyAction, ActionSpec>> = {
    EDIT: action({
      doc: Ops.UpdateReply,
      subject,
      fields: replyForm(t).map((f) => (f.name === 'content' ? ({ ...f, initial: r.content } as FieldSpec) : f)),
      variables: (v) => ({ input: { replyId: r.id, ...form(v) } }),
      onDone: () => gql(Ops.SubmitReply, { input: { replyId: r.id } }),
    }),
    SUBMIT: action({ doc: Ops.SubmitReply, subject, variables: () => ({ input: { replyId: r.id } }) }),
    // 审核修改: the reviewer of the level corrects the text before deciding (the ledger keeps the text before).
    REVISE: action({
      doc: Ops.ReviseReply,
      color: 'secondary',
      subject,
      fields: [{ name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true, initial: r.content }],
      variables: (v) => ({ input: { replyId: r.id, content: text(v.content) } }),
    }),
    UNIT_APPROVE: review(true),
    UNIT_REJECT: review(false),
    PLATFORM_APPROVE: review(true),
    PLATFORM_REJECT: review(false),
  };
  return (
    <div>
      {r.availableActions.map((x) => {
        const s = spec[x];
        return s ? <ActionDialog key={x} label={t(`wz.actions.${x}`)} testId={`reply-action-${x}`} {...s} /> : null;
      })}
      <BlockedNotes blocked={r.blockedActions} />
    </div>
  );
}

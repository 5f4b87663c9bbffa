/**
 * A message with everything about it: content (as text), masked private data with a logged reveal,
 * assignments, replies, ratings, supervision and the ledger; the buttons come from `availableActions`.
 */
import { useEffect, useState } from 'react';
import { Alert, Box, Button, Card, LinearProgress, CardContent, Chip, Divider, Grid, Stack, Typography } from '@mui/material';
import { Link, Show, useCreatePath, useGetOne, useNotify, useRecordContext, useRefresh, useShowContext, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { fmt, UserText } from '../../components/common';
import { DeadlineChip, ScreeningChip } from '../../components/DeadlineChip';
import { DuplicatesSection } from './Duplicates';
import { MessageActions } from './MessageActions';
import { SimilarMessagesSection, SuggestionsSection } from './Analysis';
import { GroupSection } from './Grouping';
import { PrintButton } from './PrintView';
import { AssignmentActions, BlockedNotes, ReplyActions } from './WorkActions';
import { Attachments } from './Attachments';
import { payloadOf, Timeline } from './Timeline';
import { RevealMessagePii, type MessageDetailFields, type MessageListFields, type PiiFields } from '../../generated/graphql';

type Message = MessageDetailFields;
type Assignment = Message['assignments'][number];
const PII_FIELDS = ['realName', 'phone', 'idNumber', 'address'] as const;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function Pii() {
  const m = useRecordContext<Message>();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pii, setPii] = useState<PiiFields | null>(null);
  if (!m) return null;
  const shown = pii ?? m.pii;
  // A reveal is logged (the ledger shows it after the refresh) but changes nothing: the page's version stays valid.
  const reveal = async () => {
    try {
      setPii((await gql(RevealMessagePii, { input: { messageId: m.id } })).revealMessagePii.pii);
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Section title={t(shown.masked ? 'wz.show.pii' : 'wz.show.piiRevealed')}>
      <Typography data-testid="pii" data-user-text>
        {PII_FIELDS.map((k) => `${t(`resources.messages.fields.${k}`)}：${shown[k] ?? '—'}`).join('　')}
      </Typography>
      {shown.masked && m.availableActions.includes('REVEAL_PII') && (
        <Button size="small" onClick={reveal} data-testid="reveal-pii">
          {t('wz.actions.REVEAL_PII')}
        </Button>
      )}
    </Section>
  );
}

/**
 * Whether the record is the whole message. Opened from a list (or just created), react-admin first shows the
 * row it has (a few fields) while it fetches the message; the page draws its header from that row and the
 * rest once the whole message is here.
 */
const isFull = (m: MessageListFields | Message | undefined): m is Message =>
  !!m && 'assignments' in m && Array.isArray(m.assignments) && Array.isArray(m.timeline?.nodes) && Array.isArray(m.availableActions);

function Header() {
  const m = useRecordContext<MessageListFields>();
  const t = useTranslate();
  if (!m) return null;
  const e = (name: string, v?: string | null) => (v ? t(`wz.enums.${name}.${v}`) : '');
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h5" component="h1" data-testid="message-title">
          <UserText>{m.title}</UserText>
        </Typography>
        <Chip label={e('MessageState', m.state)} color="primary" data-testid="message-state" />
        {m.archivedAt && <Chip label={t('wz.show.archived')} data-testid="message-archived" />}
        <ScreeningChip screening={m.screening} />
        <DeadlineChip deadline={m.deadline} />
        <Box sx={{ flexGrow: 1 }} />
        <PrintButton />
      </Stack>
      {m.archivedAt && (
        <Alert severity="info" sx={{ mb: 1 }} data-testid="archived-status">
          {t('wz.show.archivedStatus', { at: fmt(m.archivedAt) })}
        </Alert>
      )}
      {m.onHoldSince && (
        <Alert severity="info" sx={{ mb: 1 }} data-testid="hold-status">
          {t('wz.deadline.holdStatus', { since: fmt(m.onHoldSince) })}
        </Alert>
      )}
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {m.serialNo} · {e('MessageType', m.type)} · {e('Channel', m.channel)} · {fmt(m.submittedAt)}
        {m.leadUnit ? ` · ${t('wz.fields.leadUnit')}：${m.leadUnit.name}` : ''}
        {m.replyDueAt ? ` · ${t('resources.messages.fields.replyDueAt')}：${fmt(m.replyDueAt)}` : ''}
      </Typography>
    </>
  );
}

function Body() {
  const m = useRecordContext<MessageListFields | Message>();
  const { isFetching, refetch } = useShowContext();
  const t = useTranslate();
  const full = isFull(m);
  // A partial record that is not being fetched (a cache filled by a list) is fetched whole.
  useEffect(() => {
    if (m && !full && !isFetching) void refetch();
  }, [m, full, isFetching, refetch]);
  if (!m) return null;
  if (!isFull(m)) {
    return (
      <Box sx={{ p: 2 }}>
        <Header />
        <LinearProgress aria-label={t('ra.page.loading')} data-testid="message-loading" />
      </Box>
    );
  }
  const e = (name: string, v?: string | null) => (v ? t(`wz.enums.${name}.${v}`) : '');
  // The dispatcher's note of the latest 交办/改派, from the ledger.
  const assignNote = m.timeline.nodes
    .filter((ev) => ['ASSIGNED', 'REASSIGNED'].includes(ev.action))
    .map((ev) => payloadOf(ev).note)
    .filter(Boolean)
    .pop();
  return (
    <Box sx={{ p: 2 }}>
      <Header />
      <Section title={t('wz.show.actions')}>
        <MessageActions />
        <BlockedNotes blocked={m.blockedActions} />
      </Section>
      <Decisions />
      {m.availableActions.includes('MERGE') && (
        <Section title={t('wz.show.duplicates')}>
          <DuplicatesSection message={m} />
        </Section>
      )}
      {(m.availableActions.includes('CLASSIFY') || m.availableActions.includes('ASSIGN')) && (
        <Section title={t('wz.analysis.suggestions')}>
          <SuggestionsSection message={m} />
        </Section>
      )}
      {m.group && (
        <Section title={t('wz.grouping.title')}>
          <GroupSection message={m} />
        </Section>
      )}
      <Section title={t('wz.analysis.similar')}>
        <SimilarMessagesSection message={m} />
      </Section>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Section title={t('wz.show.content')}>
            {/* Plain text: React escapes it; line breaks are kept by CSS, never by HTML. */}
            <Typography sx={{ whiteSpace: 'pre-wrap' }} data-testid="message-content" data-user-text>
              {m.content}
            </Typography>
            <Attachments items={m.attachments} testId="message-attachments" />
          </Section>
          <Pii />
          <Section title={t('wz.show.assignments')}>
            {assignNote && (
              <Typography variant="body2" sx={{ mb: 1 }} data-testid="assign-note">
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {t('wz.show.assignNote')}：
                </Box>
                <UserText>{assignNote}</UserText>
              </Typography>
            )}
            {m.assignments.length === 0 ? t('wz.show.none') : m.assignments.map((a) => <AssignmentBox key={a.id} a={a} m={m} />)}
          </Section>
          <Section title={t('wz.show.replies')}>
            {m.replies.length === 0
              ? t('wz.show.none')
              : m.replies.map((r) => (
                  <Box key={r.id} sx={{ mb: 2 }} data-testid={`reply-${r.id}`}>
                    <Typography variant="subtitle2">
                      {e('ReplyKind', r.kind)} · {r.unit?.name ?? t('wz.show.direct')} · {e('ReplyState', r.state)}
                      {r.reviewComment ? (
                        <>
                          {' '}
                          · {t('wz.fields.comment')}：<UserText>{r.reviewComment}</UserText>
                        </>
                      ) : (
                        ''
                      )}
                    </Typography>
                    <Typography sx={{ whiteSpace: 'pre-wrap' }} data-user-text>
                      {r.content}
                    </Typography>
                    <Attachments items={r.attachments} testId={`reply-attachments-${r.id}`} />
                    <ReplyActions reply={r} subject={m.serialNo} />
                    <Divider sx={{ mt: 1 }} />
                  </Box>
                ))}
          </Section>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Section title={t('wz.show.supervisions')}>
            {m.supervisions.length === 0
              ? t('wz.show.none')
              : m.supervisions.map((s) => (
                  <Typography key={s.id} data-testid={`supervision-${s.id}`} sx={{ mb: 1 }}>
                    {t(`wz.enums.SupervisionKind.${s.kind}`)} · <UserText>{s.content}</UserText>
                    {s.dueAt ? ` · ${t('wz.fields.dueAt')} ${fmt(s.dueAt)}` : ''}
                    {s.response ? (
                      <>
                        {' '}
                        · {t('wz.fields.response')}：<UserText>{s.response}</UserText>
                      </>
                    ) : s.kind === 'SUPERVISE' ? (
                      ` · ${t('wz.show.awaitingResponse')}`
                    ) : (
                      ''
                    )}
                  </Typography>
                ))}
          </Section>
          <Section title={t('wz.show.evaluations')}>
            {m.evaluations.length === 0
              ? t('wz.show.none')
              : m.evaluations.map((v) => (
                  <Typography key={v.id}>
                    {v.overall.toFixed(2)} · {e('SatisfactionBand', v.band)} · <UserText>{v.comment ?? ''}</UserText> · {fmt(v.createdAt)}
                  </Typography>
                ))}
          </Section>
        </Grid>
      </Grid>
      {/* The ledger takes the whole width: who acted and what they wrote need room. */}
      <Section title={t('wz.show.timeline')}>
        <Timeline events={m.timeline.nodes} />
      </Section>
    </Box>
  );
}

/** One assignment: its unit and dates, the note it was handed down with, the return and extension requests, its buttons. */
function AssignmentBox({ a, m }: { a: Assignment; m: Message }) {
  const t = useTranslate();
  const e = (name: string, v?: string | null) => (v ? t(`wz.enums.${name}.${v}`) : '');
  const delegateNote = payloadOf(m.timeline.nodes.filter((ev) => ev.action === 'DELEGATED' && ev.assignmentId === a.id).pop() ?? {}).note;
  const proposed: string | undefined = a.objections.find((o) => o.state === 'PENDING')?.proposedUnitId ?? undefined;
  return (
    <Box sx={{ mb: 1.5 }} data-testid={`assignment-${a.id}`}>
      <Typography>
        {a.unit.name} · {e('AssignmentRole', a.role)} · {e('AssignmentState', a.state)} · {t('resources.inbox.fields.replyDueAt')} {fmt(a.replyDueAt)}{' '}
        <DeadlineChip deadline={a.deadline} />
      </Typography>
      {delegateNote && (
        <Typography variant="body2" data-testid={`delegate-note-${a.id}`}>
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {t('wz.show.delegateNote')}：
          </Box>
          <UserText>{delegateNote}</UserText>
        </Typography>
      )}
      {a.returnReason && ['RETURN_REQUESTED', 'RETURNED'].includes(a.state) && (
        <Alert severity="warning" sx={{ my: 0.5 }} data-testid={`return-reason-${a.id}`}>
          {t('wz.show.returnReason')}：<UserText>{a.returnReason}</UserText>
        </Alert>
      )}
      {a.extensionRequests.map((x) => (
        <Alert key={x.id} severity={x.state === 'PENDING' ? 'warning' : 'info'} sx={{ my: 0.5 }} data-testid={`extension-${x.id}`} data-state={x.state}>
          {t('wz.show.extension', { n: x.requestedDays, state: t(`wz.show.requestState.${x.state}`, { _: x.state }) })}：<UserText>{x.reason}</UserText>
          {x.decisionNote ? (
            <>
              {' '}
              · {t('wz.fields.comment')}：<UserText>{x.decisionNote}</UserText>
            </>
          ) : null}
          {x.newDueAt ? ` · ${t('wz.show.newDue', { at: fmt(x.newDueAt) })}` : ''}
        </Alert>
      ))}
      {a.objections.map((o) => (
        <Alert key={o.id} severity={o.state === 'PENDING' ? 'warning' : 'info'} sx={{ my: 0.5 }} data-testid={`objection-${o.id}`} data-state={o.state}>
          {t('wz.show.objection', { state: t(`wz.show.objectionState.${o.state}`) })}：<UserText>{o.reason}</UserText>
          {o.proposedUnitId ? (
            <>
              {' '}
              · {t('wz.fields.proposedUnit')}：<UnitName id={o.proposedUnitId} />
            </>
          ) : null}
          {o.decisionNote ? (
            <>
              {' '}
              · {t('wz.fields.comment')}：<UserText>{o.decisionNote}</UserText>
            </>
          ) : null}
        </Alert>
      ))}
      <AssignmentActions assignment={a} message={m} proposedName={proposed ? <UnitName id={proposed} /> : null} />
    </Box>
  );
}

/** A unit's name from its id (read from the API, never the id itself). */
function UnitName({ id }: { id?: string | null }) {
  const { data } = useGetOne('units', { id: id ?? '' }, { enabled: !!id });
  return id ? <>{(data as { name?: string } | undefined)?.name ?? '…'}</> : null;
}

/** Why a message was not accepted, or where it was merged into (clickable). */
function Decisions() {
  const m = useRecordContext<Message>();
  const t = useTranslate();
  const createPath = useCreatePath();
  if (!m) return null;
  if (m.state === 'INVALID' && m.invalidReason) {
    return (
      <Alert severity="info" sx={{ mb: 2 }} data-testid="invalid-reason">
        {t('wz.show.invalid', { reason: t(`wz.enums.InvalidReason.${m.invalidReason}`) })}
        {m.screeningNote ? (
          <>
            ：<UserText>{m.screeningNote}</UserText>
          </>
        ) : (
          ''
        )}
      </Alert>
    );
  }
  if (m.state === 'MERGED') {
    return (
      <Alert severity="info" sx={{ mb: 2 }} data-testid="merged-into">
        {m.duplicateOf ? (
          <>
            {t('wz.show.mergedInto')}{' '}
            <Link to={createPath({ resource: 'messages', type: 'show', id: m.duplicateOf.id })} data-testid="merged-into-link">
              <span translate="no">{m.duplicateOf.serialNo}</span>
            </Link>
          </>
        ) : (
          t('wz.show.mergedHidden')
        )}
        {m.screeningNote ? (
          <>
            {' '}
            · <UserText>{m.screeningNote}</UserText>
          </>
        ) : (
          ''
        )}
      </Alert>
    );
  }
  return null;
}

export function MessageShow() {
  return (
    <Show component="div" actions={false} queryOptions={{ refetchOnMount: 'always' }}>
      <Body />
    </Show>
  );
}

/**
 * A message with everything about it: content (as text), masked private data with a logged reveal,
 * assignments, replies, ratings, supervision and the ledger; the buttons come from `availableActions`.
 */
import { useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Divider, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Show, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { fmt, WarningChip } from '../../components/common';
import { MessageActions } from './MessageActions';
import { AssignmentActions, ReplyActions } from './WorkActions';
import { RevealMessagePii } from '../../generated/graphql';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>{title}</Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function Pii() {
  const m = useRecordContext<any>();
  const t = useTranslate();
  const notify = useNotify();
  const [pii, setPii] = useState<any>(null);
  if (!m) return null;
  const shown = pii ?? m.pii;
  const reveal = async () => {
    try {
      setPii((await gql(RevealMessagePii, { input: { messageId: m.id } })).revealMessagePii.pii);
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Section title={t(shown.masked ? 'wz.show.pii' : 'wz.show.piiRevealed')}>
      <Typography data-testid="pii">
        {['realName', 'phone', 'idNumber', 'address'].map((k) => `${t(`resources.messages.fields.${k}`)}：${shown[k] ?? '—'}`).join('　')}
      </Typography>
      {shown.masked && m.availableActions.includes('REVEAL_PII') && <Button size="small" onClick={reveal} data-testid="reveal-pii">{t('wz.actions.REVEAL_PII')}</Button>}
    </Section>
  );
}

function Body() {
  const m = useRecordContext<any>();
  const t = useTranslate();
  if (!m) return null;
  const e = (name: string, v?: string | null) => (v ? t(`wz.enums.${name}.${v}`) : '');
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h5" data-testid="message-title">{m.title}</Typography>
        <Chip label={e('MessageState', m.state)} color="primary" data-testid="message-state" />
        <WarningChip level={m.warningLevel} />
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {m.serialNo} · {e('MessageType', m.type)} · {e('Channel', m.channel)} · {fmt(m.submittedAt)}
        {m.leadUnit ? ` · ${t('wz.fields.leadUnit')}：${m.leadUnit.name}` : ''}{m.replyDueAt ? ` · ${t('resources.messages.fields.replyDueAt')}：${fmt(m.replyDueAt)}` : ''}
      </Typography>
      <Section title={t('wz.show.actions')}><MessageActions /></Section>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Section title={t('wz.show.content')}>
            {/* Plain text: React escapes it; line breaks are kept by CSS, never by HTML. */}
            <Typography sx={{ whiteSpace: 'pre-wrap' }} data-testid="message-content">{m.content}</Typography>
          </Section>
          <Pii />
          <Section title={t('wz.show.assignments')}>
            {m.assignments.length === 0 ? t('wz.show.none') : m.assignments.map((a: any) => (
              <Box key={a.id} sx={{ mb: 1 }} data-testid={`assignment-${a.id}`}>
                <Typography>{a.unit.name} · {e('AssignmentRole', a.role)} · {e('AssignmentState', a.state)} · {t('resources.inbox.fields.replyDueAt')} {fmt(a.replyDueAt)} <WarningChip level={a.warningLevel} /></Typography>
                <AssignmentActions assignment={a} message={m} />
              </Box>
            ))}
          </Section>
          <Section title={t('wz.show.replies')}>
            {m.replies.length === 0 ? t('wz.show.none') : m.replies.map((r: any) => (
              <Box key={r.id} sx={{ mb: 2 }}>
                <Typography variant="subtitle2">{e('ReplyKind', r.kind)} · {r.unit?.name ?? '平台直办'} · {e('ReplyState', r.state)}{r.reviewComment ? ` · ${t('wz.fields.comment')}：${r.reviewComment}` : ''}</Typography>
                <Typography sx={{ whiteSpace: 'pre-wrap' }}>{r.content}</Typography>
                <ReplyActions reply={r} />
                <Divider sx={{ mt: 1 }} />
              </Box>
            ))}
          </Section>
          <Section title={t('wz.show.evaluations')}>
            {m.evaluations.length === 0 ? t('wz.show.none') : m.evaluations.map((v: any) => (
              <Typography key={v.id}>{v.overall.toFixed(2)} · {e('SatisfactionBand', v.band)} · {v.comment ?? ''} · {fmt(v.createdAt)}</Typography>
            ))}
          </Section>
          <Section title={t('wz.show.supervisions')}>
            {m.supervisions.length === 0 ? t('wz.show.none') : m.supervisions.map((s: any) => (
              <Typography key={s.id}>{t(`wz.enums.SupervisionKind.${s.kind}`)} · {s.content}{s.dueAt ? ` · ${fmt(s.dueAt)}` : ''}{s.response ? ` · ${t('wz.fields.response')}：${s.response}` : ''}</Typography>
            ))}
          </Section>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Section title={t('wz.show.timeline')}>
            <Table size="small" data-testid="timeline">
              <TableHead><TableRow><TableCell>时间</TableCell><TableCell>操作</TableCell><TableCell>状态</TableCell></TableRow></TableHead>
              <TableBody>
                {m.timeline.nodes.map((ev: any) => (
                  <TableRow key={ev.id} data-action={ev.action}>
                    <TableCell>{fmt(ev.createdAt)}</TableCell>
                    <TableCell>{t(`wz.ledger.${ev.action}`, { _: ev.action })}</TableCell>
                    <TableCell>{ev.toState ? t(`wz.enums.MessageState.${ev.toState}`, { _: t(`wz.enums.AssignmentState.${ev.toState}`, { _: t(`wz.enums.ReplyState.${ev.toState}`, { _: ev.toState }) }) }) : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>
        </Grid>
      </Grid>
    </Box>
  );
}

export function MessageShow() {
  return (
    <Show component="div" actions={false}>
      <Body />
    </Show>
  );
}

/**
 * 办理单: a message's whole handling on one printable page: the message (citizen masked), its assignments,
 * replies, supervision and the ledger. Reached from the message page (打印办理单); the browser's print (or
 * "save as PDF") prints only the form: the console's bars, menus and buttons are hidden by the print styles.
 */
import { Box, Button, GlobalStyles, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { ShowBase, Title, useRecordContext, useRedirect, useShowContext, useTranslate } from 'react-admin';
import { fmt } from '../../components/common';
import type { PrintMessageResult } from '../../generated/graphql';

type M = NonNullable<PrintMessageResult['message']>;

/** The print styles: only the form, black on white, tables kept together where they can be. */
const PRINT_STYLES = {
  '@media print': {
    '.RaAppBar-appBar, header, .RaSidebar-fixed, .MuiDrawer-root, [data-print="hide"], .RaLayout-appFrame > div:first-of-type': { display: 'none !important' },
    '.RaLayout-content, .RaLayout-contentWithSidebar, main': { padding: '0 !important', margin: '0 !important' },
    body: { background: '#fff !important' },
    '[data-print="form"] table': { pageBreakInside: 'auto' },
    '[data-print="form"] tr': { pageBreakInside: 'avoid' },
    '@page': { size: 'A4', margin: '15mm' },
  },
} as const;

/** The button on the message page. */
export function PrintButton() {
  const m = useRecordContext<{ id: string }>();
  const t = useTranslate();
  const redirect = useRedirect();
  if (!m) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<PrintIcon />}
      onClick={() => redirect('show', 'message-print', m.id)}
      data-testid="print-form"
      data-print="hide"
    >
      {t('bo.print.button')}
    </Button>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 700, borderBottom: '2px solid #000', mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

const cell = { border: '1px solid #999', py: 0.5, px: 1, verticalAlign: 'top' } as const;

function Grid2({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <Table size="small" sx={{ '& td': cell }}>
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell sx={{ width: 120, fontWeight: 700, whiteSpace: 'nowrap' }}>{k}</TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Rows({ head, rows, testId }: { head: string[]; rows: React.ReactNode[][]; testId: string }) {
  const t = useTranslate();
  if (!rows.length) return <Typography>{t('bo.print.none')}</Typography>;
  return (
    <Table size="small" sx={{ '& td, & th': cell }} data-testid={testId}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h} sx={{ fontWeight: 700, whiteSpace: 'nowrap' }}>
              {h}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r, i) => (
          <TableRow key={i}>
            {r.map((c, j) => (
              <TableCell key={j}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What a ledger entry's details say in words (a reason, a note, a comment, a text written). */
const detailOf = (p: Record<string, unknown> | null | undefined) => {
  for (const k of ['reason', 'content', 'comment', 'note', 'leadUnitName', 'toUnitName']) if (typeof p?.[k] === 'string' && p[k]) return String(p[k]);
  return '';
};

function Form() {
  const { record: m } = useShowContext<M>();
  const t = useTranslate();
  const redirect = useRedirect();
  if (!m) return <Typography sx={{ p: 2 }}>…</Typography>;
  const e = (name: string, v?: string | null) => (v ? t(`wz.enums.${name}.${v}`) : '');
  const stateOf = (s?: string | null) =>
    s ? t(`wz.enums.MessageState.${s}`, { _: t(`wz.enums.AssignmentState.${s}`, { _: t(`wz.enums.ReplyState.${s}`, { _: s }) }) }) : '';
  const user = (s?: string | null) => <span data-user-text="">{s ?? ''}</span>;
  return (
    <Box sx={{ maxWidth: 900, mx: 'auto', p: 3, bgcolor: '#fff', color: '#000' }} data-print="form" data-testid="print-view">
      <Title title={t('bo.print.title')} />
      <Stack direction="row" spacing={1} sx={{ mb: 2 }} data-print="hide">
        <Button variant="contained" startIcon={<PrintIcon />} onClick={() => window.print()} data-testid="print-now">
          {t('bo.print.print')}
        </Button>
        <Button onClick={() => redirect('show', 'messages', m.id)} data-testid="print-back">
          {t('bo.print.back')}
        </Button>
      </Stack>
      <Typography variant="h4" align="center" sx={{ fontWeight: 700, letterSpacing: 4 }} data-testid="print-title">
        {t('bo.print.title')}
      </Typography>
      <Typography align="right" variant="body2" sx={{ mb: 2 }}>
        {m.serialNo}　{t('bo.print.printedAt', { at: fmt(new Date().toISOString()) })}
      </Typography>
      <Section title={t('bo.print.basic')}>
        <Grid2
          rows={[
            [t('bo.print.serialNo'), m.serialNo],
            [t('resources.messages.fields.title'), user(m.title)],
            [t('bo.print.type'), `${e('MessageType', m.type)} · ${e('Channel', m.channel)}`],
            [t('bo.print.submittedAt'), fmt(m.submittedAt)],
            [t('bo.print.state'), e('MessageState', m.state)],
            [t('bo.print.category'), m.category?.name ?? ''],
            [t('bo.print.region'), m.region?.name ?? ''],
            [t('bo.print.leader'), m.addressedLeader ? `${m.addressedLeader.name}（${m.addressedLeader.title}）` : ''],
            [t('bo.print.leadUnit'), m.leadUnit?.name ?? ''],
            [t('bo.print.replyDueAt'), fmt(m.replyDueAt)],
            [t('bo.print.citizen'), user([m.pii.realName, m.pii.phone, m.pii.address].filter(Boolean).join('　'))],
          ]}
        />
      </Section>
      <Section title={t('bo.print.content')}>
        <Typography sx={{ whiteSpace: 'pre-wrap' }} data-user-text="" data-testid="print-content">
          {m.content}
        </Typography>
      </Section>
      <Section title={t('bo.print.assignments')}>
        <Rows
          testId="print-assignments"
          head={[t('bo.print.unit'), t('bo.print.role'), t('bo.print.state'), t('bo.print.signedAt'), t('bo.print.replyDueAt')]}
          rows={m.assignments.map((a) => [a.unit.name, e('AssignmentRole', a.role), e('AssignmentState', a.state), fmt(a.signedAt), fmt(a.replyDueAt)])}
        />
      </Section>
      <Section title={t('bo.print.replies')}>
        <Rows
          testId="print-replies"
          head={[t('bo.print.kind'), t('bo.print.unit'), t('bo.print.state'), t('bo.print.detail')]}
          rows={m.replies.map((r) => [
            e('ReplyKind', r.kind),
            r.unit?.name ?? '',
            e('ReplyState', r.state),
            <Typography key="c" variant="body2" sx={{ whiteSpace: 'pre-wrap' }} data-user-text="">
              {r.content}
            </Typography>,
          ])}
        />
      </Section>
      <Section title={t('bo.print.supervisions')}>
        <Rows
          testId="print-supervisions"
          head={[t('bo.print.kind'), t('bo.print.time'), t('bo.print.by'), t('bo.print.detail'), t('bo.print.dueAt'), t('bo.print.response')]}
          rows={m.supervisions.map((s) => [
            t(`wz.enums.SupervisionKind.${s.kind}`),
            fmt(s.createdAt),
            s.authorName ?? '',
            user(s.content),
            fmt(s.dueAt),
            user(s.response),
          ])}
        />
      </Section>
      <Section title={t('bo.print.ledger')}>
        <Rows
          testId="print-ledger"
          head={[t('bo.print.time'), t('bo.print.action'), t('bo.print.actor'), t('bo.print.state'), t('bo.print.detail')]}
          rows={m.timeline.nodes.map((ev) => [
            fmt(ev.createdAt),
            t(`wz.ledger.${ev.action}`, { _: ev.action }),
            [ev.actorName, ev.actorUnit?.name].filter(Boolean).join(' · '),
            stateOf(ev.toState),
            user(detailOf(ev.payload as Record<string, unknown>)),
          ])}
        />
        {m.timeline.totalCount > m.timeline.nodes.length && (
          <Typography variant="caption">{t('bo.print.moreLedger', { n: m.timeline.totalCount, shown: m.timeline.nodes.length })}</Typography>
        )}
      </Section>
    </Box>
  );
}

/** The print view, at message-print/<id>/show. */
export function PrintView() {
  return (
    <ShowBase>
      <GlobalStyles styles={PRINT_STYLES} />
      <Form />
    </ShowBase>
  );
}

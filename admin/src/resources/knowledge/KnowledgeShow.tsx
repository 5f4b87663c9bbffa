/**
 * One knowledge article: what it says (the working version for its unit and the platform, the version in force for
 * others), its status and what needs looking at, the buttons of `availableActions` (修改, 提交审核, 审核通过, 退回,
 * 停用, 重新启用) and why one is missing (`blockedActions`: the writer may not approve), every version, the ledger.
 */
import { Alert, Box, Button, Chip, Link as MuiLink, Stack, TableCell, TableRow, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { Link, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { ActionDialog } from '../../components/ActionDialog';
import { fmt, UserText } from '../../components/common';
import { Fact, RecordShow, Section } from '../../components/RecordPage';
import { SmallTable } from '../../components/SmallTable';
import { wordError } from '../../api/errorText';
import * as Ops from '../../generated/graphql';
import { KnowledgeStatusChip, KnowledgeWarnings } from './KnowledgeList';

type Article = Ops.KnowledgeArticleFull;

/** Plain text with its web addresses as links (the answer's only markup). */
export function AnswerText({ text, testId }: { text: string; testId?: string }) {
  const parts = text.split(/(https?:\/\/[^\s，。；、）)]+)/g);
  return (
    <Typography component="div" sx={{ whiteSpace: 'pre-wrap' }} data-user-text data-testid={testId}>
      {parts.map((p, i) =>
        i % 2 ? (
          <MuiLink key={i} href={p} target="_blank" rel="noopener noreferrer">
            {p}
          </MuiLink>
        ) : (
          p
        ),
      )}
    </Typography>
  );
}

function Actions({ a }: { a: Article }) {
  const t = useTranslate();
  const createPath = useCreatePath();
  const base = { id: a.id, expectedVersion: a.version };
  const comment = (required: boolean) => [
    { name: 'comment', kind: 'multiline' as const, label: t(required ? 'wz.fields.reason' : 'wz.fields.comment'), required },
  ];
  const spec: Record<string, Omit<Parameters<typeof ActionDialog>[0], 'label'>> = {
    SUBMIT: { doc: Ops.SubmitKnowledgeArticle, variables: () => ({ input: base }) },
    APPROVE: {
      doc: Ops.ReviewKnowledgeArticle,
      color: 'success',
      fields: comment(false).map((f) => ({ ...f, label: t('wz.fields.comment') })),
      variables: (v) => ({ input: { ...base, approve: true, comment: v.comment || undefined } }),
    },
    REJECT: {
      doc: Ops.ReviewKnowledgeArticle,
      color: 'error',
      fields: comment(true).map((f) => ({ ...f, label: t('wz.fields.comment') })),
      variables: (v) => ({ input: { ...base, approve: false, comment: v.comment } }),
    },
    WITHDRAW: { doc: Ops.WithdrawKnowledgeArticle, color: 'error', fields: comment(true), variables: (v) => ({ input: { ...base, comment: v.comment } }) },
    RESTORE: { doc: Ops.RestoreKnowledgeArticle, variables: () => ({ input: base }) },
  };
  return (
    <Box data-testid="knowledge-actions">
      {a.availableActions.map((x) =>
        x === 'EDIT' ? (
          <Button
            key={x}
            variant="contained"
            size="small"
            startIcon={<EditIcon />}
            component={Link}
            to={createPath({ resource: 'knowledge', type: 'edit', id: a.id })}
            data-testid="knowledge-action-EDIT"
            sx={{ mr: 1, mb: 1 }}
          >
            {t('wz.kb.act.EDIT')}
          </Button>
        ) : spec[x] ? (
          <ActionDialog key={x} label={t(`wz.kb.act.${x}`)} testId={`knowledge-action-${x}`} subject={a.title} {...spec[x]} />
        ) : null,
      )}
      {a.blockedActions.map((b) => (
        <Alert key={b.action} severity="info" variant="outlined" sx={{ py: 0, mb: 0.5 }} data-testid={`blocked-${b.action}`} data-reason={b.reason}>
          {t('wz.show.blocked', { action: t(`wz.kb.act.${b.action}`), why: wordError(undefined, { reason: b.reason, params: b.params ?? {} }) })}
        </Alert>
      ))}
    </Box>
  );
}

const day = (d?: string | null, none = '') => d ?? none;

function Body() {
  const a = useRecordContext<Article>();
  const t = useTranslate();
  if (!a || !Array.isArray(a.versions)) return null;
  const published = a.versions.find((v) => v.versionNo === a.publishedVersionNo);
  const fieldName = (f: string) => t(`wz.kb.field.${f}`, { _: f });
  const detail = (e: Article['history'][number]) => {
    const p = (e.payload ?? {}) as { changes?: Record<string, unknown>; basedOn?: number; comment?: string; reason?: string };
    const bits: string[] = [];
    if (p.changes) bits.push(t('wz.kb.changed', { fields: Object.keys(p.changes).map(fieldName).join('、') }));
    if (p.basedOn) bits.push(t('wz.kb.basedOn', { n: p.basedOn }));
    return (
      <>
        {bits.join('；')}
        {p.comment || p.reason ? (
          <>
            {bits.length ? '；' : ''}
            <UserText>{p.comment ?? p.reason}</UserText>
          </>
        ) : null}
      </>
    );
  };
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1" data-testid="knowledge-title">
          <UserText>{a.title}</UserText>
        </Typography>
        <Chip label={t(`wz.enums.KnowledgeState.${a.state}`)} color="primary" data-testid="knowledge-state" data-state={a.state} />
        <KnowledgeStatusChip status={a.status} />
        <KnowledgeWarnings warnings={a.warnings} />
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {a.unit.name} · {t(`wz.enums.KnowledgeVisibility.${a.visibility}`)} ·{' '}
        {a.publishedVersionNo ? t('wz.kb.inForce', { n: a.publishedVersionNo }) : t('wz.kb.noneInForce')}
      </Typography>
      {a.publishedVersionNo && a.state !== 'APPROVED' && a.state !== 'WITHDRAWN' && a.versionNo !== a.publishedVersionNo && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="working-note">
          {t('wz.kb.workingNote', { n: a.versionNo, state: t(`wz.enums.KnowledgeState.${a.state}`), published: a.publishedVersionNo })}
        </Alert>
      )}
      <Section title={t('wz.show.actions')}>
        <Actions a={a} />
      </Section>
      <Section title={t('wz.kb.content')} testId="knowledge-content">
        <Fact label={t('resources.knowledge.fields.questions')}>
          <UserText>{a.questions.join('；')}</UserText>
        </Fact>
        <Typography variant="subtitle2" sx={{ mt: 1, color: 'text.secondary' }}>
          {t('resources.knowledge.fields.answer')}
        </Typography>
        <AnswerText text={a.answer} testId="knowledge-answer" />
        <Box sx={{ mt: 1 }}>
          <Fact label={t('resources.knowledge.fields.category')}>{a.category?.name ?? '—'}</Fact>
          <Fact label={t('resources.knowledge.fields.region')}>{a.region?.name ?? t('wz.kb.everywhere')}</Fact>
          <Fact label={t('resources.knowledge.fields.validFrom')}>{day(a.validFrom, t('wz.kb.fromApproval'))}</Fact>
          <Fact label={t('resources.knowledge.fields.validUntil')}>{day(a.validUntil, t('wz.kb.noEnd'))}</Fact>
          <Fact label={t('resources.knowledge.fields.reviewBy')}>{a.reviewBy}</Fact>
          {a.sources.length > 0 && (
            <Fact label={t('wz.kb.sourcesTitle')}>
              {a.sources.map((s, i) => (
                <Box key={i} component="span" sx={{ display: 'block' }} data-user-text>
                  {s.url ? (
                    <MuiLink href={s.url} target="_blank" rel="noopener noreferrer">
                      {s.title}
                    </MuiLink>
                  ) : (
                    s.title
                  )}
                  {s.number ? ` ${s.number}` : ''}
                  {s.date ? `（${s.date}）` : ''}
                </Box>
              ))}
            </Fact>
          )}
        </Box>
      </Section>
      <Section title={t('wz.kb.rating')}>
        <Typography variant="body2" data-testid="knowledge-rating">
          {a.rating.uses ? t('wz.kb.uses', a.rating) : t('wz.kb.noRating')}
        </Typography>
      </Section>
      <Section title={t('wz.kb.versions')} testId="knowledge-versions">
        <SmallTable head={['version', 'state', 'author', 'reviewer', 'comment'].map((c) => t(`wz.kb.col.${c}`))}>
          {a.versions.map((v) => (
            <TableRow key={v.id} data-version={v.versionNo} data-state={v.state}>
              <TableCell>
                {t('wz.kb.version', { n: v.versionNo })}
                {v === published ? ' ✓' : ''}
              </TableCell>
              <TableCell>{t(`wz.enums.KnowledgeVersionState.${v.state}`)}</TableCell>
              <TableCell>
                <UserText>{v.authorName ?? ''}</UserText> {fmt(v.createdAt)}
              </TableCell>
              <TableCell>
                <UserText>{v.reviewerName ?? ''}</UserText> {fmt(v.reviewedAt)}
              </TableCell>
              <TableCell>
                <UserText>{v.reviewComment ?? ''}</UserText>
              </TableCell>
            </TableRow>
          ))}
        </SmallTable>
      </Section>
      <Section title={t('wz.kb.ledger')} testId="knowledge-ledger">
        <SmallTable head={['time', 'action', 'actor', 'version', 'detail'].map((c) => t(`wz.kb.col.${c}`))}>
          {a.history.map((e) => (
            <TableRow key={e.id} data-action={e.action}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{fmt(e.createdAt)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`wz.kb.action.${e.action}`, { _: e.action })}</TableCell>
              <TableCell>
                <UserText>{e.actorName ?? ''}</UserText>
                {e.actorUnit ? (
                  <>
                    {' '}
                    · <UserText>{e.actorUnit}</UserText>
                  </>
                ) : null}
              </TableCell>
              <TableCell>{t('wz.kb.version', { n: e.versionNo })}</TableCell>
              <TableCell>{detail(e)}</TableCell>
            </TableRow>
          ))}
        </SmallTable>
      </Section>
    </Box>
  );
}

export function KnowledgeShow() {
  return (
    <RecordShow titleSource="title">
      <Body />
    </RecordShow>
  );
}

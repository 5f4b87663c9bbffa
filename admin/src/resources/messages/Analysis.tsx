/**
 * The server's analysis on the message page (issue 15):
 *  - 相似留言 (一事多诉): messages about the same matter, with the places and words they share, openable, and at
 *    screening mergeable into with one click (asked first); platform roles choose some and link them into a group
 *    with this message (归并为一组, Grouping.tsx);
 *  - 智能分类: up to three categories with their confidence; one click sets it (setMessageCategory);
 *  - 智能派单: up to three lead units with the reasons; one click opens 交办 with that unit as the lead.
 * Suggestions are asked only where the server offers the actions they serve (CLASSIFY, ASSIGN).
 */
import { useState } from 'react';
import { Alert, Box, Checkbox, Chip, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { useGqlQuery } from '../../api/useGqlQuery';
import { fmt, UserText, useErrorText, usePerform } from '../../components/common';
import * as Ops from '../../generated/graphql';
import { AssignDialog } from './AssignDialog';
import { ConfirmMerge } from './Duplicates';
import { Group, LinkSimilarButton } from './Grouping';

type Msg = {
  id: string;
  version: number;
  serialNo: string;
  isUrgent: boolean;
  isComplex: boolean;
  availableActions: string[];
  category?: { id: string; name: string } | null;
  group?: Group | null;
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function SimilarMessagesSection({ message: m }: { message: Msg }) {
  const t = useTranslate();
  const createPath = useCreatePath();
  const errorText = useErrorText();
  const { data: answer, error } = useGqlQuery(Ops.SimilarMessages, { id: m.id, first: 10 }, { quiet: true, key: m.version });
  const data = answer?.similarMessages;
  // the choice holds for the message as shown: a new version (e.g. after linking) starts with none chosen
  const shownAs = `${m.id}:${m.version}`;
  const [choice, setChoice] = useState<{ of: string; ids: string[] }>({ of: shownAs, ids: [] });
  const chosen = choice.of === shownAs ? choice.ids : [];
  const mergeable = m.availableActions.includes('MERGE');
  // 相似件归并: similar messages not merged, refused or in a group already can be chosen and linked with this one
  const groupable = m.availableActions.includes('GROUP') && (!m.group || m.group.size < 50);
  const canJoin = (s: { message: { state: string; group?: { id: string } | null } }) =>
    groupable && !s.message.group && !['MERGED', 'INVALID'].includes(s.message.state);
  if (error) return <Alert severity="error">{errorText(error)}</Alert>;
  if (!data) return <Typography color="text.secondary">{t('wz.analysis.loading')}</Typography>;
  if (!data.length)
    return (
      <Typography color="text.secondary" data-testid="no-similar">
        {t('wz.analysis.noSimilar')}
      </Typography>
    );
  const toggle = (id: string) => setChoice({ of: shownAs, ids: chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id] });
  return (
    <>
      <List dense data-testid="similar-messages" aria-label={t('wz.analysis.similar')}>
        {data.map((s) => (
          <ListItem
            key={s.message.id}
            data-serial={s.message.serialNo}
            data-score={s.score}
            disableGutters
            secondaryAction={
              mergeable && s.message.state !== 'MERGED' ? <ConfirmMerge message={m} serialNo={s.message.serialNo} title={s.message.title} /> : undefined
            }
          >
            {groupable && (
              <Checkbox
                edge="start"
                size="small"
                checked={chosen.includes(s.message.id)}
                disabled={!canJoin(s)}
                onChange={() => toggle(s.message.id)}
                slotProps={{ input: { 'aria-label': t('wz.grouping.choose', { serial: s.message.serialNo }) } }}
                data-testid={`choose-${s.message.serialNo}`}
              />
            )}
            <ListItemText
              primary={
                <>
                  <Link to={createPath({ resource: 'messages', type: 'show', id: s.message.id })}>
                    <span translate="no">{s.message.serialNo}</span>
                  </Link>{' '}
                  <UserText>{s.message.title}</UserText>
                </>
              }
              secondary={
                <Box component="span" sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, alignItems: 'center' }}>
                  <span>
                    {t('wz.analysis.similarity', { pct: pct(s.score) })} · {fmt(s.message.submittedAt)} · {t(`wz.enums.MessageState.${s.message.state}`)}
                  </span>
                  {s.sameCitizen && <Chip size="small" color="warning" label={t('wz.analysis.sameCitizen')} />}
                  {s.message.group && (
                    <Chip
                      size="small"
                      variant="outlined"
                      label={t(s.message.group.id === m.group?.id ? 'wz.grouping.inThisGroup' : 'wz.grouping.inOtherGroup')}
                    />
                  )}
                  {s.sharedPlaces.length > 0 && (
                    <span>
                      {t('wz.analysis.places')}
                      <UserText>{s.sharedPlaces.join('、')}</UserText>
                    </span>
                  )}
                  {s.sharedTerms.length > 0 && (
                    <span>
                      {t('wz.analysis.terms')}
                      <UserText>{s.sharedTerms.slice(0, 5).join('、')}</UserText>
                    </span>
                  )}
                </Box>
              }
            />
          </ListItem>
        ))}
      </List>
      {groupable && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <LinkSimilarButton message={m} chosen={data.filter((s) => chosen.includes(s.message.id)).map((s) => s.message)} />
          <Typography variant="body2" color="text.secondary">
            {t('wz.grouping.hint')}
          </Typography>
        </Stack>
      )}
    </>
  );
}

export function SuggestionsSection({ message: m }: { message: Msg }) {
  const t = useTranslate();
  const errorText = useErrorText();
  const canClassify = m.availableActions.includes('CLASSIFY');
  const canAssign = m.availableActions.includes('ASSIGN');
  const catsQuery = useGqlQuery(Ops.CategorySuggestions, { id: m.id }, { quiet: true, key: m.version, enabled: canClassify });
  const unitsQuery = useGqlQuery(Ops.UnitSuggestions, { id: m.id }, { quiet: true, key: m.version, enabled: canAssign });
  const cats = { data: catsQuery.data?.categorySuggestions, error: catsQuery.error };
  const units = { data: unitsQuery.data?.unitSuggestions, error: unitsQuery.error };
  const { busy, perform } = usePerform();
  const setCategory = (categoryId: string) =>
    perform(async () => {
      await gql(Ops.SetMessageCategory, { input: { messageId: m.id, categoryId, expectedVersion: m.version } });
    });
  if (!canClassify && !canAssign) return null;
  return (
    <Stack spacing={2}>
      {canClassify && (
        <Box data-testid="category-suggestions">
          <Typography variant="subtitle2" gutterBottom>
            {t('wz.analysis.categories')}
          </Typography>
          {cats.error ? (
            <Alert severity="error">{errorText(cats.error)}</Alert>
          ) : !cats.data ? (
            <Typography color="text.secondary">{t('wz.analysis.loading')}</Typography>
          ) : (
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
              {cats.data.map((c) => {
                const current = m.category?.id === c.category.id;
                return (
                  <Chip
                    key={c.category.id}
                    data-category={c.category.id}
                    color={current ? 'success' : 'primary'}
                    variant={current ? 'filled' : 'outlined'}
                    disabled={busy}
                    label={`${c.path.map((p) => p.name).join(' / ')} ${pct(c.confidence)}`}
                    onClick={current ? undefined : () => setCategory(c.category.id)}
                    aria-label={t('wz.analysis.useCategory', { name: c.category.name })}
                  />
                );
              })}
              {m.category && (
                <Typography variant="body2" color="text.secondary">
                  {t('wz.analysis.currentCategory', { name: m.category.name })}
                </Typography>
              )}
            </Stack>
          )}
        </Box>
      )}
      {canAssign && (
        <Box data-testid="unit-suggestions">
          <Typography variant="subtitle2" gutterBottom>
            {t('wz.analysis.units')}
          </Typography>
          {units.error ? (
            <Alert severity="error">{errorText(units.error)}</Alert>
          ) : !units.data ? (
            <Typography color="text.secondary">{t('wz.analysis.loading')}</Typography>
          ) : units.data.length === 0 ? (
            <Typography color="text.secondary">{t('wz.analysis.noUnits')}</Typography>
          ) : (
            <List dense disablePadding>
              {units.data.map((u) => (
                <ListItem
                  key={u.unit.id}
                  data-unit={u.unit.id}
                  data-catalogue={u.reasons.some((r) => r.kind === 'CATALOGUE') ? 'true' : undefined}
                  disableGutters
                  secondaryAction={
                    <AssignDialog
                      message={m}
                      initialLead={u.unit}
                      initialAssists={u.assistUnits}
                      label={t('wz.analysis.assignTo')}
                      testId={`assign-to-${u.unit.id}`}
                    />
                  }
                >
                  <ListItemText
                    primary={
                      <>
                        {u.unit.name}
                        {u.assistUnits.length ? ` · ${t('wz.fields.assistUnits')}：${u.assistUnits.map((x) => x.name).join('、')}` : ''}
                      </>
                    }
                    secondary={<UserText>{u.reasons.map((r) => r.text).join('；')}</UserText>}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Box>
      )}
    </Stack>
  );
}

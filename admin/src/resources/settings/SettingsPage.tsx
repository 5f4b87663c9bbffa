/**
 * Settings (系统设置), platform admins: the ranking's composite-score weights over 响应率, 解决率 and 满意率, the minimum
 * sample below which a unit is listed as "insufficient data" rather than ranked, and the thresholds that make a
 * rating "satisfied" and "solved" in every statistic. Review levels, deadlines and extensions are set per SLA policy
 * (linked from here); and the archive period (归档期限: days after a message finished before it is archived, read only).
 * The server validates and stores; the page computes nothing.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { Link, Title, useCreatePath, useNotify, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { ArchiveSettings, RankingSettings, UpdateArchiveSettings, UpdateRankingSettings } from '../../generated/graphql';
import { fmt } from '../../components/common';
import { useCan } from '../../capabilities';

type Form = { response: string; resolution: string; satisfaction: string; minimumSample: string; satisfactionThreshold: string; resolutionThreshold: string };
type Settings = {
  minimumSample: number;
  satisfactionThreshold: number;
  resolutionThreshold: number;
  updatedAt: string | null;
  weights: { response: number; resolution: number; satisfaction: number };
};

export function SettingsPage() {
  const t = useTranslate();
  const notify = useNotify();
  const createPath = useCreatePath();
  const may = useCan();
  const admin = may('SETTINGS_MANAGE');
  const [form, setForm] = useState<Form | null>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = (s: Settings) => {
    setForm({
      response: String(s.weights.response),
      resolution: String(s.weights.resolution),
      satisfaction: String(s.weights.satisfaction),
      minimumSample: String(s.minimumSample),
      satisfactionThreshold: String(s.satisfactionThreshold),
      resolutionThreshold: String(s.resolutionThreshold),
    });
    setUpdatedAt(s.updatedAt);
  };
  useEffect(() => {
    gql(RankingSettings, {})
      .then((r) => load(r.rankingSettings))
      .catch((e) => notify((e as Error).message, { type: 'error' }));
  }, [notify]);
  const save = async () => {
    if (!form) return;
    setBusy(true);
    try {
      const r = await gql(UpdateRankingSettings, {
        input: {
          response: Number(form.response),
          resolution: Number(form.resolution),
          satisfaction: Number(form.satisfaction),
          minimumSample: Number(form.minimumSample),
          satisfactionThreshold: Number(form.satisfactionThreshold),
          resolutionThreshold: Number(form.resolutionThreshold),
        },
      });
      load(r.updateRankingSettings);
      notify('wz.settings.saved', { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const field = (k: keyof Form, label: string, helper?: string) => (
    <TextField
      key={k}
      type="number"
      label={label}
      helperText={helper}
      value={form?.[k] ?? ''}
      disabled={!admin || !form}
      onChange={(e) => setForm((f) => (f ? { ...f, [k]: e.target.value } : f))}
      slotProps={{ htmlInput: { 'data-field': k, min: 0, step: 'any' } }}
      sx={{ width: 220 }}
    />
  );
  return (
    <>
      <Card sx={{ mt: 2 }} data-testid="settings">
        <Title title={t('wz.settings.title')} />
        <CardContent>
          <Typography variant="h6">{t('wz.settings.ranking')}</Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('wz.settings.rankingHint')}
          </Typography>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
            {field('response', t('wz.settings.response'), '0-100')}
            {field('resolution', t('wz.settings.resolution'), '0-100')}
            {field('satisfaction', t('wz.settings.satisfaction'), '0-100')}
          </Stack>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: 'flex-start' }}>
            {field('minimumSample', t('wz.settings.minimumSample'), t('wz.settings.minimumSampleHint'))}
          </Stack>
          <Typography variant="subtitle1" sx={{ mb: 1 }}>
            {t('wz.settings.thresholds')}
          </Typography>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: 'flex-start' }}>
            {field('satisfactionThreshold', t('wz.settings.satisfactionThreshold'), t('wz.settings.satisfactionThresholdHint'))}
            {field('resolutionThreshold', t('wz.settings.resolutionThreshold'), t('wz.settings.resolutionThresholdHint'))}
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="settings-updated">
            {updatedAt ? t('wz.settings.updatedAt', { at: fmt(updatedAt) }) : t('wz.settings.defaults')}
          </Typography>
          {admin && (
            <Button variant="contained" onClick={save} disabled={busy || !form} data-testid="settings-save">
              {t('ra.action.save')}
            </Button>
          )}
          <Alert severity="info" sx={{ mt: 3 }}>
            {t('wz.settings.reviewHint')}{' '}
            <Link to={createPath({ resource: 'sla-policies', type: 'list' })}>{t('resources.sla-policies.name', { smart_count: 2 })}</Link>
          </Alert>
        </CardContent>
      </Card>
      <ArchiveCard admin={admin} />
    </>
  );
}

/** 归档期限: how many days after it finished a message is archived (read only from then on). */
function ArchiveCard({ admin }: { admin: boolean }) {
  const t = useTranslate();
  const notify = useNotify();
  const [afterDays, setAfterDays] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = (s: { afterDays: number; updatedAt: string | null }) => {
    setAfterDays(String(s.afterDays));
    setUpdatedAt(s.updatedAt);
  };
  useEffect(() => {
    gql(ArchiveSettings, {})
      .then((r) => load(r.archiveSettings))
      .catch((e) => notify((e as Error).message, { type: 'error' }));
  }, [notify]);
  const save = async () => {
    setBusy(true);
    try {
      load((await gql(UpdateArchiveSettings, { input: { afterDays: Number(afterDays) } })).updateArchiveSettings);
      notify('wz.settings.archiveSaved', { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card sx={{ mt: 2 }} data-testid="archive-settings">
      <CardContent>
        <Typography variant="h6">{t('wz.settings.archive')}</Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('wz.settings.archiveHint')}
        </Typography>
        <TextField
          type="number"
          label={t('wz.settings.afterDays')}
          helperText={t('wz.settings.afterDaysHint')}
          value={afterDays ?? ''}
          disabled={!admin || afterDays === null}
          onChange={(e) => setAfterDays(e.target.value)}
          slotProps={{ htmlInput: { 'data-field': 'afterDays', min: 1, step: 1 } }}
          sx={{ width: 220, mb: 2 }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="archive-updated">
          {updatedAt ? t('wz.settings.updatedAt', { at: fmt(updatedAt) }) : t('wz.settings.archiveDefaults')}
        </Typography>
        {admin && (
          <Button variant="contained" onClick={save} disabled={busy || afterDays === null} data-testid="archive-save">
            {t('ra.action.save')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

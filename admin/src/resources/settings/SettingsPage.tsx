/**
 * Settings (系统设置), platform admins: the ranking's composite-score weights and the minimum sample below which
 * a unit is listed as "insufficient data" rather than ranked. Review levels, deadlines and extensions are set
 * per SLA policy (linked from here). The server validates and stores; the page computes nothing.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { Link, Title, useCreatePath, useNotify, usePermissions, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { RankingSettings, UpdateRankingSettings } from '../../generated/graphql';
import { fmt } from '../../components/common';

type Form = { reply: string; close: string; satisfaction: string; minimumSample: string };

export function SettingsPage() {
  const t = useTranslate();
  const notify = useNotify();
  const createPath = useCreatePath();
  const { permissions } = usePermissions();
  const admin = permissions === 'PLATFORM_ADMIN';
  const [form, setForm] = useState<Form | null>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = (s: { minimumSample: number; updatedAt: string | null; weights: { reply: number; close: number; satisfaction: number } }) => {
    setForm({ reply: String(s.weights.reply), close: String(s.weights.close), satisfaction: String(s.weights.satisfaction), minimumSample: String(s.minimumSample) });
    setUpdatedAt(s.updatedAt);
  };
  useEffect(() => {
    gql(RankingSettings, {}).then((r) => load(r.rankingSettings)).catch((e) => notify((e as Error).message, { type: 'error' }));
  }, [notify]);
  const save = async () => {
    if (!form) return;
    setBusy(true);
    try {
      const r = await gql(UpdateRankingSettings, { input: { reply: Number(form.reply), close: Number(form.close), satisfaction: Number(form.satisfaction), minimumSample: Number(form.minimumSample) } });
      load(r.updateRankingSettings);
      notify('wz.settings.saved', { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const field = (k: keyof Form, label: string, helper?: string) => (
    <TextField key={k} type="number" label={label} helperText={helper} value={form?.[k] ?? ''} disabled={!admin || !form}
      onChange={(e) => setForm((f) => (f ? { ...f, [k]: e.target.value } : f))} slotProps={{ htmlInput: { 'data-field': k, min: 0 } }} sx={{ width: 220 }} />
  );
  return (
    <Card sx={{ mt: 2 }} data-testid="settings">
      <Title title={t('wz.settings.title')} />
      <CardContent>
        <Typography variant="h6">{t('wz.settings.ranking')}</Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>{t('wz.settings.rankingHint')}</Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
          {field('reply', t('wz.settings.reply'), '0-100')}
          {field('close', t('wz.settings.close'), '0-100')}
          {field('satisfaction', t('wz.settings.satisfaction'), '0-100')}
        </Stack>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: 'flex-start' }}>
          {field('minimumSample', t('wz.settings.minimumSample'), t('wz.settings.minimumSampleHint'))}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="settings-updated">
          {updatedAt ? t('wz.settings.updatedAt', { at: fmt(updatedAt) }) : t('wz.settings.defaults')}
        </Typography>
        {admin && <Button variant="contained" onClick={save} disabled={busy || !form} data-testid="settings-save">{t('ra.action.save')}</Button>}
        <Alert severity="info" sx={{ mt: 3 }}>
          {t('wz.settings.reviewHint')}{' '}
          <Link to={createPath({ resource: 'sla-policies', type: 'list' })}>{t('resources.sla-policies.name', { smart_count: 2 })}</Link>
        </Alert>
      </CardContent>
    </Card>
  );
}

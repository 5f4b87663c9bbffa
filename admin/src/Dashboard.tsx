/**
 * The first screen: counts the server computes (totalCount of filtered lists), each a link to its list.
 * The statistics module will add trends and rankings here.
 */
import { useEffect, useState } from 'react';
import { Card, CardActionArea, CardContent, Grid, Typography } from '@mui/material';
import { Title, usePermissions, useRedirect, useTranslate } from 'react-admin';
import { gql } from './api/client';

const COUNT = `query($f: MessageFilter) { messages(first: 1, filter: $f) { totalCount } }`;

function Figure({ label, filter, testId }: { label: string; filter: Record<string, unknown>; testId: string }) {
  const redirect = useRedirect();
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    gql<any, any>(COUNT, { f: filter }).then((r) => setN(r.messages.totalCount)).catch(() => setN(null));
  }, [JSON.stringify(filter)]);
  return (
    <Grid size={{ xs: 12, sm: 6, md: 3 }}>
      <Card>
        <CardActionArea onClick={() => redirect(`/messages?filter=${encodeURIComponent(JSON.stringify(filter.states ? { state: (filter.states as string[])[0] } : filter))}`)}>
          <CardContent>
            <Typography color="text.secondary">{label}</Typography>
            <Typography variant="h3" data-testid={testId}>{n ?? '—'}</Typography>
          </CardContent>
        </CardActionArea>
      </Card>
    </Grid>
  );
}

export function Dashboard() {
  const t = useTranslate();
  const { permissions } = usePermissions();
  return (
    <>
      <Title title={t('wz.dashboard.title')} />
      <Grid container spacing={2} sx={{ mt: 1 }}>
        {['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR'].includes(permissions) && <Figure label={t('wz.dashboard.received')} filter={{ states: ['RECEIVED'] }} testId="fig-received" />}
        <Figure label={t('wz.dashboard.open')} filter={{ states: ['ASSIGNED', 'IN_PROGRESS'] }} testId="fig-open" />
        <Figure label={t('wz.dashboard.yellow')} filter={{ warningLevel: 'YELLOW' }} testId="fig-yellow" />
        <Figure label={t('wz.dashboard.red')} filter={{ warningLevel: 'RED' }} testId="fig-red" />
      </Grid>
      <Typography color="text.secondary" sx={{ mt: 2 }}>{t('wz.dashboard.hint')}</Typography>
    </>
  );
}

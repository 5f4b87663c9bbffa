/**
 * The first screen (首页概览): what a leader or a dispatcher wants to see first, from the server's `dashboard`
 * query, within the viewer's scope. Figure cards (today, this month, waiting for screening, open, due soon,
 * overdue), the daily trend, this month's satisfaction by band, the best-ranked units and the hot topics.
 * The console computes nothing: every number shown is one the API returned.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Box,
  Card,
  CardActionArea,
  CardContent,
  CardHeader,
  Grid,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { gql } from './api/client';
import { Dashboard as DashboardQuery, DashboardResult } from './generated/graphql';
import { fmt, UserText, useErrorText } from './components/common';
import { useCan } from './capabilities';

type D = DashboardResult['dashboard'];

const BAND_COLORS: Record<string, string> = {
  VERY_SATISFIED: '#2e7d32',
  SATISFIED: '#66bb6a',
  BASICALLY_SATISFIED: '#fbc02d',
  DISSATISFIED: '#ef6c00',
  VERY_DISSATISFIED: '#c62828',
};

/** Opens the message list with a filter. */
function useOpenList() {
  const redirect = useRedirect();
  return (filter: Record<string, unknown>) => redirect(`/messages?filter=${encodeURIComponent(JSON.stringify(filter))}`);
}

function Figure(props: { label: string; value: number | undefined; testId: string; sub?: string; color?: string; onClick?: () => void }) {
  const body = (
    <CardContent>
      <Typography color="text.secondary" noWrap>
        {props.label}
      </Typography>
      <Typography variant="h3" data-testid={props.testId} sx={{ color: props.color }}>
        {props.value ?? '—'}
      </Typography>
      {props.sub && (
        <Typography variant="body2" color="text.secondary" data-testid={`${props.testId}-sub`}>
          {props.sub}
        </Typography>
      )}
    </CardContent>
  );
  return (
    <Grid size={{ xs: 12, sm: 6, md: 4, lg: 2 }}>
      <Card sx={{ height: '100%' }}>
        {props.onClick ? (
          <CardActionArea onClick={props.onClick} sx={{ height: '100%' }}>
            {body}
          </CardActionArea>
        ) : (
          body
        )}
      </Card>
    </Grid>
  );
}

/** A panel of the dashboard: a card under its title, as tall as its row. */
function Panel({ testId, title, subheader, children }: { testId: string; title: string; subheader?: string; children: ReactNode }) {
  return (
    <Card sx={{ height: '100%' }} data-testid={testId}>
      <CardHeader title={title} subheader={subheader} slotProps={{ title: { variant: 'subtitle1' } }} />
      {children}
    </Card>
  );
}

/** The trend's lines: the day's figure and its colour in the theme's palette. */
const TREND_SERIES = [
  ['received', 'primary'],
  ['assigned', 'warning'],
  ['responsesGiven', 'success'],
] as const;

function TrendChart({ d }: { d: D }) {
  const t = useTranslate();
  const theme = useTheme();
  const data = d.trend.map((p) => ({ ...p, label: p.day.slice(5) }));
  return (
    <Panel testId="trend" title={t('wz.dashboard.trend', { days: d.days })}>
      <CardContent sx={{ height: 300, pt: 0 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 5, right: 20, left: 0, bottom: 5 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
            <Tooltip labelFormatter={(_l, p) => (p?.[0]?.payload as { day?: string } | undefined)?.day ?? ''} />
            <Legend />
            {TREND_SERIES.map(([key, color]) => (
              <Line
                key={key}
                type="linear"
                dataKey={key}
                name={t(`wz.dashboard.series.${key}`)}
                stroke={theme.palette[color].main}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </CardContent>
    </Panel>
  );
}

function SatisfactionChart({ d }: { d: D }) {
  const t = useTranslate();
  const data = d.satisfaction.map((s) => ({ ...s, name: t(`wz.enums.SatisfactionBand.${s.band}`) }));
  const total = d.satisfaction.reduce((n, s) => n + s.count, 0);
  return (
    <Panel testId="satisfaction" title={t('wz.dashboard.satisfaction')} subheader={t('wz.dashboard.ratings', { n: total })}>
      <CardContent sx={{ height: 260, pt: 0 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 20, right: 10, left: 0, bottom: 5 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
            <Tooltip />
            <Bar dataKey="count" name={t('wz.dashboard.ratingCount')} isAnimationActive={false}>
              {data.map((s) => (
                <Cell key={s.band} fill={BAND_COLORS[s.band] ?? '#888'} />
              ))}
              <LabelList dataKey="count" position="top" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </CardContent>
      {/* The same figures as words, for screen readers and tests. */}
      <Box component="ul" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, listStyle: 'none', px: 2, pb: 2, m: 0 }}>
        {d.satisfaction.map((s) => (
          <li key={s.band} data-band={s.band} data-count={s.count}>
            <Typography variant="caption" color="text.secondary">
              {t(`wz.enums.SatisfactionBand.${s.band}`)} {s.count}
            </Typography>
          </li>
        ))}
      </Box>
    </Panel>
  );
}

function TopUnits({ d }: { d: D }) {
  const t = useTranslate();
  const openList = useOpenList();
  return (
    <Panel testId="top-units" title={t('wz.dashboard.topUnits')}>
      {d.topUnits.length === 0 ? (
        <CardContent>
          <Typography color="text.secondary">{t('wz.dashboard.noData')}</Typography>
        </CardContent>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('wz.dashboard.rank')}</TableCell>
              <TableCell>{t('wz.dashboard.unit')}</TableCell>
              <TableCell align="right">{t('wz.dashboard.score')}</TableCell>
              <TableCell align="right">{t('wz.dashboard.sample')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {d.topUnits.map((u) => (
              <TableRow key={u.key} data-key={u.key} hover sx={{ cursor: 'pointer' }} onClick={() => openList({ unitId: u.key })}>
                <TableCell data-col="rank">
                  {u.rank ?? '—'}
                  {u.rankChange ? (
                    u.rankChange > 0 ? (
                      <ArrowUpward fontSize="inherit" color="success" titleAccess={t('wz.dashboard.up', { n: u.rankChange })} />
                    ) : (
                      <ArrowDownward fontSize="inherit" color="error" titleAccess={t('wz.dashboard.down', { n: -u.rankChange })} />
                    )
                  ) : null}
                </TableCell>
                <TableCell data-col="label">{u.label}</TableCell>
                <TableCell align="right" data-col="score">
                  {u.insufficientData || u.score === null ? t('wz.dashboard.insufficient') : u.score.toFixed(1)}
                </TableCell>
                <TableCell align="right" data-col="sample">
                  {u.sample}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}

function HotTopics({ d }: { d: D }) {
  const t = useTranslate();
  const openList = useOpenList();
  return (
    <Panel testId="hot-topics" title={t('wz.dashboard.hotTopics', { days: d.days })}>
      <CardContent sx={{ pt: 0 }}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('wz.dashboard.hotCategories')}
        </Typography>
        {d.hotCategories.length === 0 && <Typography color="text.secondary">{t('wz.dashboard.noData')}</Typography>}
        <Stack spacing={0.5} data-testid="hot-categories" sx={{ mb: 2 }}>
          {d.hotCategories.map((c) => (
            <Stack
              key={c.key}
              direction="row"
              spacing={1}
              data-key={c.key}
              data-count={c.count}
              sx={{ alignItems: 'center', cursor: 'pointer' }}
              onClick={() => openList({ categoryId: c.key })}
            >
              <Typography sx={{ width: 96, flexShrink: 0 }} noWrap>
                {c.label}
              </Typography>
              <Box sx={{ flexGrow: 1, bgcolor: 'action.hover', borderRadius: 1, height: 10 }}>
                <Box
                  sx={{ width: `${(100 * c.count) / Math.max(1, d.hotCategories[0]?.count ?? 1)}%`, bgcolor: 'primary.main', borderRadius: 1, height: 10 }}
                />
              </Box>
              <Typography variant="body2" sx={{ width: 36, textAlign: 'right' }}>
                {c.count}
              </Typography>
            </Stack>
          ))}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('wz.dashboard.hotProblems')}
        </Typography>
        {d.hotProblems.length === 0 && <Typography color="text.secondary">{t('wz.dashboard.noData')}</Typography>}
        {/* Hot problems (热点问题): messages about one matter, grouped by the server; labels are citizens' words. */}
        <Stack spacing={0.5} data-testid="hot-problems">
          {d.hotProblems.map((p) => (
            <Stack key={p.key} direction="row" spacing={1} data-key={p.key} data-count={p.messages} sx={{ alignItems: 'center' }}>
              <Typography sx={{ flexGrow: 1 }} noWrap>
                <UserText>{p.label}</UserText>
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
                {t('wz.dashboard.problemCount', { messages: p.messages, citizens: p.citizens })}
              </Typography>
            </Stack>
          ))}
        </Stack>
      </CardContent>
    </Panel>
  );
}

export function Dashboard() {
  const t = useTranslate();
  const notify = useNotify();
  const errorText = useErrorText();
  const openList = useOpenList();
  const redirect = useRedirect();
  const may = useCan();
  const theme = useTheme();
  const [days, setDays] = useState(30);
  const [d, setD] = useState<D | null>(null);
  useEffect(() => {
    let live = true;
    gql(DashboardQuery, { days })
      .then((r) => live && setD(r.dashboard))
      .catch((e) => notify(errorText(e), { type: 'error' }));
    return () => {
      live = false;
    };
    // errorText and notify are stable enough; refetch only when the span changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [days]);
  const intake = (f: D['today']) => t('wz.dashboard.intakeSub', { replied: f.responsesGiven, closed: f.closed });
  return (
    <Box sx={{ mt: 1, mb: 2 }} data-testid="dashboard">
      <Title title={t('wz.dashboard.title')} />
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
        <Typography variant="body2" color="text.secondary" data-testid="as-of">
          {d ? t('wz.dashboard.asOf', { at: fmt(d.asOf) }) : '…'}
        </Typography>
        <TextField
          select
          size="small"
          label={t('wz.dashboard.days')}
          value={days}
          onChange={(e) => setDays(Number(e.target.value))}
          slotProps={{ htmlInput: { 'data-field': 'days' } }}
          style={{ width: 160, flex: 'none' }}
        >
          {[7, 30, 90].map((n) => (
            <MenuItem key={n} value={n}>
              {t('wz.dashboard.lastDays', { n })}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Grid container spacing={2}>
        <Figure label={t('wz.dashboard.today')} value={d?.today.received} sub={d ? intake(d.today) : undefined} testId="fig-today" />
        <Figure label={t('wz.dashboard.thisMonth')} value={d?.thisMonth.received} sub={d ? intake(d.thisMonth) : undefined} testId="fig-month" />
        {may('PLATFORM_OVERVIEW') && (
          <Figure label={t('wz.dashboard.received')} value={d?.awaitingScreening} testId="fig-received" onClick={() => openList({ state: 'RECEIVED' })} />
        )}
        <Figure
          label={t('wz.dashboard.open')}
          value={d?.open}
          testId="fig-open"
          sub={t('wz.dashboard.openSub')}
          onClick={may('UNIT_INBOX') ? () => redirect('/inbox') : undefined}
        />
        <Figure
          label={t('wz.dashboard.yellow')}
          value={d?.dueSoon}
          testId="fig-yellow"
          color={theme.palette.warning.main}
          onClick={() => openList({ warningLevel: 'YELLOW' })}
        />
        <Figure
          label={t('wz.dashboard.red')}
          value={d?.overdue}
          testId="fig-red"
          color={theme.palette.error.main}
          onClick={() => openList({ warningLevel: 'RED' })}
        />
      </Grid>
      {d && (
        <Grid container spacing={2} sx={{ mt: 0.5 }}>
          <Grid size={{ xs: 12, lg: 8 }}>
            <TrendChart d={d} />
          </Grid>
          <Grid size={{ xs: 12, lg: 4 }}>
            <SatisfactionChart d={d} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <TopUnits d={d} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <HotTopics d={d} />
          </Grid>
        </Grid>
      )}
      <Typography color="text.secondary" variant="body2" sx={{ mt: 2 }}>
        {t('wz.dashboard.hint')}
      </Typography>
    </Box>
  );
}

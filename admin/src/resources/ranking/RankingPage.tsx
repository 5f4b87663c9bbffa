/**
 * 单位排名: units ranked by the server's composite score over 响应率, 解决率 and 满意率 for a period (weights and minimum
 * sample from the platform settings), each rate with its numerator and denominator, and the rank change against the
 * previous period of the same length. The page computes nothing.
 */
import { useState } from 'react';
import { Alert, Card, CardContent, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import { Title, useTranslate } from 'react-admin';
import { useGqlQuery } from '../../api/useGqlQuery';
import { UnitRanking } from '../../generated/graphql';
import { shanghaiToday } from '../../components/common';

const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
const pct = (r: { numerator: number; denominator: number; value?: number | null }) =>
  r.value === null || r.value === undefined ? `— (${r.numerator}/${r.denominator})` : `${(r.value * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`;
const RATES = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;
const monthBefore = (month: string, n = 1) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 - n, 1)).toISOString().slice(0, 7);

/** The periods offered (whole days in Asia/Shanghai): last month first, as rankings are usually published. */
export function periods(): Array<{ key: string; from: string; to: string }> {
  const today = shanghaiToday();
  const month = today.slice(0, 7);
  const last = monthBefore(month);
  return [
    { key: 'lastMonth', from: `${last}-01`, to: lastDay(last) },
    { key: 'thisMonth', from: `${month}-01`, to: today },
    { key: 'lastQuarter', from: `${monthBefore(month, 3)}-01`, to: lastDay(last) },
    { key: 'thisYear', from: `${today.slice(0, 4)}-01-01`, to: today },
  ];
}

export function RankingPage() {
  const t = useTranslate();
  const options = periods();
  const [key, setKey] = useState(options[0].key);
  const { from, to } = options.find((o) => o.key === key) ?? options[0];
  const { data } = useGqlQuery(UnitRanking, { period: { from, to } });
  const s = data?.rankingSettings;
  return (
    <Card sx={{ mt: 2 }} data-testid="ranking-page">
      <Title title={t('bo.ranking.title')} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
          <TextField
            select
            label={t('bo.ranking.period')}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            sx={{ minWidth: 200 }}
            slotProps={{ htmlInput: { 'data-field': 'period' } }}
          >
            {options.map((o) => (
              <MenuItem key={o.key} value={o.key}>
                {t(`bo.ranking.periods.${o.key}`)}
              </MenuItem>
            ))}
          </TextField>
          <Typography color="text.secondary" data-testid="ranking-period">
            {t('bo.ranking.range', { from, to })}
          </Typography>
        </Stack>
        {s && (
          <Alert severity="info" sx={{ mb: 2 }} data-testid="ranking-weights">
            {t('bo.ranking.weights', { ...s.weights, min: s.minimumSample })}
          </Alert>
        )}
        {!data ? (
          <Typography>…</Typography>
        ) : (
          <Table size="small" data-testid="ranking">
            <TableHead>
              <TableRow>
                {['rank', 'unit', 'score', ...RATES, 'sample', 'change'].map((k) => (
                  <TableCell key={k} sx={{ whiteSpace: 'nowrap' }} align={k === 'unit' ? 'left' : 'right'}>
                    {t(`bo.ranking.${k}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.unitRanking.map((r) => (
                <TableRow key={r.key} data-key={r.key}>
                  <TableCell align="right" data-col="rank">
                    {r.rank ?? t('bo.ranking.none')}
                  </TableCell>
                  <TableCell data-col="label">{r.label}</TableCell>
                  <TableCell align="right" data-col="score">
                    {r.insufficientData || r.score === null ? <Chip size="small" label={t('bo.ranking.insufficient')} /> : r.score.toFixed(1)}
                  </TableCell>
                  {RATES.map((k) => (
                    <TableCell key={k} align="right" data-col={k} sx={{ whiteSpace: 'nowrap' }}>
                      {pct(r[k])}
                    </TableCell>
                  ))}
                  <TableCell align="right" data-col="sample">
                    {r.sample}
                  </TableCell>
                  <TableCell align="right" data-col="change">
                    {r.rankChange === null ? (
                      t('bo.ranking.none')
                    ) : r.rankChange === 0 ? (
                      t('bo.ranking.same')
                    ) : r.rankChange > 0 ? (
                      <>
                        <ArrowUpward fontSize="inherit" color="success" />
                        {t('bo.ranking.up', { n: r.rankChange })}
                      </>
                    ) : (
                      <>
                        <ArrowDownward fontSize="inherit" color="error" />
                        {t('bo.ranking.down', { n: -r.rankChange })}
                      </>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

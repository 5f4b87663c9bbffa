/** Statistics (统计): the server computes every figure; the page only asks and shows (rates with their counts). */
import { useEffect, useState } from 'react';
import { Button, Card, CardContent, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import { gql, loadSession } from '../../api/client';
import { Statistics, StatisticsGroupByValues } from '../../generated/graphql';

const monthStart = () => {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.toISOString().slice(0, 7)}-01`;
};
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const pct = (r: { numerator: number; denominator: number; value: number | null }) =>
  r.value === null ? `— (0/0)` : `${(r.value * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`;

export function StatisticsPage() {
  const t = useTranslate();
  const notify = useNotify();
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(today());
  const [groupBy, setGroupBy] = useState<string>('UNIT');
  const [rows, setRows] = useState<any[] | null>(null);
  useEffect(() => {
    setRows(null);
    gql(Statistics, { period: { from, to }, groupBy } as never)
      .then((r: any) => setRows(r.statistics))
      .catch((e) => notify((e as Error).message, { type: 'error' }));
  }, [from, to, groupBy, notify]);
  /** The server's CSV (UTF-8 with BOM), fetched with the session token and saved as a file. */
  const download = async () => {
    const res = await fetch(`/export/statistics.csv?from=${from}&to=${to}&groupBy=${groupBy}`, { headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` } });
    if (!res.ok) return notify(t('wz.stats.downloadFailed'), { type: 'error' });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `statistics-${groupBy}-${from}-${to}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  };
  const cols: Array<[string, (r: any) => string | number]> = [
    ['wz.stats.assigned', (r) => r.assigned], ['wz.stats.replied', (r) => r.replied], ['wz.stats.replyRate', (r) => pct(r.replyRate)],
    ['wz.stats.closeRate', (r) => pct(r.closeRate)], ['wz.stats.onTimeRate', (r) => pct(r.onTimeRate)], ['wz.stats.timelySignRate', (r) => pct(r.timelySignRate)],
    ['wz.stats.returnRate', (r) => pct(r.returnRate)], ['wz.stats.reopenRate', (r) => pct(r.reopenRate)], ['wz.stats.satisfactionRate', (r) => pct(r.satisfactionRate)],
    ['wz.stats.averageSatisfaction', (r) => r.averageSatisfaction ?? '—'], ['wz.stats.overdueOpen', (r) => r.overdueOpen],
    ['wz.stats.received', (r) => r.received], ['wz.stats.responsesGiven', (r) => r.responsesGiven],
  ];
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={t('wz.stats.title')} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <TextField type="date" label={t('wz.stats.from')} value={from} onChange={(e) => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': 'from' } }} />
          <TextField type="date" label={t('wz.stats.to')} value={to} onChange={(e) => setTo(e.target.value)} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': 'to' } }} />
          <TextField select label={t('wz.stats.groupBy')} value={groupBy} onChange={(e) => setGroupBy(e.target.value)} sx={{ minWidth: 160 }}>
            {StatisticsGroupByValues.map((g) => <MenuItem key={g} value={g}>{t(`wz.stats.groups.${g}`)}</MenuItem>)}
          </TextField>
          <Button variant="outlined" onClick={download} data-testid="download-csv">{t('wz.stats.download')}</Button>
        </Stack>
        {rows === null ? <Typography>…</Typography> : (
          <Table size="small" data-testid="statistics">
            <TableHead>
              <TableRow><TableCell>{t(`wz.stats.groups.${groupBy}`)}</TableCell>{cols.map(([k]) => <TableCell key={k}>{t(k)}</TableCell>)}</TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.key} data-key={r.key}>
                  <TableCell>{r.label}</TableCell>
                  {cols.map(([k, f]) => <TableCell key={k} data-col={k.split('.').pop()}>{f(r)}</TableCell>)}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Typography color="text.secondary" sx={{ mt: 2 }}>{t('wz.stats.hint')}</Typography>
      </CardContent>
    </Card>
  );
}

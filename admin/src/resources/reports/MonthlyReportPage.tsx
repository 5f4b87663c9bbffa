/**
 * 月度通报: a region's monthly report as the server writes it (the summary paragraph, the month's figures beside
 * the month before, the units with the best closing rate, those that answered most, the categories most
 * assigned), for the viewer's own unit by default or any region the viewer may read. Printable.
 */
import { useState } from 'react';
import { Box, Button, Card, CardContent, Grid, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { loadSession } from '../../api/client';
import { useGqlQuery } from '../../api/useGqlQuery';
import { UnitPicker } from '../../components/UnitPicker';
import { MonthlyReport, PublicRowFields } from '../../generated/graphql';
import { shanghaiNow } from '../../components/common';

/** The last 24 months (YYYY-MM, Asia/Shanghai), newest first; the report defaults to the month just ended. */
const MONTHS = (() => {
  const now = shanghaiNow();
  return Array.from({ length: 24 }, (_v, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
})();
const pct = (r: { numerator: number; denominator: number; value: number | null }) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);
const COLS: Array<[string, (r: PublicRowFields) => string | number]> = [
  ['received', (r) => r.received],
  ['assigned', (r) => r.assigned],
  ['replied', (r) => r.replied],
  ['responsesGiven', (r) => r.responsesGiven],
  ['replyRate', (r) => pct(r.replyRate)],
  ['closeRate', (r) => pct(r.closeRate)],
  ['onTimeRate', (r) => pct(r.onTimeRate)],
  ['satisfactionRate', (r) => pct(r.satisfactionRate)],
  ['averageSatisfaction', (r) => r.averageSatisfaction?.toFixed(2) ?? '—'],
];

function Rows({ title, rows, testId, first }: { title: string; rows: PublicRowFields[]; testId: string; first?: string }) {
  const t = useTranslate();
  return (
    <Box sx={{ mb: 3 }} data-testid={testId}>
      <Typography variant="subtitle1" gutterBottom>
        {title}
      </Typography>
      {rows.length === 0 ? (
        <Typography color="text.secondary">{t('bo.report.none')}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{first ?? t('bo.report.cols.label')}</TableCell>
              {COLS.map(([k]) => (
                <TableCell key={k} align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {t(`bo.report.cols.${k}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r, i) => (
              <TableRow key={`${r.key}-${i}`} data-key={r.key}>
                <TableCell data-col="label">{r.label}</TableCell>
                {COLS.map(([k, f]) => (
                  <TableCell key={k} align="right" data-col={k}>
                    {f(r)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

export function MonthlyReportPage() {
  const t = useTranslate();
  const own = loadSession()?.user.unit;
  const [region, setRegion] = useState<{ id: string; name: string } | null>(own ? { id: own.id, name: own.name } : null);
  const [month, setMonth] = useState(MONTHS[1]);
  const ready = !!region && /^\d{4}-\d{2}$/.test(month);
  const report = useGqlQuery(MonthlyReport, { regionUnitId: region?.id ?? '', month }, { enabled: ready }).data?.monthlyReport ?? null;
  return (
    <Card sx={{ mt: 2, '@media print': { boxShadow: 'none' } }} data-testid="monthly-report">
      <Title title={t('bo.report.title')} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', '@media print': { display: 'none' } }}>
          <Box sx={{ width: 360 }}>
            <UnitPicker label={t('bo.report.region')} value={region} onChange={(v) => v && setRegion(v)} />
          </Box>
          <TextField
            select
            label={t('bo.report.month')}
            value={month}
            onChange={(e) => setMonth(e.target.value)}
            sx={{ minWidth: 160 }}
            slotProps={{ htmlInput: { 'data-field': 'month' } }}
          >
            {MONTHS.map((m) => (
              <MenuItem key={m} value={m}>
                {t('bo.report.monthName', { year: m.slice(0, 4), month: Number(m.slice(5)) })}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" onClick={() => window.print()} disabled={!report}>
            {t('bo.report.print')}
          </Button>
        </Stack>
        {!report ? (
          <Typography>…</Typography>
        ) : (
          <>
            <Typography variant="h5" gutterBottom data-testid="report-title">
              {report.regionName} {t('bo.report.monthName', { year: report.month.slice(0, 4), month: Number(report.month.slice(5)) })} {t('bo.report.title')}
            </Typography>
            <Typography variant="subtitle1">{t('bo.report.summary')}</Typography>
            <Typography sx={{ mb: 3, whiteSpace: 'pre-wrap' }} data-testid="report-summary">
              {report.summary}
            </Typography>
            <Rows
              title={t('bo.report.figures')}
              testId="report-figures"
              rows={[
                { ...report.total, label: t('bo.report.thisMonth') },
                { ...report.previousMonth, label: t('bo.report.previousMonth') },
              ]}
              first={t('bo.report.month')}
            />
            <Grid container spacing={2}>
              <Grid size={12}>
                <Rows title={t('bo.report.topUnits')} testId="report-top-units" rows={report.topUnitsByCloseRate} />
              </Grid>
              <Grid size={12}>
                <Rows title={t('bo.report.responsive')} testId="report-responsive" rows={report.mostResponsiveUnits} />
              </Grid>
              <Grid size={12}>
                <Rows title={t('bo.report.topCategories')} testId="report-categories" rows={report.topCategories} />
              </Grid>
            </Grid>
          </>
        )}
      </CardContent>
    </Card>
  );
}

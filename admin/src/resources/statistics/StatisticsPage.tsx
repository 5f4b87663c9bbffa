/**
 * Statistics (统计): the server computes every figure; the page only asks and shows (rates with their counts). Each
 * column name says what it counts (numerator and denominator) when pointed at, as docs/statistics.md defines it.
 * The server sorts and pages the rows (a province has 10,000 units): a column name sorts by it, the pager below asks
 * for the next page; the CSV download has every row.
 */
import { useState } from 'react';
import {
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { Title, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { loadSession } from '../../api/client';
import { useGqlQuery } from '../../api/useGqlQuery';
import {
  CatalogueGaps,
  ObjectionStatistics,
  Statistics,
  StatisticsGroupByValues,
  type SortDirection,
  type StatisticsGroupBy,
  type StatisticsResult,
  type StatisticsSortField,
} from '../../generated/graphql';
import { shanghaiToday } from '../../components/common';
import { SmallTable } from '../../components/SmallTable';
import { useCan } from '../../capabilities';

type Row = StatisticsResult['statisticsPage']['rows'][number];

/** 派单异议 per unit in the period, as the server counts them (docs/statistics.md). */
function Objections({ from, to }: { from: string; to: string }) {
  const t = useTranslate();
  const rows = useGqlQuery(ObjectionStatistics, { period: { from, to } }).data?.objectionStatistics;
  if (!rows) return null;
  return (
    <>
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>
        {t('wz.stats.objections.title')}
      </Typography>
      {!rows.length ? (
        <Typography color="text.secondary" data-testid="objection-statistics-empty">
          {t('wz.stats.objections.none')}
        </Typography>
      ) : (
        <SmallTable
          head={['unit', 'raised', 'upheld', 'rejected', 'pending', 'upheldRate'].map((k) => t(`wz.stats.objections.${k}`))}
          testId="objection-statistics"
        >
          {rows.map((r) => (
            <TableRow key={r.unit.id} data-unit={r.unit.id}>
              <TableCell>{r.unit.name}</TableCell>
              <TableCell data-col="raised">{r.raised}</TableCell>
              <TableCell data-col="upheld">{r.upheld}</TableCell>
              <TableCell>{r.rejected}</TableCell>
              <TableCell>{r.pending}</TableCell>
              <TableCell>{r.upheldRate === null ? '—' : `${(r.upheldRate * 100).toFixed(1)}%`}</TableCell>
            </TableRow>
          ))}
        </SmallTable>
      )}
    </>
  );
}

/** 派单目录空白: assigned messages no catalogue entry covered when assigned, as the server counts them (docs/knowledge.md). */
function CatalogueGapFigures({ from, to }: { from: string; to: string }) {
  const t = useTranslate();
  const f = useGqlQuery(CatalogueGaps, { period: { from, to } }).data?.catalogueGaps;
  if (!f) return null;
  const share = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
  const topics = (testid: string, label: string, list: Array<{ key: string; label: string; count: number }>) => (
    <Typography variant="body2" sx={{ mt: 1 }} data-testid={testid}>
      {label}：
      {list.length
        ? list.map((x, i) => (
            <span key={x.key} data-key={x.key} data-count={x.count}>
              {i ? '、' : ''}
              {/* a keyword from what citizens wrote, or a category's name as an administrator gave it */}
              <span data-user-text>{x.label}</span>（{x.count}）
            </span>
          ))
        : t('wz.stats.gaps.noneGap')}
    </Typography>
  );
  return (
    <>
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>
        {t('wz.stats.gaps.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t('wz.stats.gaps.hint')}
      </Typography>
      {!f.assigned ? (
        <Typography color="text.secondary" data-testid="catalogue-gaps-empty">
          {t('wz.stats.gaps.none')}
        </Typography>
      ) : (
        <>
          <Stack direction="row" spacing={3} sx={{ mt: 1 }} data-testid="catalogue-gaps">
            {(['assigned', 'covered', 'gaps'] as const).map((k) => (
              <Typography key={k} data-col={k}>
                {t(`wz.stats.gaps.${k}`)}：<b data-value>{f[k]}</b>
              </Typography>
            ))}
            <Typography data-col="gapRate">
              {t('wz.stats.gaps.gapRate')}：<b data-value>{share(f.gapRate)}</b>
            </Typography>
          </Stack>
          {topics('catalogue-gap-categories', t('wz.stats.gaps.categories'), f.topCategories)}
          {topics('catalogue-gap-keywords', t('wz.stats.gaps.keywords'), f.topKeywords)}
          {!!f.regions.length && (
            <SmallTable head={['region', 'assigned', 'gaps', 'gapRate'].map((k) => t(`wz.stats.gaps.${k}`))} testId="catalogue-gap-regions" sx={{ mt: 1 }}>
              {f.regions.map((r) => (
                <TableRow key={r.region.id} data-region={r.region.id}>
                  <TableCell>{r.region.name}</TableCell>
                  <TableCell data-col="assigned">{r.assigned}</TableCell>
                  <TableCell data-col="gaps">{r.gaps}</TableCell>
                  <TableCell>{share(r.gapRate)}</TableCell>
                </TableRow>
              ))}
            </SmallTable>
          )}
        </>
      )}
      {!!f.unrecorded && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('wz.stats.gaps.unrecorded', { n: f.unrecorded })}
        </Typography>
      )}
    </>
  );
}

const monthStart = () => `${shanghaiToday().slice(0, 7)}-01`;
const today = shanghaiToday;
const pct = (r: { numerator: number; denominator: number; value: number | null }) =>
  r.value === null ? `— (0/0)` : `${(r.value * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`;

/** The server's sort key of a column: replyRate → REPLY_RATE. */
const sortFieldOf = (column: string) => column.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase() as StatisticsSortField;

/** The columns: figure and how it is shown. */
const COLUMNS: Array<[string, (r: Row) => string | number]> = [
  ['assigned', (r) => r.assigned],
  ['replied', (r) => r.replied],
  ['replyRate', (r) => pct(r.replyRate)],
  ['closeRate', (r) => pct(r.closeRate)],
  ['onTimeRate', (r) => pct(r.onTimeRate)],
  ['timelySignRate', (r) => pct(r.timelySignRate)],
  ['responseRate', (r) => pct(r.responseRate)],
  ['resolutionRate', (r) => pct(r.resolutionRate)],
  ['satisfactionRate', (r) => pct(r.satisfactionRate)],
  ['returnRate', (r) => pct(r.returnRate)],
  ['reopenRate', (r) => pct(r.reopenRate)],
  ['averageSatisfaction', (r) => r.averageSatisfaction ?? '—'],
  ['overdueOpen', (r) => r.overdueOpen],
  ['received', (r) => r.received],
  ['responsesGiven', (r) => r.responsesGiven],
];

export function StatisticsPage() {
  const t = useTranslate();
  const [locale] = useLocaleState(); // the CSV's column names in the console's language
  const notify = useNotify();
  const may = useCan();
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(today());
  const [groupBy, setGroupBy] = useState<StatisticsGroupBy>('UNIT');
  const [sort, setSort] = useState<{ field: StatisticsSortField; direction: SortDirection }>({ field: 'ASSIGNED', direction: 'DESC' });
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(50);
  const { data } = useGqlQuery(Statistics, { period: { from, to }, groupBy, sort, first: perPage, offset: page * perPage });
  const rows = data?.statisticsPage.rows ?? null;
  const total = data?.statisticsPage.total ?? 0;
  /** A column name sorts by its figure: first in its natural order (figures from the largest, names A-Z), again the other way. */
  const sortBy = (field: StatisticsSortField) => {
    setSort((s) => ({ field, direction: s.field === field ? (s.direction === 'DESC' ? 'ASC' : 'DESC') : field === 'LABEL' ? 'ASC' : 'DESC' }));
    setPage(0);
  };
  const sortHead = (field: StatisticsSortField, label: React.ReactNode) => (
    <TableSortLabel
      component="button"
      active={sort.field === field}
      direction={sort.field === field ? (sort.direction === 'ASC' ? 'asc' : 'desc') : field === 'LABEL' ? 'asc' : 'desc'}
      onClick={() => sortBy(field)}
      data-sort={field}
    >
      {label}
    </TableSortLabel>
  );
  const settings = data?.rankingSettings;
  const thresholds = { satisfied: settings?.satisfactionThreshold ?? 3, resolved: settings?.resolutionThreshold ?? 4 };
  /** The server's CSV (UTF-8 with BOM; in Chinese its columns say what they count), fetched with the session token and saved as a file. */
  const download = async () => {
    const res = await fetch(`/export/statistics.csv?from=${from}&to=${to}&groupBy=${groupBy}&lang=${locale === 'en' ? 'en' : 'zh'}`, {
      headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` },
    });
    if (!res.ok) return notify(t('wz.stats.downloadFailed'), { type: 'error' });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `statistics-${groupBy}-${from}-${to}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={t('wz.stats.title')} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <TextField
            type="date"
            label={t('wz.stats.from')}
            value={from}
            onChange={(e) => (setFrom(e.target.value), setPage(0))}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': 'from' } }}
          />
          <TextField
            type="date"
            label={t('wz.stats.to')}
            value={to}
            onChange={(e) => (setTo(e.target.value), setPage(0))}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': 'to' } }}
          />
          <TextField
            select
            label={t('wz.stats.groupBy')}
            value={groupBy}
            onChange={(e) => (setGroupBy(e.target.value as StatisticsGroupBy), setPage(0))}
            sx={{ minWidth: 160 }}
          >
            {StatisticsGroupByValues.map((g) => (
              <MenuItem key={g} value={g}>
                {t(`wz.stats.groups.${g}`)}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" onClick={download} data-testid="download-csv">
            {t('wz.stats.download')}
          </Button>
        </Stack>
        {rows === null ? (
          <Typography>…</Typography>
        ) : (
          <>
            <Table size="small" data-testid="statistics" data-total={total}>
              <TableHead>
                <TableRow>
                  <TableCell>{sortHead('LABEL', t(`wz.stats.groups.${groupBy}`))}</TableCell>
                  {COLUMNS.map(([k]) => (
                    <TableCell key={k} data-head={k} sortDirection={sort.field === sortFieldOf(k) ? (sort.direction === 'ASC' ? 'asc' : 'desc') : false}>
                      {sortHead(
                        sortFieldOf(k),
                        <Tooltip title={t(`wz.stats.defs.${k}`, thresholds)} describeChild>
                          <span style={{ textDecoration: 'underline dotted', cursor: 'help' }}>{t(`wz.stats.${k}`)}</span>
                        </Tooltip>,
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.key} data-key={r.key}>
                    <TableCell>{r.label}</TableCell>
                    {COLUMNS.map(([k, f]) => (
                      <TableCell key={k} data-col={k}>
                        {f(r)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <TablePagination
              component="div"
              count={total}
              page={page}
              onPageChange={(_, p) => setPage(p)}
              rowsPerPage={perPage}
              rowsPerPageOptions={[25, 50, 100, 200]}
              onRowsPerPageChange={(e) => (setPerPage(Number(e.target.value)), setPage(0))}
              labelRowsPerPage={t('ra.navigation.page_rows_per_page')}
              labelDisplayedRows={({ from: a, to: b, count }) => t('ra.navigation.page_range_info', { offsetBegin: a, offsetEnd: b, total: count })}
              data-testid="statistics-pages"
            />
          </>
        )}
        <Objections from={from} to={to} />
        {may('PLATFORM_OVERVIEW') && <CatalogueGapFigures from={from} to={to} />}
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          {t('wz.stats.hint')}
        </Typography>
      </CardContent>
    </Card>
  );
}

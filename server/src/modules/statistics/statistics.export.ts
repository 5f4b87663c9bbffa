/**
 * CSV export of the statistics query: GET /export/statistics.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=UNIT
 * [&bucket=DAY|WEEK|MONTH][&includeSubtree=true][&unitId=&categoryId=&regionUnitId=&leaderId=&types=A,B&channels=A,B]
 * (the query's own arguments). The rows are the statistics query's own rows, so both give the same numbers.
 */
import type { Express, Request, Response } from 'express';
import { exportViewer, listParam, oneParam, sendCsv, sendError, sendQueryError } from '../../common/csvExport';
import { Permission } from '../../auth/permissions';
import type { Services } from '../../services';
import { StatisticsBucket, StatisticsFilterInput, StatisticsGroupBy, StatisticsRow } from './statistics.types';

const RATE_COLUMNS = ['replyRate', 'closeRate', 'onTimeRate', 'timelySignRate', 'returnRate', 'reopenRate', 'satisfactionRate'] as const;
const ACTIVITY_RATES = ['directAnswerRate'] as const;
export const STATISTICS_CSV_HEADER = [
  'key', 'label', 'bucket', 'includesSubtree', 'assigned', 'replied',
  ...RATE_COLUMNS.flatMap((c) => [`${c}.numerator`, `${c}.denominator`, `${c}.value`]),
  'averageSatisfaction', 'averageFirstResponseWorkingHours', 'firstResponses', 'averageHandlingWorkingDays', 'overdueOpen', 'received', 'responsesGiven',
  ...ACTIVITY_RATES.flatMap((c) => [`${c}.numerator`, `${c}.denominator`, `${c}.value`]),
];

function toRecord(r: StatisticsRow): Array<string | number | null> {
  return [
    r.key, r.label, r.bucket, r.includesSubtree ? 1 : 0, r.assigned, r.replied,
    ...RATE_COLUMNS.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value]),
    r.averageSatisfaction, r.averageFirstResponseWorkingHours, r.firstResponses, r.averageHandlingWorkingDays, r.overdueOpen, r.received, r.responsesGiven,
    ...ACTIVITY_RATES.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value]),
  ];
}

export function registerStatisticsExport(app: Express, services: Services) {
  app.get('/export/statistics.csv', async (req: Request, res: Response) => {
    const viewer = await exportViewer(services, req, res, Permission.STATS_READ);
    if (!viewer) return;
    const groupBy = String(req.query.groupBy ?? 'UNIT') as StatisticsGroupBy;
    if (!Object.values(StatisticsGroupBy).includes(groupBy)) return sendError(res, 400, 'BAD_USER_INPUT', `unknown groupBy ${groupBy}`, 'groupBy');
    const bucket = req.query.bucket ? String(req.query.bucket) as StatisticsBucket : null;
    if (bucket && !Object.values(StatisticsBucket).includes(bucket)) return sendError(res, 400, 'BAD_USER_INPUT', `unknown bucket ${bucket}`, 'bucket');
    const q = req.query;
    const filter = { unitId: oneParam(q.unitId), categoryId: oneParam(q.categoryId), regionUnitId: oneParam(q.regionUnitId), leaderId: oneParam(q.leaderId), types: listParam(q.types), channels: listParam(q.channels) } as StatisticsFilterInput;
    let rows: StatisticsRow[];
    try {
      rows = await services.statistics.statistics(viewer, { from: String(q.from ?? ''), to: String(q.to ?? ''), groupBy, bucket, includeSubtree: q.includeSubtree === 'true', filter });
    } catch (e) {
      return sendQueryError(res, e);
    }
    await sendCsv(res, `statistics-${groupBy}-${q.from}-${q.to}.csv`, STATISTICS_CSV_HEADER, rows.map(toRecord));
  });
}

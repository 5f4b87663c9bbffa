/**
 * CSV exports (UTF-8 with BOM, so Excel opens Chinese correctly), authorised like the GraphQL query:
 * GET /export/statistics.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=UNIT[&bucket=DAY|WEEK|MONTH][&includeSubtree=true]
 * [&unitId=&categoryId=&regionUnitId=&leaderId=&types=A,B&channels=A,B] (the query's own arguments) with `Authorization: Bearer <token>`.
 * The rows are the statistics query's own rows, so both give the same numbers.
 */
import { stringify } from 'csv-stringify';
import type { Express, Request, Response } from 'express';
import { roleHas, Permission } from '../../auth/permissions';
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

function toRecord(r: StatisticsRow): Array<string | number> {
  return [
    r.key, r.label, r.bucket ?? '', r.includesSubtree ? 1 : 0, r.assigned, r.replied,
    ...RATE_COLUMNS.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value === null ? '' : r[c].value]),
    r.averageSatisfaction ?? '', r.averageFirstResponseWorkingHours ?? '', r.firstResponses, r.averageHandlingWorkingDays ?? '', r.overdueOpen, r.received, r.responsesGiven,
    ...ACTIVITY_RATES.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value === null ? '' : r[c].value]),
  ];
}

export function registerExports(app: Express, services: Services) {
  app.get('/export/statistics.csv', async (req: Request, res: Response) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const viewer = await services.auth.viewerFromToken(token);
    if (!viewer) return void res.status(401).json({ errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] });
    if (!roleHas(viewer.role, Permission.STATS_READ)) return void res.status(403).json({ errors: [{ message: '无权导出', extensions: { code: 'FORBIDDEN' } }] });
    const groupBy = String(req.query.groupBy ?? 'UNIT') as StatisticsGroupBy;
    if (!Object.values(StatisticsGroupBy).includes(groupBy)) return void res.status(400).json({ errors: [{ message: `unknown groupBy ${groupBy}`, extensions: { code: 'BAD_USER_INPUT', field: 'groupBy' } }] });
    const bucket = req.query.bucket ? String(req.query.bucket) as StatisticsBucket : null;
    if (bucket && !Object.values(StatisticsBucket).includes(bucket)) return void res.status(400).json({ errors: [{ message: `unknown bucket ${bucket}`, extensions: { code: 'BAD_USER_INPUT', field: 'bucket' } }] });
    const list = (v: unknown) => (v === undefined ? undefined : String(v).split(',').filter(Boolean));
    const one = (v: unknown) => (v === undefined ? undefined : String(v));
    const filter = { unitId: one(req.query.unitId), categoryId: one(req.query.categoryId), regionUnitId: one(req.query.regionUnitId), leaderId: one(req.query.leaderId), types: list(req.query.types), channels: list(req.query.channels) } as StatisticsFilterInput;
    let rows: StatisticsRow[];
    try {
      rows = await services.statistics.statistics(viewer, {
        from: String(req.query.from ?? ''), to: String(req.query.to ?? ''), groupBy, bucket, includeSubtree: req.query.includeSubtree === 'true', filter,
      });
    } catch (e) {
      const ext = (e as { extensions?: Record<string, unknown> }).extensions;
      return void res.status(400).json({ errors: [{ message: (e as Error).message, extensions: ext ?? { code: 'BAD_USER_INPUT' } }] });
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="statistics-${groupBy}-${req.query.from}-${req.query.to}.csv"`);
    res.write('\uFEFF');
    const csv = stringify({ header: true, columns: STATISTICS_CSV_HEADER });
    csv.pipe(res);
    for (const r of rows) csv.write(toRecord(r));
    csv.end();
  });
}

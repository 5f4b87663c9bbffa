/**
 * CSV exports (UTF-8 with BOM, so Excel opens Chinese correctly), authorised like the GraphQL query:
 * GET /export/statistics.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=UNIT with `Authorization: Bearer <token>`.
 * The rows are the statistics query's own rows, so both give the same numbers.
 */
import { stringify } from 'csv-stringify';
import type { Express, Request, Response } from 'express';
import { roleHas, Permission } from '../../auth/permissions';
import type { Services } from '../../services';
import { StatisticsGroupBy, StatisticsRow } from './statistics.types';

const RATE_COLUMNS = ['replyRate', 'closeRate', 'onTimeRate', 'timelySignRate', 'returnRate', 'reopenRate', 'satisfactionRate'] as const;
export const STATISTICS_CSV_HEADER = [
  'key', 'label', 'assigned', 'replied',
  ...RATE_COLUMNS.flatMap((c) => [`${c}.numerator`, `${c}.denominator`, `${c}.value`]),
  'averageSatisfaction', 'overdueOpen', 'received', 'responsesGiven',
];

function toRecord(r: StatisticsRow): Array<string | number> {
  return [
    r.key, r.label, r.assigned, r.replied,
    ...RATE_COLUMNS.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value === null ? '' : r[c].value]),
    r.averageSatisfaction ?? '', r.overdueOpen, r.received, r.responsesGiven,
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
    let rows: StatisticsRow[];
    try {
      rows = await services.statistics.statistics(viewer, groupBy, String(req.query.from ?? ''), String(req.query.to ?? ''));
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

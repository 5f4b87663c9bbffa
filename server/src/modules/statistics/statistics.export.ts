/**
 * CSV export of the statistics query: GET /export/statistics.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=UNIT
 * [&bucket=DAY|WEEK|MONTH][&includeSubtree=true][&unitId=&categoryId=&regionUnitId=&leaderId=&types=A,B&channels=A,B]
 * [&lang=zh] (the query's own arguments; lang=zh: Chinese column names). The rows are the statistics query's own rows, so both give the same numbers:
 * every row (not a page), each turned into a row and a CSV line as the stream takes it, with back-pressure.
 */
import type { Express, Request, Response } from 'express';
import { exportViewer, headerFor, listParam, oneParam, sendCsv } from '../../common/csvExport';
import { Permission } from '../../auth/permissions';
import { sendHttpError } from '../../common/httpErrors';
import { badInput } from '../../graphql/errors';
import type { ViewerSource } from '../../common/csvExport';
import type { Workflow } from '../ledger/ledger';
import { groupRow, type StatisticsGroup, type StatisticsService } from './statistics.service';
import { StatisticsBucket, StatisticsFilterInput, StatisticsGroupBy, StatisticsRow } from './statistics.types';

const RATE_COLUMNS = [
  'replyRate',
  'closeRate',
  'onTimeRate',
  'timelySignRate',
  'responseRate',
  'returnRate',
  'reopenRate',
  'satisfactionRate',
  'resolutionRate',
] as const;
const ACTIVITY_RATES = ['directAnswerRate'] as const;
export const STATISTICS_CSV_HEADER = [
  'key',
  'label',
  'bucket',
  'includesSubtree',
  'assigned',
  'replied',
  ...RATE_COLUMNS.flatMap((c) => [`${c}.numerator`, `${c}.denominator`, `${c}.value`]),
  'averageSatisfaction',
  'averageFirstResponseWorkingHours',
  'firstResponses',
  'averageHandlingWorkingDays',
  'overdueOpen',
  'received',
  'responsesGiven',
  ...ACTIVITY_RATES.flatMap((c) => [`${c}.numerator`, `${c}.denominator`, `${c}.value`]),
];

/** What each rate counts (docs/statistics.md), named in the Chinese header of its numerator and denominator columns. */
export const RATE_DEFINITIONS_ZH: Record<string, { name: string; numerator: string; denominator: string }> = {
  replyRate: { name: '回复率', numerator: '已答复（答复至少发布过一次）', denominator: '交办量（本期交办且未被改派、退回的主办件）' },
  closeRate: { name: '办结率', numerator: '现已办结', denominator: '交办量' },
  onTimeRate: { name: '按时办结率', numerator: '首次答复未超当时期限（含延期、扣除挂起）', denominator: '已答复及未答复已到期' },
  timelySignRate: { name: '及时签收率', numerator: '按期签收', denominator: '已签收及未签收已到期' },
  responseRate: { name: '响应率', numerator: '首次响应（联系群众或答复）未超响应时限', denominator: '交办量' },
  returnRate: { name: '回退率', numerator: '同意退回', denominator: '本期收到的主办交办（含后来改派、退回的）' },
  reopenRate: { name: '重办率', numerator: '已答复且申请过重办', denominator: '已答复' },
  satisfactionRate: { name: '满意率', numerator: '最新评价满意（综合分高于满意阈值）', denominator: '已评价（每件只计最新一次评价）' },
  resolutionRate: { name: '解决率', numerator: '最新评价已解决（解决程度不低于解决阈值）', denominator: '已评价（每件只计最新一次评价）' },
  directAnswerRate: { name: '直办率', numerator: '平台直接答复', denominator: '平台直办及本期交办的留言' },
};
/** Chinese column names (`lang=zh`): a rate's numerator and denominator columns say what they count. */
export const STATISTICS_CSV_HEADER_ZH: Record<string, string> = {
  key: '键',
  label: '名称',
  bucket: '时段',
  includesSubtree: '含下级',
  assigned: '交办量',
  replied: '答复量',
  ...Object.fromEntries(
    Object.entries(RATE_DEFINITIONS_ZH).flatMap(([c, d]) => [
      [`${c}.numerator`, `${d.name}分子：${d.numerator}`],
      [`${c}.denominator`, `${d.name}分母：${d.denominator}`],
      [`${c}.value`, d.name],
    ]),
  ),
  averageSatisfaction: '平均满意度（最新评价）',
  averageFirstResponseWorkingHours: '平均首次响应用时（工作小时）',
  firstResponses: '首次响应件数',
  averageHandlingWorkingDays: '平均办理用时（工作日，至首次答复）',
  overdueOpen: '超期未办结',
  received: '收到留言',
  responsesGiven: '答复次数',
};

function toRecord(r: StatisticsRow): Array<string | number | null> {
  return [
    r.key,
    r.label,
    r.bucket,
    r.includesSubtree ? 1 : 0,
    r.assigned,
    r.replied,
    ...RATE_COLUMNS.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value]),
    r.averageSatisfaction,
    r.averageFirstResponseWorkingHours,
    r.firstResponses,
    r.averageHandlingWorkingDays,
    r.overdueOpen,
    r.received,
    r.responsesGiven,
    ...ACTIVITY_RATES.flatMap((c) => [r[c].numerator, r[c].denominator, r[c].value]),
  ];
}

export function registerStatisticsExport(app: Express, services: ViewerSource & { statistics: StatisticsService; workflow: Workflow }) {
  app.get('/export/statistics.csv', async (req: Request, res: Response) => {
    const viewer = await exportViewer(services, req, res, Permission.STATS_READ);
    if (!viewer) return;
    const groupBy = String(req.query.groupBy ?? 'UNIT') as StatisticsGroupBy;
    if (!Object.values(StatisticsGroupBy).includes(groupBy)) return sendHttpError(res, badInput('groupBy', `unknown groupBy ${groupBy}`));
    const bucket = req.query.bucket ? (String(req.query.bucket) as StatisticsBucket) : null;
    if (bucket && !Object.values(StatisticsBucket).includes(bucket)) return sendHttpError(res, badInput('bucket', `unknown bucket ${bucket}`));
    const q = req.query;
    const filter = {
      unitId: oneParam(q.unitId),
      categoryId: oneParam(q.categoryId),
      regionUnitId: oneParam(q.regionUnitId),
      leaderId: oneParam(q.leaderId),
      types: listParam(q.types),
      channels: listParam(q.channels),
    } as StatisticsFilterInput;
    let groups: StatisticsGroup[];
    try {
      groups = await services.statistics.groups(
        viewer,
        { from: String(q.from ?? ''), to: String(q.to ?? ''), groupBy, bucket, includeSubtree: q.includeSubtree === 'true', filter },
        services.workflow.now(),
      );
    } catch (e) {
      return sendHttpError(res, e);
    }
    // every row, in the statistics query's order, each made and written when the stream takes it
    const includesSubtree = q.includeSubtree === 'true';
    function* records() {
      for (const g of groups) yield toRecord(groupRow(g, includesSubtree));
    }
    await sendCsv(res, `statistics-${groupBy}-${q.from}-${q.to}.csv`, headerFor(req, STATISTICS_CSV_HEADER, STATISTICS_CSV_HEADER_ZH), records());
  });
}

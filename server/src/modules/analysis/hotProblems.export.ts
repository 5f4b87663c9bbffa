/**
 * 专报: the hot problems of a period as a Word document a platform office can send on.
 * GET /export/hot-problems.docx?from=YYYY-MM-DD&to=YYYY-MM-DD[&first=10][&regionUnitId=&unitId=&categoryId=]
 * with the same bearer token and scope as the `hotProblems` query (its own numbers): a summary paragraph,
 * the table (problem, messages, citizens, likes, growth, heat, dates) and a short paragraph per problem.
 * Titles are masked for private data (a file leaves the access control). Written with `docx`.
 */
import type { Express, Request, Response } from 'express';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { Permission } from '../../auth/permissions';
import { exportViewer, oneParam } from '../../common/csvExport';
import { sendHttpError } from '../../common/httpErrors';
import { badInput } from '../../graphql/errors';
import type { ViewerSource } from '../../common/csvExport';
import { Category } from '../category/category.entity';
import { Unit } from '../unit/unit.entity';
import type { AnalysisService, HotProblemReportResult, HotProblemResult } from './analysis.service';
import { shanghaiDay } from '../../common/shanghai';

const day = shanghaiDay;
const growthText = (p: HotProblemResult) => (p.growth === null ? '新出现' : `${p.growth >= 0 ? '+' : ''}${Math.round(p.growth * 100)}%`);
const FONT = 'SimSun';

const cell = (text: string, bold = false, width?: number) =>
  new TableCell({
    width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined,
    children: [new Paragraph({ children: [new TextRun({ text, bold, font: FONT, size: 20 })] })],
  });

const para = (text: string, opts: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; spacing?: number } = {}) =>
  new Paragraph({
    alignment: opts.align,
    spacing: { after: opts.spacing ?? 120 },
    children: [new TextRun({ text, bold: opts.bold, font: FONT, size: opts.size ?? 24 })],
  });

/** The summary paragraph of the report, from its figures. */
export function summaryOf(r: HotProblemReportResult, scope: string): string {
  if (!r.problems.length) return `${r.from} 至 ${r.to}，${scope}共收到留言 ${r.totalMessages} 件，未发现多人反映的同一问题。`;
  const inProblems = r.problems.reduce((a, p) => a + p.messages, 0);
  const citizens = r.problems.reduce((a, p) => a + p.citizens, 0);
  const top = r.problems[0];
  const fresh = r.problems.filter((p) => p.growth === null).length;
  return (
    `${r.from} 至 ${r.to}，${scope}共收到留言 ${r.totalMessages} 件，其中 ${inProblems} 件（${citizens} 人次）集中反映 ${r.problems.length} 个热点问题，` +
    `${fresh} 个为本期新出现。热度最高的是“${top.label}”，共 ${top.messages} 件留言、${top.citizens} 人反映，环比${growthText(top)}。`
  );
}

export async function hotProblemsDocument(r: HotProblemReportResult, scope: string): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell('序号', true, 6),
      cell('热点问题', true, 40),
      cell('留言', true, 8),
      cell('人数', true, 8),
      cell('点赞', true, 8),
      cell('环比', true, 10),
      cell('热度', true, 8),
      cell('时间', true, 12),
    ],
  });
  const rows = r.problems.map(
    (p, i) =>
      new TableRow({
        children: [
          cell(String(i + 1)),
          cell(p.label),
          cell(String(p.messages)),
          cell(String(p.citizens)),
          cell(String(p.likes)),
          cell(growthText(p)),
          cell(String(p.heat)),
          cell(day(p.firstAt) === day(p.lastAt) ? day(p.firstAt).slice(5) : `${day(p.firstAt).slice(5)}—${day(p.lastAt).slice(5)}`),
        ],
      }),
  );
  const details = r.problems.flatMap((p, i) => [
    para(`${i + 1}. ${p.label}`, { bold: true }),
    para(
      `${day(p.firstAt)} 至 ${day(p.lastAt)} 共 ${p.messages} 件留言，${p.citizens} 人反映${p.likes ? `，获点赞 ${p.likes} 次` : ''}；上期 ${p.previousMessages} 件，环比${growthText(p)}。` +
        `代表性留言：《${p.representativeTitle}》。关键词：${p.terms.slice(0, 6).join('、')}。`,
    ),
  ]);
  const doc = new Document({
    creator: 'wenzheng 问政',
    title: `热点问题专报 ${r.from} 至 ${r.to}`,
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: '热点问题专报', bold: true, font: FONT, size: 40 })],
          }),
          para(`统计期间：${r.from} 至 ${r.to}（环比上期：${r.previousFrom} 至 ${r.previousTo}）　范围：${scope}`, { align: AlignmentType.CENTER, size: 21 }),
          para('一、总体情况', { bold: true, size: 28 }),
          para(summaryOf(r, scope)),
          para('二、热点问题一览', { bold: true, size: 28 }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
          para('三、问题摘要', { bold: true, size: 28 }),
          ...details,
          para(
            '说明：热点问题由系统按留言内容的相似度归并（同一地点或人群、同一问题）。热度 =（反映人数 + 0.5 × 同一人的再次留言 + log2(1 + 点赞数)）×（1 + 0.5 × 环比增幅，增幅限 ±100%，新出现按 +100%）。',
            { size: 18 },
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export function registerHotProblemsExport(app: Express, services: ViewerSource & { analysis: AnalysisService }) {
  app.get('/export/hot-problems.docx', async (req: Request, res: Response) => {
    const viewer = await exportViewer(services, req, res, Permission.STATS_READ);
    if (!viewer) return;
    const q = req.query;
    const first = q.first === undefined ? 10 : Number(q.first);
    if (!Number.isInteger(first)) return sendHttpError(res, badInput('first', 'first must be an integer 1-100'));
    const filter = { regionUnitId: oneParam(q.regionUnitId), unitId: oneParam(q.unitId), categoryId: oneParam(q.categoryId) };
    let report: HotProblemReportResult;
    try {
      report = await services.analysis.hotProblems(viewer, String(q.from ?? ''), String(q.to ?? ''), filter, first);
    } catch (e) {
      return sendHttpError(res, e);
    }
    const ds = services.analysis.dataSource;
    const names: string[] = [];
    for (const id of [filter.regionUnitId, filter.unitId]) if (id) names.push((await ds.getRepository(Unit).findOneBy({ id: Number(id) }))?.name ?? '');
    if (filter.categoryId) names.push(`${(await ds.getRepository(Category).findOneBy({ id: Number(filter.categoryId) }))?.name ?? ''}类`);
    if (!names.length) names.push((await ds.getRepository(Unit).findOneBy({ id: viewer.unitId }))?.name ?? '全部');
    const body = await hotProblemsDocument(report, names.filter(Boolean).join('、'));
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader(
      'content-disposition',
      `attachment; filename="hot-problems-${report.from}-${report.to}.docx"; filename*=UTF-8''${encodeURIComponent(`热点问题专报-${report.from}-${report.to}.docx`)}`,
    );
    res.end(body);
  });
}

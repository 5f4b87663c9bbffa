/**
 * CSV downloads (UTF-8 with BOM, so Excel opens Chinese correctly), authorised like the GraphQL API:
 * `Authorization: Bearer <access token>`. Rows are streamed, with back-pressure, so large ranges do not sit
 * in memory. Errors before the first row are JSON with the API's `extensions.code`.
 */
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { Permission, roleHas } from '../auth/permissions';
import type { StaffViewer } from '../auth/viewer';
import type { Services } from '../services';

/** `a,b` query parameters as lists; absent ones as undefined. */
export const listParam = (v: unknown) => (v === undefined ? undefined : String(v).split(',').filter(Boolean));
export const oneParam = (v: unknown) => (v === undefined ? undefined : String(v));

export function sendError(res: Response, status: number, code: string, message: string, field?: string) {
  res.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}

/** The staff viewer of a download request, or null after answering 401/403. */
export async function exportViewer(services: Services, req: Request, res: Response, permission: Permission): Promise<StaffViewer | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const viewer = await services.auth.viewerFromToken(token);
  if (!viewer) return void sendError(res, 401, 'UNAUTHENTICATED', '请先登录 (log in first)'), null;
  if (!roleHas(viewer.role, permission)) return void sendError(res, 403, 'FORBIDDEN', '无权导出 (not allowed to export)'), null;
  return viewer;
}

/** Answers a failed query before any row was sent: typed errors as 400, anything else rethrown. */
export function sendQueryError(res: Response, e: unknown) {
  const ext = (e as { extensions?: Record<string, unknown> }).extensions;
  if (!ext) throw e;
  res.status(ext.code === 'FORBIDDEN' ? 403 : 400).json({ errors: [{ message: (e as Error).message, extensions: ext }] });
}

/** Streams `rows` as a CSV attachment with a header line. */
export async function sendCsv(res: Response, filename: string, columns: string[], rows: AsyncIterable<Array<string | number | null>> | Iterable<Array<string | number | null>>) {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${encodeURIComponent(filename)}"`);
  res.write('\uFEFF');
  const csv = stringify({ header: true, columns });
  csv.pipe(res);
  for await (const row of rows) {
    if (!csv.write(row.map((v) => (v === null ? '' : v)))) await once(csv, 'drain');
  }
  csv.end();
  await once(res, 'finish');
}

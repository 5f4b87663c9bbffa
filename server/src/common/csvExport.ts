/**
 * CSV downloads (UTF-8 with BOM, so Excel opens Chinese correctly), authorised like the GraphQL API:
 * `Authorization: Bearer <access token>`. Rows are streamed, with back-pressure, so large ranges do not sit
 * in memory. Errors before the first row are JSON with the API's `extensions.code` and its HTTP status (httpErrors.ts).
 */
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { passwordChangeRequired } from '../auth/passwordChange';
import { Permission, roleHas } from '../auth/permissions';
import type { StaffViewer } from '../auth/viewer';
import { onPrimary } from '../db/replicas';
import { forbidden, unauthenticated } from '../graphql/errors';
import { sendHttpError } from './httpErrors';

/** `a,b` query parameters as lists; absent ones as undefined. */
/**
 * The header row in the language asked for: `lang=zh` gives the Chinese column names a person opening the file
 * reads (the console asks for its own language); otherwise the field names, stable for programs.
 */
export function headerFor(req: Request, columns: readonly string[], zh: Record<string, string>): string[] {
  if (String(req.query.lang ?? '') !== 'zh') return [...columns];
  return columns.map((c) => zh[c] ?? c);
}

export const listParam = (v: unknown) => (v === undefined ? undefined : String(v).split(',').filter(Boolean));
export const oneParam = (v: unknown) => (v === undefined ? undefined : String(v));

/** What a download needs to know its caller: the services' authentication (shared code does not import the composition root). */
export interface ViewerSource {
  auth: { viewerFromToken(token: string | null | undefined): Promise<StaffViewer | null> };
}

/** The staff viewer of a download request, or null after answering 401/403. */
export async function exportViewer(services: ViewerSource, req: Request, res: Response, permission: Permission): Promise<StaffViewer | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  // Authentication reads the primary (a session revoked a moment ago must not live on in a replica).
  const viewer = await onPrimary(() => services.auth.viewerFromToken(token));
  const refusal = !viewer
    ? unauthenticated('请先登录 (log in first)')
    : viewer.mustChangePassword
      ? passwordChangeRequired()
      : !roleHas(viewer.role, permission)
        ? forbidden('无权导出 (not allowed to export)')
        : null;
  if (refusal) return (void sendHttpError(res, refusal), null);
  return viewer;
}

/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with = + - @ (or tab / carriage return, which
 * some skip before looking) as a formula. Every such text cell is written with a leading apostrophe, so that
 * it shows as the text it is; masked values too (a name like "=cmd" masks to "=**").
 */
export function neutraliseCell(v: string | number | null): string | number {
  if (v === null) return '';
  if (typeof v !== 'string') return v;
  return /^[\s]*[=+\-@]|^[\t\r]/.test(v) ? `'${v}` : v;
}

/** Streams `rows` as a CSV attachment with a header line; every cell goes through neutraliseCell. */
export async function sendCsv(
  res: Response,
  filename: string,
  columns: string[],
  rows: AsyncIterable<Array<string | number | null>> | Iterable<Array<string | number | null>>,
) {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${encodeURIComponent(filename)}"`);
  res.write('\uFEFF');
  const csv = stringify({ header: true, columns });
  csv.pipe(res);
  for await (const row of rows) {
    if (!csv.write(row.map(neutraliseCell))) await once(csv, 'drain');
  }
  csv.end();
  await once(res, 'finish');
}

/**
 * Which files may be uploaded, judged by their first bytes (never by the name or the type the browser claims
 * alone): images, PDF, Word/Excel/PowerPoint (old and new formats) and plain UTF-8 text. Anything a browser
 * could run (HTML, SVG, scripts) is refused, and every file is served as a download with nosniff.
 */
const starts = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ext = (name: string) => (/\.([a-z0-9]{1,8})$/i.exec(name)?.[1] ?? '').toLowerCase();

const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const OLE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' };

/** The content type of an accepted file, or null when the file is not of an accepted kind. */
export function sniffContentType(name: string, b: Buffer): string | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(b, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  const e = ext(name);
  if (starts(b, [0x50, 0x4b, 0x03, 0x04]) && OOXML[e]) return OOXML[e];
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) && OLE[e]) return OLE[e];
  if (e === 'txt' && !b.includes(0) && isUtf8(b)) return 'text/plain; charset=utf-8';
  return null;
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

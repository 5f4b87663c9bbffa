/**
 * Masking of private data (domain.md §12, §14). Masked forms keep just enough for staff to tell cases apart:
 * 张*, 138****5678, 4301**********1234, the first part of an address, the first two octets of an IP.
 */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const d = phone.replace(/\s+/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
}

export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  return id.length >= 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';
}

export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  const chars = [...address];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`;
}

export function maskIp(ip: string | null): string | null {
  if (!ip) return ip;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const parts = ip.split(':');
  return parts.length > 2 ? `${parts.slice(0, 2).join(':')}:****` : '****';
}

// ── private data written into free text ─────────────────────────────────────────────────────────────

/** A digit, ASCII or full-width (citizens type both). */
const D = '[0-9０-９]';
/** What people put between groups of digits: spaces, dashes of every width, dots (139 - 1234 - 5670: up to three). */
const SEP = '[ \\t\\u00A0\\u3000\\-－‐‑–—.．]{0,3}';
/** Not preceded / followed by another digit (so a longer number is not cut in two). */
const NOT_AFTER_DIGIT = '(?<![0-9０-９])';
const NOT_BEFORE_DIGIT = '(?![0-9０-９])';
/** The country code in its spellings: +86, ＋86, 0086, (+86), 86 followed by a separator. */
const COUNTRY = `(?:[(（]?(?:[+＋]|00|００)\\s?[8８][6６][)）]?${SEP}|[8８][6６][ \\-－])`;

const COUNTRY_AT_START = new RegExp(`^${COUNTRY}`);

const digitsOf = (s: string) =>
  s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[^0-9Xx]/g, '')
    .toUpperCase();

/** Each rule: a pattern, and how a match is written masked. Order matters: longer numbers first. */
const TEXT_RULES: Array<{ name: string; re: RegExp; mask: (match: string, ...groups: string[]) => string }> = [
  {
    // 18-digit resident ID (the last may be X), with or without spaces/dashes between the 6-8-4 groups; and the old 15-digit one.
    name: 'idNumber',
    re: new RegExp(
      `${NOT_AFTER_DIGIT}${D}{6}${SEP}${D}{4}${SEP}${D}{4}${SEP}${D}{3}[0-9０-９XxＸｘ]${NOT_BEFORE_DIGIT}|${NOT_AFTER_DIGIT}${D}{6}${SEP}${D}{6}${SEP}${D}{3}${NOT_BEFORE_DIGIT}`,
      'g',
    ),
    mask: (m) => maskIdNumber(digitsOf(m))!,
  },
  {
    // Bank card numbers: 16-19 digits, often written in groups of four.
    name: 'bankCard',
    re: new RegExp(`${NOT_AFTER_DIGIT}${D}{4}(?:${SEP}${D}{4}){3}(?:${SEP}${D}{1,3})?${NOT_BEFORE_DIGIT}`, 'g'),
    mask: (m) => maskIdNumber(digitsOf(m))!,
  },
  {
    // Mobile numbers: 1[3-9] and nine more digits, grouped any way (139-1234-5670, 139 1234 5670), with or without +86/0086.
    name: 'mobile',
    re: new RegExp(`${NOT_AFTER_DIGIT}(?:${COUNTRY})?[1１][3-9３-９](?:${SEP}${D}){9}${NOT_BEFORE_DIGIT}`, 'g'),
    mask: (m) => maskPhone(digitsOf(m).replace(/^(?:0086|86)(?=1\d{10}$)/, ''))!,
  },
  {
    // Landlines with an area code: 0731-88886666, (0731)8888 6666, 010-12345678, +86 731 8888 6666; an extension (转123) goes too.
    name: 'landline',
    re: new RegExp(
      `${NOT_AFTER_DIGIT}(?:[(（]?[0０][1-9１-９]${D}{1,2}[)）]?|${COUNTRY}[(（]?[1-9１-９]${D}{1,2}[)）]?)${SEP}[1-9１-９]${D}{2,3}${SEP}${D}{4}(?:${SEP}(?:转|分机|ext\\.?|#)${SEP}${D}{1,6})?${NOT_BEFORE_DIGIT}`,
      'gi',
    ),
    mask: (m) => maskPhone(digitsOf(m.replace(/(?:转|分机|ext\.?|#).*$/i, '').replace(COUNTRY_AT_START, '0')))!,
  },
  {
    // A local number without its area code, when the text says it is a number (电话 88886666, 座机：8888-6666).
    name: 'localNumber',
    re: new RegExp(
      `((?:电话|座机|固话|手机|号码|联系方式|联系|致电|拨打|tel|phone)[^0-9０-９\\n]{0,6}?)([2-9２-９]${D}{2,3}${SEP}${D}{4})${NOT_BEFORE_DIGIT}`,
      'gi',
    ),
    mask: (_m, lead: string, num: string) => `${lead}${maskPhone(digitsOf(num))}`,
  },
  {
    // E-mail addresses: the first character of the name stays, the domain too (z***@qq.com).
    name: 'email',
    re: /[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g,
    mask: (m) => {
      const at = m.search(/[@＠]/);
      return `${m[0]}***@${m.slice(at + 1)}`;
    },
  },
  {
    // Licence plates: province, the city letter, then 5 (or 6, new energy) letters and digits: 湘A12345, 湘A·D12345.
    name: 'plate',
    re: /([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-HJ-NP-Za-hj-np-z])([·•・.\s-]?)([A-HJ-NP-Za-hj-np-z0-9]{4,5}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳])(?![A-Za-z0-9])/g,
    // A serial has at most two letters (so 新Model3 or 新Phone1 are words, not plates).
    mask: (m, head: string, _sep: string, serial: string) => ((serial.match(/[0-9]/g)?.length ?? 0) >= 3 ? `${head.toUpperCase()}*****` : m),
  },
];

/**
 * The one masking of private data that people write into free text (titles, contents, replies) before it is
 * shown to the public or leaves in an export: mobile and landline numbers in every spelling (+86/0086, dashes,
 * spaces, full-width digits), resident ID numbers (18 digits or X, 15 digits), e-mail addresses and licence plates.
 */
export function maskPiiInText(text: string): string;
export function maskPiiInText(text: string | null): string | null;
export function maskPiiInText(text: string | null): string | null {
  if (!text) return text;
  let out = text;
  for (const rule of TEXT_RULES) out = out.replace(rule.re, rule.mask as (substring: string, ...args: unknown[]) => string);
  return out;
}

/** Names of the kinds of private data maskPiiInText looks for (documentation and tests). */
export const TEXT_PII_KINDS = TEXT_RULES.map((r) => r.name);

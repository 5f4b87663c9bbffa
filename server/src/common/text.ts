/** Text input rules shared by every module: plain text, trimmed, no control characters. */
import { registerDecorator, ValidationOptions } from 'class-validator';
import { badInput, ErrorReason } from '../graphql/errors';

// Control characters other than tab and line breaks, plus lone surrogates and non-characters.
// eslint-disable-next-line no-control-regex -- control characters are what this rule refuses
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** Plain text that may span lines (message content, replies): no control characters. */
export function IsPlainText(options?: ValidationOptions) {
  return textRule('isPlainText', (v) => !FORBIDDEN.test(v), '$property contains control characters', options);
}

/** A single-line name or title: no control characters, no line breaks, not blank. */
export function IsSingleLine(options?: ValidationOptions) {
  return textRule(
    'isSingleLine',
    (v) => !FORBIDDEN.test(v) && !LINE_BREAK.test(v) && v.trim().length > 0,
    '$property must be one non-blank line without control characters',
    options,
  );
}

function textRule(name: string, test: (v: string) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (v: unknown) => v === undefined || v === null || (typeof v === 'string' && test(v)) },
    });
}

/** Parses a GraphQL ID argument as a positive integer id, or throws BAD_USER_INPUT naming the field. */
export function parseId(field: string, raw: string | number): number {
  const n = typeof raw === 'number' ? raw : /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw badInput(field, `${field}: 无效的编号 (invalid id)`, { reason: ErrorReason.INVALID_ID, params: { field } });
  }
  return n;
}

/**
 * Escapes LIKE wildcards so that a user's search text matches literally. The escape character is "!"
 * (used as `LIKE … ESCAPE '!'`): a backslash means different things in MySQL and SQLite string literals.
 */
export const LIKE_ESCAPE = "ESCAPE '!'";
export const likeEscape = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

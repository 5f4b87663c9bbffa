/**
 * The API's errors in words, zh and en side by side: the server sends a code, a reason and its figures
 * (`extensions.code`, `extensions.reason`, `extensions.params`); the console words them in its language and never shows
 * the server's own text. The reasons' words are the server's labels of ErrorReason (server/src/graphql/errors.labels.data.json,
 * given by schema/labels.json: every reason has them, the build checks); the codes', the entities' and the fields' words
 * are the console's own (errors.json).
 */
import { ENUM_LABELS } from '../generated/labels';
import type { ErrorReason } from '../generated/graphql';
import TABLES from './errors.json';

export type Words = { zh: string; en: string };

/** The words of every reason, with their `%{figures}`. */
export const REASONS: Readonly<Record<ErrorReason, Words>> = ENUM_LABELS.ErrorReason;

/** What a code says when the error has no reason of its own. */
export const CODES: Record<string, Words> = TABLES.codes;

/** The things a NOT_FOUND names. */
export const ENTITIES: Record<string, Words> = TABLES.entities;

/** Input fields named by errors (the last part of `extensions.field`). */
export const FIELDS: Record<string, Words> = TABLES.fields;

/** One language's words of a zh/en table. */
export const pick = (table: Record<string, Words>, lang: 'zh' | 'en') => Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v[lang]]));

/** The `wz.errors` messages of one language. */
export const errorMessages = (lang: 'zh' | 'en') => ({
  reason: pick(REASONS, lang),
  code: pick(CODES, lang),
  entity: pick(ENTITIES, lang),
  field: pick(FIELDS, lang),
});

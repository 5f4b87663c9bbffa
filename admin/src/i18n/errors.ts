/**
 * The API's errors in words, zh and en side by side (one place, errors.json): the server sends a code, a reason and
 * its figures (`extensions.code`, `extensions.reason`, `extensions.params`); the console words them in its language
 * and never shows the server's own text. Every ErrorReason of the schema must be in errors.json, and nothing else
 * (the compiler checks both).
 */
import type { ErrorReason } from '../generated/graphql';
import TABLES from './errors.json';

export type Words = { zh: string; en: string };

/** Fails to compile when errors.json words a reason the schema does not have. */
const noStrayReason: Exclude<keyof typeof TABLES.reasons, ErrorReason> extends never ? true : never = true;
void noStrayReason;

/** The words of every reason (a reason missing from errors.json fails to compile here). */
export const REASONS: Record<ErrorReason, Words> = TABLES.reasons;

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

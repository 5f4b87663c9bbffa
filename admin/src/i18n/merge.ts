/**
 * The console's labels are written once, zh and en side by side (one `{ zh, en }` per key, in labels/*.json); each
 * language's messages are built from these tables here.
 */

/** A language's messages: nested tables of words. */
export type Messages = Record<string, unknown>;

export type Lang = 'zh' | 'en';

/** One label in both languages. */
export type Words = Record<Lang, string>;

/** Nested tables whose leaves are a label in both languages. */
export interface Labels {
  readonly [key: string]: Words | Labels;
}

const isObject = (v: unknown): v is Messages => !!v && typeof v === 'object' && !Array.isArray(v);

const isWords = (v: Words | Labels): v is Words => typeof v.zh === 'string' && typeof v.en === 'string' && Object.keys(v).length === 2;

/** One language's messages of a table: every `{ zh, en }` replaced by its words in `lang`. */
export const inLanguage = (labels: Labels, lang: Lang): Messages =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, isWords(v) ? v[lang] : inLanguage(v, lang)]));

/** A deep merge: an area's labels added to a language's messages (nested keys merged, not replaced). */
export function mergeMessages(base: Messages, extra: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = isObject(v) && isObject(base[k]) ? mergeMessages(base[k], v) : v;
  return out;
}

/** An area's labels in both languages, as a function that adds them to one language's messages. */
export const withLabels =
  (labels: Labels) =>
  (messages: Messages, locale: Lang): Messages =>
    mergeMessages(messages, inLanguage(labels, locale));

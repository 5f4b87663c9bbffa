/** How an area's labels (analysis.ts, backoffice.ts, knowledge.ts) join each language's messages in i18nProvider.ts. */

/** A language's messages: nested tables of words. */
export type Messages = Record<string, unknown>;

const isObject = (v: unknown): v is Messages => !!v && typeof v === 'object' && !Array.isArray(v);

/** A deep merge: an area's labels added to a language's messages (nested keys merged, not replaced). */
export function mergeMessages(base: Messages, extra: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = isObject(v) && isObject(base[k]) ? mergeMessages(base[k], v) : v;
  return out;
}

/** An area's labels in both languages, as a function that adds them to one language's messages. */
export const withLabels =
  (zh: Messages, en: Messages) =>
  (messages: Messages, locale: 'zh' | 'en'): Messages =>
    mergeMessages(messages, locale === 'en' ? en : zh);

/**
 * The words for an enumeration's values, zh and en, written once beside the enumeration in its module: they give the
 * schema's value descriptions ("<description> (<zh>)."), and `npm run schema` writes them to schema/labels.json, from
 * which the console's build generates its labels (admin/src/generated/labels.ts). `npm run schema:check` fails when
 * the committed file differs, so the console cannot say one thing and the schema another.
 * Shared code: it knows no domain module; each module registers its own enumerations here.
 */
import { registerEnumType } from 'type-graphql';

export interface ValueLabel {
  /** The console's Chinese label (the term of docs/domain.md). */
  zh: string;
  /** The console's English label. */
  en: string;
  /** The schema's description of the value, in English, without the final full stop; the zh label follows it. */
  description: string;
}

/** Labels of every value of an enumeration, by the value's GraphQL name (the enum's key). */
export type EnumLabels<K extends string> = Record<K, ValueLabel>;

/** The labels of every registered enumeration, by GraphQL enum name, in the order registered. */
const REGISTERED = new Map<string, Record<string, ValueLabel>>();

/** Registers an enumeration with GraphQL, its value descriptions made from its labels, and keeps the labels. */
export function registerLabelledEnum<T extends Record<string, string>>(
  enumObject: T,
  config: { name: string; description: string; labels: EnumLabels<Extract<keyof T, string>> },
): void {
  const labels = config.labels as Record<string, ValueLabel>;
  registerEnumType(enumObject, {
    name: config.name,
    description: config.description,
    valuesConfig: Object.fromEntries(Object.keys(enumObject).map((k) => [k, { description: `${labels[k].description} (${labels[k].zh}).` }])) as never,
  });
  REGISTERED.set(config.name, labels);
}

/** The words of a table in one language, by value (e.g. the Chinese channel names for statistics rows and exports). */
export function wordsOf<K extends string>(labels: EnumLabels<K>, lang: 'zh' | 'en'): Record<K, string> {
  return Object.fromEntries(Object.entries<ValueLabel>(labels).map(([k, v]) => [k, v[lang]])) as Record<K, string>;
}

/**
 * The contents of schema/labels.json: every registered enumeration's labels (zh and en only), enumerations sorted by
 * name, values in declaration order. Read after the schema is built (every module imported).
 */
export function labelsFile(): string {
  const out: Record<string, Record<string, { zh: string; en: string }>> = {};
  for (const name of [...REGISTERED.keys()].sort()) {
    out[name] = Object.fromEntries(Object.entries(REGISTERED.get(name)!).map(([k, v]) => [k, { zh: v.zh, en: v.en }]));
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

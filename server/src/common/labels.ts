/**
 * The words for an enumeration's values, zh and en, kept as data beside the enumeration in its module (a
 * `<module>.labels.data.json` file: per enumeration, by its GraphQL name, the enum's description and per value its zh, en and
 * English description). They give the schema's value descriptions ("<description> (<zh>)."), and `npm run schema` writes
 * them to schema/labels.json, from which the console's build generates its labels (admin/src/generated/labels.ts).
 * `npm run schema:check` fails when the committed file differs, so the console cannot say one thing and the schema another.
 * The TypeScript enumeration stays the code's vocabulary: the compiler refuses a data file that lacks one of its values,
 * and registering refuses one whose values differ from the enumeration's or whose words are empty.
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

/** One enumeration's entry in a labels data file. */
export interface LabelledEnumData<K extends string> {
  /** The schema's description of the enumeration. */
  description: string;
  /** Every value's labels, in the enumeration's order. */
  values: EnumLabels<K>;
}

/** The labels of every registered enumeration, by GraphQL enum name, in the order registered. */
const REGISTERED = new Map<string, Record<string, ValueLabel>>();

/**
 * Registers an enumeration with GraphQL under `name`, described by its entry in a labels data file (`data[name]`): its
 * value descriptions made from the labels. Keeps the labels for schema/labels.json and returns them.
 */
export function registerLabelledEnum<T extends Record<string, string>, N extends string>(
  enumObject: T,
  name: N,
  data: { readonly [P in N]: LabelledEnumData<Extract<keyof T, string>> },
): EnumLabels<T[keyof T]> {
  const entry = data[name] as LabelledEnumData<string>;
  const keys = Object.keys(enumObject);
  const have = Object.keys(entry?.values ?? {});
  const missing = keys.filter((k) => !have.includes(k));
  const extra = have.filter((k) => !keys.includes(k));
  if (missing.length || extra.length) {
    throw new Error(
      `labels of ${name}: ${[missing.length && `no labels for ${missing.join(', ')}`, extra.length && `labels for unknown ${extra.join(', ')}`].filter(Boolean).join('; ')}`,
    );
  }
  const labels = Object.fromEntries(keys.map((k) => [k, entry.values[k]]));
  const empty = keys.filter((k) => !labels[k].zh?.trim() || !labels[k].en?.trim() || !labels[k].description?.trim());
  if (empty.length) throw new Error(`labels of ${name}: ${empty.join(', ')} lack a zh, en or description`);
  registerEnumType(enumObject, {
    name,
    description: entry.description,
    valuesConfig: Object.fromEntries(keys.map((k) => [k, { description: `${labels[k].description} (${schemaWords(labels[k].zh)}).` }])) as never,
  });
  REGISTERED.set(name, labels);
  return labels as EnumLabels<T[keyof T]>;
}

/** A label as the schema quotes it: a placeholder `%{name}` (the console's, for a figure) as `<name>`, without a final 。. */
const schemaWords = (zh: string) => zh.replace(/%\{(\w+)\}/g, '<$1>').replace(/。$/, '');

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

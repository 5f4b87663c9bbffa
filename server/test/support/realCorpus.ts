/**
 * The real messages of a provincial 问政 platform (../shared/data/real beside the repository; never part of
 * the product or its demo data), loaded into a test server the way a platform would take them in: the
 * regions they name as units (西地省's A市, A2区 … under the demo root, with a few departments per city), the
 * platform's category tree, and the messages through `importMessages` (500 per call). What the file does not
 * give is derived: the type from the title's wording, the region from the first place code named, the
 * citizen from the anonymised account (as the name on the channel).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestServer } from '../helpers';
import { asIntake, CorpusMessage, firstPlace, LabelledCorpusMessage, placeCodes, readCategoryRows, readJsonl } from '../../src/modules/analysis/corpus';

/** ../shared/data/real from the repository root (WENZHENG_REAL_DATA overrides it, e.g. for a worktree elsewhere). */
export const REAL_DIR = process.env.WENZHENG_REAL_DATA ?? path.resolve(__dirname, '../../../../shared/data/real');

export type RealMessage = CorpusMessage;
export type LabelledMessage = LabelledCorpusMessage;

/** Fails (never skips) with a clear message when the corpus is missing. */
export function requireRealCorpus(): void {
  if (!fs.existsSync(path.join(REAL_DIR, 'wenzheng-real-messages.jsonl'))) {
    throw new Error(
      `The real corpus is missing: expected ${REAL_DIR}/wenzheng-real-messages.jsonl (../shared/data/real beside the repository). These tests measure on it and cannot run without it.`,
    );
  }
}

export const realMessages = () => readJsonl<RealMessage>(REAL_DIR, 'wenzheng-real-messages.jsonl');
export const labelledMessages = () => readJsonl<LabelledMessage>(REAL_DIR, 'labelled-messages.jsonl');
export const categoryRows = () => readCategoryRows(REAL_DIR);

/** City departments created for each city (the lead-unit suggestion needs some). */
export const CITY_DEPARTMENTS = [
  '住房和城乡建设局',
  '生态环境局',
  '教育局',
  '人力资源和社会保障局',
  '城市管理和综合执法局',
  '交通运输局',
  '卫生健康委员会',
  '公安局',
];

export interface LoadedCorpus {
  /** Corpus id → platform message id. */
  idOf: Map<string, string>;
  /** Unit name → unit id. */
  unitOf: Map<string, string>;
  /** Category path "一级/二级/三级" (or a prefix) → category id. */
  categoryOf: Map<string, string>;
  messages: RealMessage[];
}

async function ok<T = any>(server: TestServer, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await server.gql<T>(query, variables, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors).slice(0, 500));
  return r.data!;
}

export async function createRegions(
  server: TestServer,
  token: string,
  messages: Array<{ title: string; content: string }>,
  withDepartments = true,
): Promise<Map<string, string>> {
  const root = (await ok<any>(server, token, '{ units(first: 1, filter: { rootsOnly: true }) { nodes { id name } } }', {})).units.nodes[0];
  const unitOf = new Map<string, string>();
  const create = async (code: string, name: string, kind: string, parentId: string) => {
    const d = await ok<any>(server, token, 'mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }', { i: { code, name, kind, parentId } });
    unitOf.set(name, d.createUnit.unit.id);
    return d.createUnit.unit.id as string;
  };
  const { cities, counties } = placeCodes(messages);
  const code = (name: string) => `real-${name.toLowerCase().replace('市', '-shi').replace('区', '-qu').replace('县', '-xian')}`;
  for (const city of cities) {
    const id = await create(code(city), city, 'REGION', root.id);
    if (withDepartments) for (const [i, d] of CITY_DEPARTMENTS.entries()) await create(`${code(city)}-d${i}`, `${city}${d}`, 'DEPARTMENT', id);
  }
  for (const county of counties) await create(code(county), county, 'REGION', unitOf.get(`${county[0]}市`)!);
  return unitOf;
}

/** The platform's category tree from categories.csv; the demo's own categories are disabled so that only these are suggested. */
export async function createCategories(server: TestServer, token: string): Promise<Map<string, string>> {
  const existing = (await ok<any>(server, token, '{ categories(first: 100) { nodes { id parentId } } }', {})).categories.nodes as Array<{
    id: string;
    parentId: string | null;
  }>;
  for (const c of existing.filter((x) => !x.parentId)) {
    await ok(server, token, 'mutation($i: UpdateCategoryInput!) { updateCategory(input: $i) { category { id } } }', { i: { id: c.id, isActive: false } });
  }
  const categoryOf = new Map<string, string>();
  let n = 0;
  for (const row of categoryRows()) {
    let parentId: string | undefined;
    for (let depth = 0; depth < row.length; depth++) {
      const key = row.slice(0, depth + 1).join('/');
      if (!categoryOf.has(key)) {
        const d = await ok<any>(server, token, 'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id } } }', {
          i: { code: `real-c${n++}`, name: row[depth], parentId },
        });
        categoryOf.set(key, d.createCategory.category.id);
      }
      parentId = categoryOf.get(key);
    }
  }
  return categoryOf;
}

/** The messages as a platform would import them (500 per call). */
export async function importRealMessages(
  server: TestServer,
  token: string,
  messages: RealMessage[],
  unitOf: Map<string, string>,
): Promise<Map<string, string>> {
  const idOf = new Map<string, string>();
  const IMPORT = 'mutation($i: ImportMessagesInput!) { importMessages(input: $i) { created { id externalId } } }';
  for (let i = 0; i < messages.length; i += 500) {
    const batch = messages.slice(i, i + 500).map((m) => {
      const place = firstPlace(m);
      return asIntake(m, place && unitOf.has(place) ? unitOf.get(place) : undefined);
    });
    const d = await ok<any>(server, token, IMPORT, { i: { messages: batch } });
    for (const c of d.importMessages.created) idOf.set(c.externalId.slice(5), c.id);
  }
  return idOf;
}

/** Waits until the analysis index has every message (it is written in the background after each commit). */
export async function waitForIndex(server: TestServer, token: string, timeoutMs = 600_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = (await ok<any>(server, token, '{ analysisStatus { messages indexed pending failures } }', {})).analysisStatus;
    if (s.failures) throw new Error(`analysis indexing failed ${s.failures} time(s)`);
    if (s.indexed >= s.messages && s.pending === 0) return;
    if (Date.now() > until) throw new Error(`index not complete: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

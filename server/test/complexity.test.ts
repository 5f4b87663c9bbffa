/**
 * Complexity with list sizes counted: `first: N` multiplies what a list selects, nested lists multiply, a
 * request over MAX_COMPLEXITY is refused before it runs with BAD_USER_INPUT and `extensions.limit`; every
 * operation the console sends fits at its largest page size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  OperationDefinitionNode,
  separateOperations,
  typeFromAST,
  validate,
} from 'graphql';
import { buildAppSchema } from '../src/graphql/schema';
import { costLimitOptions, operationComplexity } from '../src/graphql/limits';
import { loadConfig } from '../src/config/config';
import { ok, worldPerFile } from './workflow-helpers';

const { s, w } = worldPerFile({ MAX_COMPLEXITY: '25000' });

const limits = { maxPageSize: 100, defaultPageSize: 25 };

/** A value for a required variable: pages at their largest, ids and dates plausible, required input fields filled. */
function sample(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name);
  if (isListType(type)) return [sample(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, f.name)]),
    );
  }
  switch (type.name) {
    case 'Int':
      return name === 'first' ? 100 : 2026;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'ID':
      return '1';
    default:
      return /from|to|date/i.test(name) ? '2026-10-01' : 'x';
  }
}
function variablesOf(schema: GraphQLSchema, op: OperationDefinitionNode): Record<string, unknown> {
  const vars: Record<string, unknown> = { first: 100 };
  for (const d of op.variableDefinitions ?? []) {
    const t = typeFromAST(schema, d.type as never) as GraphQLInputType;
    if (isNonNullType(t) || d.variable.name.value === 'first') vars[d.variable.name.value] = sample(t, d.variable.name.value);
  }
  return vars;
}

test('list sizes multiply: first: 100 costs about 100 times first: 1, and nesting multiplies', async () => {
  const schema = await buildAppSchema();
  const cost = (q: string, v: Record<string, unknown> = {}) => operationComplexity(schema, parse(q), v, undefined, limits);
  const one = cost('{ messages(first: 1) { nodes { id title } } }');
  const hundred = cost('{ messages(first: 100) { nodes { id title } } }');
  expect(hundred - 1).toBeGreaterThanOrEqual(90 * (one - 1));
  expect(cost('query($n: Int) { messages(first: $n) { nodes { id } } }', { n: 100 })).toBe(cost('{ messages(first: 100) { nodes { id } } }'));
  // first is capped at the maximum page size, as the server caps the page itself
  expect(cost('{ messages(first: 100000) { nodes { id } } }')).toBe(cost('{ messages(first: 100) { nodes { id } } }'));
  const nested = cost('{ messages(first: 100) { nodes { assignments { id } } } }');
  expect(nested).toBeGreaterThan(cost('{ messages(first: 100) { nodes { id } } }') * 10);
});

test('an operation over the limit is refused with its complexity, and nothing runs', async () => {
  const heavy = `{ messages(first: 100) { nodes { id assignments { id unit { name } message { id assignments { id unit { name } } } } } } }`;
  const r = await s.gql(heavy, {}, w.t.dispatcher);
  expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'complexity', maximum: 25000 });
  expect(r.errors?.[0].extensions?.complexity).toBeGreaterThan(25000);
  expect(r.data).toBeUndefined();
  // a lighter shape passes
  await ok(s.gql(`{ messages(first: 100) { nodes { id assignments { id unit { name } } } } }`, {}, w.t.dispatcher));
});

test('every operation the console sends fits at the largest page size', async () => {
  const schema = await buildAppSchema();
  const max = loadConfig({ NODE_ENV: 'test' }).limits.maxComplexity;
  const dir = path.join(__dirname, '../../admin/src/graphql');
  const docs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const fragments = docs
    .join('\n')
    .split(/(?=^fragment |^query |^mutation |^subscription )/m)
    .filter((d) => d.startsWith('fragment '))
    .join('\n');
  const costs: Record<string, number> = {};
  for (const doc of docs) {
    for (const op of parse(doc).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.operation === 'query')) {
      const name = op.name!.value;
      const own = doc.split(/(?=^query |^mutation |^subscription |^fragment )/m).find((d) => d.startsWith(`query ${name}(`) || d.startsWith(`query ${name} `))!;
      costs[name] = operationComplexity(schema, parse(`${own}\n${fragments}`, { noLocation: true }), variablesOf(schema, op), name, limits);
    }
  }
  expect(Object.keys(costs).length).toBeGreaterThan(10);
  const top = Object.entries(costs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  console.log(`console operations at first: 100, highest complexity: ${top.map(([n, c]) => `${n} ${c}`).join(', ')} (limit ${max})`);
  const over = Object.entries(costs).filter(([, c]) => c > max);
  expect(over).toEqual([]);
});

test("every operation the console sends is under graphql-armor's cost limit, and fragments cost what their fields cost", async () => {
  const schema = await buildAppSchema();
  const config = loadConfig({ NODE_ENV: 'test' });
  const costOf = (doc: ReturnType<typeof parse>) => {
    let cost = NaN;
    const rule = costLimitRule({ ...costLimitOptions(config), maxCost: Number.MAX_SAFE_INTEGER, onAccept: [(_c, d) => (cost = d.n)] });
    expect(validate(schema, doc, [rule])).toEqual([]);
    return cost;
  };
  const dir = path.join(__dirname, '../../admin/src/graphql');
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const costs = Object.entries(separateOperations(parse(all))).map(([name, doc]) => [name, Math.round(costOf(doc))] as const);
  expect(costs.length).toBeGreaterThan(10);
  const top = [...costs].sort((a, b) => b[1] - a[1]).slice(0, 3);
  console.log(`console operations, highest graphql-armor cost: ${top.map(([n, c]) => `${n} ${c}`).join(', ')} (limit ${config.limits.maxCost})`);
  expect(costs.filter(([, c]) => c > config.limits.maxCost)).toEqual([]);

  // the same selection written out or through fragments (nested, one used twice): the spreads add a little (armor counts
  // each spread and a fragment's second use at ×1.5), not a level of nesting each (8.7 times the cost unflattened)
  const inline = parse(`{ messages(first: 10) { nodes { id title unit: leadUnit { id name } replies { id content unit { id name } } } } }`);
  const spread = parse(`{ messages(first: 10) { nodes { ...M } } }
    fragment M on Message { id title unit: leadUnit { ...U } replies { ...R } }
    fragment R on Reply { id content unit { ...U } }
    fragment U on Unit { id name }`);
  const [a, b] = [costOf(inline), costOf(spread)];
  expect(b).toBeGreaterThanOrEqual(a);
  expect(b).toBeLessThan(a * 2);
});

/**
 * The execution fast paths of issue 19 keep graphql-js's and type-graphql's answers: a field that declares no argument
 * gets one shared empty argument object (graphql/argumentValues.ts), and field resolvers that take only the root and
 * the context are called directly (graphql/schema.ts), a root of another class going through type-graphql as before.
 */
import { execute, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, isObjectType, parse, type GraphQLResolveInfo } from 'graphql';
import { NO_ARGUMENTS } from '../src/graphql/argumentValues';
import { buildAppSchema } from '../src/graphql/schema';
import { Assignment } from '../src/modules/assignment/assignment.entity';

test('fields without arguments share one frozen empty argument object; fields with arguments get their own', async () => {
  const seen: unknown[] = [];
  const row = new GraphQLObjectType({
    name: 'Row',
    fields: {
      name: { type: GraphQLString, resolve: (r: { n: number }, args) => (seen.push(args), `row ${r.n}`) },
      times: { type: GraphQLInt, args: { by: { type: GraphQLInt, defaultValue: 2 } }, resolve: (r: { n: number }, args: { by: number }) => r.n * args.by },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { rows: { type: new GraphQLList(row), resolve: () => [{ n: 1 }, { n: 2 }, { n: 3 }] } } }),
  });
  const result = await execute({ schema, document: parse('query($k: Int) { rows { name times twice: times(by: $k) } }'), variableValues: { k: 10 } });
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({
    rows: [
      { name: 'row 1', times: 2, twice: 10 },
      { name: 'row 2', times: 4, twice: 20 },
      { name: 'row 3', times: 6, twice: 30 },
    ],
  });
  expect(seen).toHaveLength(3);
  for (const args of seen) expect(args).toBe(NO_ARGUMENTS);
  expect(Object.isFrozen(NO_ARGUMENTS) && Object.keys(NO_ARGUMENTS).length === 0).toBe(true);
});

test("a field resolver taking the root and the context is called directly; a root of another class goes through type-graphql's conversion", async () => {
  const schema = await buildAppSchema();
  const type = schema.getType('Assignment');
  if (!isObjectType(type)) throw new Error('no Assignment type');
  const unit = type.getFields().unit;
  const loads: number[] = [];
  const ctx = { loaders: { unit: { load: async (id: number) => (loads.push(id), { id, name: `unit ${id}` }) } } };
  const info = {} as GraphQLResolveInfo;
  const a = Object.assign(new Assignment(), { id: 7, unitId: 42 });
  await expect(unit.resolve!(a, {}, ctx, info)).resolves.toEqual({ id: 42, name: 'unit 42' });
  // a plain object (not an Assignment): type-graphql converts it, then the same method answers
  await expect(unit.resolve!({ id: 8, unitId: 43 }, {}, ctx, info)).resolves.toEqual({ id: 43, name: 'unit 43' });
  expect(loads).toEqual([42, 43]);
});

/** The committed public contract (schema/schema.graphql) must match the code, and document everything. */
import fs from 'node:fs';
import { GraphQLEnumType, GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { labelsFile, registerLabelledEnum } from '../src/common/labels';
import { LABELS_FILE, SCHEMA_FILE } from '../src/config/paths';
import { buildAppSchema, printAppSchema } from '../src/graphql/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

test('schema/schema.graphql matches the code (run `npm run schema` after changing the API)', () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(printAppSchema(schema));
});

test("schema/labels.json (the console's words for the enumerations) matches the code, and the schema documents each value with its Chinese label", () => {
  expect(fs.readFileSync(LABELS_FILE, 'utf8')).toBe(labelsFile());
  const labels = JSON.parse(labelsFile()) as Record<string, Record<string, { zh: string; en: string }>>;
  // the states, channels and types the console shows, and the ledger's actions, among others
  expect(Object.keys(labels)).toEqual(
    expect.arrayContaining([
      ...['MessageState', 'AssignmentState', 'ReplyState', 'Channel', 'MessageType', 'LedgerAction', 'Role'],
      // the actions the console offers and the reasons of refusals it words
      ...['MessageAction', 'AssignmentAction', 'ReplyAction', 'KnowledgeAction', 'ErrorReason'],
    ]),
  );
  for (const [name, values] of Object.entries(labels)) {
    const type = schema.getType(name);
    if (!isEnumType(type)) throw new Error(`${name} is not an enum of the schema`);
    expect(Object.keys(values).sort()).toEqual(
      type
        .getValues()
        .map((v) => v.name)
        .sort(),
    );
    for (const v of type.getValues()) {
      const { zh, en } = values[v.name];
      expect(zh && en).toBeTruthy();
      // the same figures in both languages (an error's `%{seconds}`), quoted in the schema as `<seconds>`
      const figures = (text: string) => [...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect({ value: `${name}.${v.name}`, figures: figures(en) }).toEqual({ value: `${name}.${v.name}`, figures: figures(zh) });
      expect(v.description!.endsWith(`(${zh.replace(/%\{(\w+)\}/g, '<$1>').replace(/。$/, '')}).`)).toBe(true);
    }
  }
  // the console's words, as its browser tests read them
  expect(labels.MessageState.MERGED).toEqual({ zh: '已并单', en: 'Merged' });
  expect(labels.ReplyState.REJECTED).toEqual({ zh: '已退回', en: 'Sent back' });
  expect(labels.Channel.HOTLINE_12345).toEqual({ zh: '12345热线', en: '12345 hotline' });
  expect(labels.ErrorReason.TOO_MANY_LOGINS).toEqual({
    zh: '登录失败次数过多，请 %{seconds} 秒后再试。',
    en: 'Too many failed logins; try again in %{seconds} seconds.',
  });
  expect((schema.getType('ErrorReason') as GraphQLEnumType).getValue('TOO_MANY_LOGINS')!.description).toBe(
    'Too many failed logins; try again in <seconds> seconds; params: seconds (登录失败次数过多，请 <seconds> 秒后再试).',
  );
});

test('registering an enumeration refuses labels data that lacks a value, words a value the enum lacks, or leaves a word empty', () => {
  enum Probe {
    ONE = 'ONE',
    TWO = 'TWO',
  }
  const one = { zh: '一', en: 'One', description: 'The first' };
  // the compiler refuses a data file lacking a value, but not one with an extra value or an empty word
  const loose = (values: Record<string, { zh: string; en: string; description: string }>) => ({ LabelsProbe: { description: 'A probe', values } }) as never;
  expect(() => registerLabelledEnum(Probe, 'LabelsProbe', loose({ ONE: one }))).toThrow('labels of LabelsProbe: no labels for TWO');
  expect(() => registerLabelledEnum(Probe, 'LabelsProbe', loose({ ONE: one, TWO: one, THREE: one }))).toThrow('labels for unknown THREE');
  expect(() => registerLabelledEnum(Probe, 'LabelsProbe', loose({ ONE: one, TWO: { ...one, zh: ' ' } }))).toThrow('TWO lack a zh, en or description');
  expect(() => registerLabelledEnum(Probe, 'LabelsProbe', loose({ ONE: one, TWO: { ...one, en: '' } }))).toThrow('TWO lack a zh, en or description');
  expect(JSON.parse(labelsFile())).not.toHaveProperty('LabelsProbe');
});

test('every type, field, argument and enum value has a description', () => {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) {
        if (!f.description) missing.push(`${type.name}.${f.name}`);
        for (const a of f.args) if (!a.description) missing.push(`${type.name}.${f.name}(${a.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) if (!f.description) missing.push(`${type.name}.${f.name}`);
    } else if (isEnumType(type)) {
      for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    } else if (!isScalarType(type) && !isUnionType(type)) {
      missing.push(`${type.name} (unexpected kind)`);
    }
  }
  expect(missing).toEqual([]);
});

/** The committed public contract (schema/schema.graphql) must match the code, and document everything. */
import fs from 'node:fs';
import { GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { SCHEMA_FILE } from '../src/config/paths';
import { buildAppSchema, printAppSchema } from '../src/graphql/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

test('schema/schema.graphql matches the code (run `npm run schema` after changing the API)', () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(printAppSchema(schema));
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

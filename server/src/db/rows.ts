/**
 * Entities read from plain SQL rows without TypeORM's query builder and result transformer (issue 19).
 *
 * For a page that joins a few entities per row (the unit inbox: assignment, message and unit), TypeORM's
 * `getRawAndEntities` costs more CPU and garbage than the SQL itself: it builds the statement anew on every call
 * (escaping and alias replacement over the whole text) and hydrates each row by looking its columns up again. Here
 * the select list of an entity is built once per alias, and a row becomes the same entity TypeORM would make: an
 * instance of the class with every selected column run through the driver's own `prepareHydratedValue` (booleans,
 * dates, column transformers such as JSON), so the loaders it primes and the guards that read it see no difference.
 */
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

interface Reader {
  /** `alias.column AS "alias__column"`, … for every column TypeORM selects by default. */
  select: string;
  /** `plain`: the driver's prepareHydratedValue returns the value as read (see PLAIN_TYPES), so it is not called. */
  columns: Array<{ column: ColumnMetadata; key: string; property: string; plain: boolean }>;
  metadata: EntityMetadata;
  /** Makes the entity of a row (see entityMaker); null where TypeORM's own `create` must be used. */
  make: ((row: Record<string, unknown>) => ObjectLiteral) | null;
}

type Hydrate = (value: unknown, column: ColumnMetadata) => unknown;

/**
 * A constructor of the entity from a row selected with `entitySelect` (what `readEntity` did column by column): the
 * instance has the class's prototype (the class's constructor is not called: used only for classes whose constructor
 * sets nothing, where TypeORM's `create` makes the same object), and the columns are assigned in the constructor's body, one
 * statement each, so that V8 gives its objects room for all of them at once. An object made empty and given its 30-50
 * columns one by one grows its property store again and again (garbage, and a slower map transition per column): on the
 * inbox's page of 25 rows (assignment, message, unit) that was about a tenth of the request's garbage (issue 19).
 * Null when the class or its properties do not allow it (TypeORM's `create` is used then).
 */
function entityMaker(ds: DataSource, metadata: EntityMetadata, columns: Reader['columns']): Reader['make'] {
  if (typeof metadata.target !== 'function' || ds.options.typename || metadata.lazyRelations.length) return null;
  // TypeORM's `create` calls the class's constructor (its default): for a class whose constructor sets nothing (the
  // entities' fields are declarations), an object with the class's prototype is what it makes
  const Target = metadata.target as new () => object;
  const made = new Target();
  if (Reflect.ownKeys(made).length) return null;
  if (!columns.every((c) => /^[A-Za-z_$][\w$]*$/.test(c.property))) return null;
  const body = columns
    .map(
      ({ key, property, plain }, i) =>
        `v = row[${JSON.stringify(key)}]; if (v !== undefined) this.${property} = ${plain ? 'v' : `hydrate(v, columns[${i}].column)`};`,
    )
    .join('\n');
  // the text is made of the entity's own property names (checked above) and JSON-quoted keys
  const Entity = new Function('hydrate', 'columns', `return function Entity(row) { let v;\n${body}\n};`)(
    ((value, column) => ds.driver.prepareHydratedValue(value, column)) as Hydrate,
    columns,
  ) as { new (row: Record<string, unknown>): ObjectLiteral; prototype: object };
  Entity.prototype = (metadata.target as { prototype: object }).prototype;
  return (row) => new Entity(row);
}

/**
 * Column types whose values TypeORM's MySQL and SQLite drivers hydrate as read (their `prepareHydratedValue` converts
 * booleans, dates, JSON, enums, arrays and the `Number` type, and applies transformers; not these, without a transformer).
 */
const PLAIN_TYPES = new Set<unknown>(['varchar', 'text', 'int', 'integer', 'double', 'float']);
const PLAIN_DRIVERS = new Set<string>(['mysql', 'mariadb', 'sqlite', 'better-sqlite3']);

/** Readers by data source, entity target (the class or name the caller gives) and alias: no metadata lookup on a hit. */
const readers = new WeakMap<DataSource, Map<unknown, Map<string, Reader>>>();

function readerOf(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): Reader {
  let byTarget = readers.get(ds);
  if (!byTarget) readers.set(ds, (byTarget = new Map()));
  let byAlias = byTarget.get(entity);
  if (!byAlias) byTarget.set(entity, (byAlias = new Map()));
  let reader = byAlias.get(alias);
  if (!reader) {
    const metadata = ds.getMetadata(entity);
    // plain columns only (the entities read here have neither embedded columns nor relations): anything else is refused
    if (metadata.embeddeds.length || metadata.relations.length) throw new Error(`readEntity: ${metadata.name} has embedded columns or relations`);
    const esc = (name: string) => ds.driver.escape(name);
    // the columns a default select reads: not the virtual ones, not those declared `select: false`
    const columns = metadata.columns
      .filter((c) => !c.isVirtual && !c.isVirtualProperty && c.isSelect)
      .map((column) => ({
        column,
        key: `${alias}__${column.databaseName}`,
        property: column.propertyName,
        plain: PLAIN_DRIVERS.has(ds.options.type) && !column.transformer && typeof column.type === 'string' && PLAIN_TYPES.has(column.type),
      }));
    reader = {
      metadata,
      columns,
      select: columns.map(({ column, key }) => `${esc(alias)}.${esc(column.databaseName)} AS ${esc(key)}`).join(', '),
      make: entityMaker(ds, metadata, columns),
    };
    byAlias.set(alias, reader);
  }
  return reader;
}

/** The select list of an entity under `alias`, for `readEntity` of the rows (built once per entity and alias). */
export function entitySelect(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  return readerOf(ds, entity, alias).select;
}

/**
 * The entity of `alias` in a row selected with `entitySelect`, as TypeORM hydrates it; null when the row has none
 * (a left join that found nothing: every column null).
 */
export function readEntity<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, alias: string, row: Record<string, unknown>): T | null {
  const { metadata, columns, make } = readerOf(ds, entity as EntityTarget<ObjectLiteral>, alias);
  let hasData = false;
  for (const { key } of columns)
    if (row[key] !== null && row[key] !== undefined) {
      hasData = true;
      break;
    }
  if (!hasData) return null;
  if (make) return make(row) as T;
  const out = metadata.create(undefined, { fromDeserializer: true }) as T;
  for (const { column, key, property, plain } of columns) {
    const value = row[key];
    if (value === undefined) continue;
    (out as Record<string, unknown>)[property] = plain ? value : ds.driver.prepareHydratedValue(value, column);
  }
  return out;
}

/** A table's name or a column's (by property) for SQL, escaped for the driver. */
export function sqlName(ds: DataSource, entity: EntityTarget<ObjectLiteral>, property?: string): string {
  const metadata = ds.getMetadata(entity);
  if (!property) return ds.driver.escape(metadata.tableName);
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`sqlName: ${metadata.name} has no column ${property}`);
  return ds.driver.escape(column.databaseName);
}

/** `?, ?, …` (the driver's placeholders) for a list of values. */
export const placeholders = (ds: DataSource, values: readonly unknown[]) => values.map((_, i) => ds.driver.createParameter(`p${i}`, i)).join(', ');

/** A number for each entity target (class or name), for the keys of the statements' texts below. */
const targetIds = new Map<unknown, number>();
const targetId = (t: unknown) => targetIds.get(t) ?? targetIds.set(t, targetIds.size).get(t)!;

/** rowsWhereIn's statement for a shape, before and after the list of values: built once per data source and shape. */
function whereInSqlOf(
  ds: DataSource,
  target: EntityTarget<ObjectLiteral>,
  column: string,
  withOne: { column: string; entity: EntityTarget<ObjectLiteral> } | undefined,
  withMany: Array<{ entity: EntityTarget<ObjectLiteral>; column: string }>,
): readonly [string, string] {
  let key = `rowsWhereIn|${targetId(target)}:${column}`;
  if (withOne) key += `|${targetId(withOne.entity)}:${withOne.column}`;
  for (const w of withMany) key += `*${targetId(w.entity)}:${w.column}`;
  return sqlOnce(ds, key, () => {
    const selects = [entitySelect(ds, target, 'x')];
    const joins: string[] = [];
    if (withOne) {
      selects.push(entitySelect(ds, withOne.entity, 'j1'));
      joins.push(`LEFT JOIN ${sqlName(ds, withOne.entity)} j1 ON j1.${sqlName(ds, withOne.entity, 'id')} = x.${sqlName(ds, target, withOne.column)}`);
    }
    withMany.forEach((w, i) => {
      selects.push(entitySelect(ds, w.entity, `jm${i}`));
      joins.push(`LEFT JOIN ${sqlName(ds, w.entity)} jm${i} ON jm${i}.${sqlName(ds, w.entity, w.column)} = x.${sqlName(ds, target, 'id')}`);
    });
    const order = [`x.${sqlName(ds, target, 'id')}`, ...withMany.map((w, i) => `jm${i}.${sqlName(ds, w.entity, 'id')}`)];
    return [
      `SELECT ${selects.join(', ')} FROM ${sqlName(ds, target)} x ${joins.join(' ')}
      WHERE x.${sqlName(ds, target, column)} IN (`,
      `) ORDER BY ${order.map((o) => `${o} ASC`).join(', ')}`,
    ] as const;
  });
}

/**
 * The rows of `entity` whose `column` is one of `values`, ordered by id, each with the row its `withOne` column names
 * (a left join, e.g. an assignment's unit) and the rows of other entities that name it (`withMany`: left joins, e.g. an
 * assignment's extension requests, each list ordered by id), in one statement: what TypeORM's `leftJoinAndMapOne` and
 * `leftJoinAndMapMany` with `getMany` read, without its query builder and result transformer.
 */
export async function rowsWhereIn<T extends ObjectLiteral & { id: number }>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: string,
  values: readonly unknown[],
  withOne?: { column: string; entity: EntityTarget<ObjectLiteral> },
  withMany: Array<{ entity: EntityTarget<ObjectLiteral>; column: string }> = [],
): Promise<Array<{ row: T; one: ObjectLiteral | null; many: ObjectLiteral[][] }>> {
  if (!values.length) return [];
  const target = entity as EntityTarget<ObjectLiteral>;
  const [before, after] = whereInSqlOf(ds, target, column, withOne, withMany);
  const raw: Array<Record<string, unknown>> = await ds.query(`${before}${placeholders(ds, values)}${after}`, [...values]);
  if (!withOne && !withMany.length) return raw.map((r) => ({ row: readEntity(ds, entity, 'x', r)!, one: null, many: [] }));
  // with joins: one raw row per combination of the joined rows; each entity once, in the order read
  const out: Array<{ row: T; one: ObjectLiteral | null; many: ObjectLiteral[][]; seen: Array<Set<unknown>> }> = [];
  // the raw row's key of the id (alias x): the name as read, not escaped
  const idKey = sqlOnce(ds, `rowsWhereIn.id|${targetId(target)}`, () => `x__${ds.getMetadata(target).findColumnWithPropertyName('id')!.databaseName}`);
  let current: (typeof out)[number] | undefined;
  for (const r of raw) {
    if (!current || String(r[idKey]) !== String(current.row.id)) {
      current = {
        row: readEntity(ds, entity, 'x', r)!,
        one: withOne ? readEntity(ds, withOne.entity, 'j1', r) : null,
        many: withMany.map(() => []),
        seen: withMany.map(() => new Set()),
      };
      out.push(current);
    }
    withMany.forEach((w, i) => {
      const joined = readEntity(ds, w.entity, `jm${i}`, r);
      if (joined && !current!.seen[i].has(joined.id)) {
        current!.seen[i].add(joined.id);
        current!.many[i].push(joined);
      }
    });
  }
  return out.map(({ row, one, many }) => ({ row, one, many }));
}

/**
 * A statement's text (or its parts, split where a request's values go) built once per data source and key: the texts
 * of the hot reads, whose lookups of table and column names would otherwise cost on every request (issue 19). Keys
 * name their module (`inbox.page`, `rowsWhereIn|…`).
 */
const texts = new WeakMap<DataSource, Map<string, unknown>>();
export function sqlOnce<T extends string | readonly string[]>(ds: DataSource, key: string, build: () => T): T {
  let byKey = texts.get(ds);
  if (!byKey) texts.set(ds, (byKey = new Map()));
  let sql = byKey.get(key) as T | undefined;
  if (sql === undefined) byKey.set(key, (sql = build()));
  return sql;
}

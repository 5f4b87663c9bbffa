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
  columns: Array<{ column: ColumnMetadata; key: string }>;
  metadata: EntityMetadata;
}

const readers = new WeakMap<DataSource, Map<string, Reader>>();

function readerOf(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): Reader {
  const metadata = ds.getMetadata(entity);
  let byAlias = readers.get(ds);
  if (!byAlias) readers.set(ds, (byAlias = new Map()));
  const cacheKey = `${metadata.name}\u0000${alias}`;
  let reader = byAlias.get(cacheKey);
  if (!reader) {
    // plain columns only (the entities read here have neither embedded columns nor relations): anything else is refused
    if (metadata.embeddeds.length || metadata.relations.length) throw new Error(`readEntity: ${metadata.name} has embedded columns or relations`);
    const esc = (name: string) => ds.driver.escape(name);
    // the columns a default select reads: not the virtual ones, not those declared `select: false`
    const columns = metadata.columns
      .filter((c) => !c.isVirtual && !c.isVirtualProperty && c.isSelect)
      .map((column) => ({ column, key: `${alias}__${column.databaseName}` }));
    reader = { metadata, columns, select: columns.map(({ column, key }) => `${esc(alias)}.${esc(column.databaseName)} AS ${esc(key)}`).join(', ') };
    byAlias.set(cacheKey, reader);
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
  const { metadata, columns } = readerOf(ds, entity as EntityTarget<ObjectLiteral>, alias);
  let hasData = false;
  for (const { key } of columns)
    if (row[key] !== null && row[key] !== undefined) {
      hasData = true;
      break;
    }
  if (!hasData) return null;
  const out = metadata.create(undefined, { fromDeserializer: true }) as T;
  for (const { column, key } of columns) {
    const value = row[key];
    if (value === undefined) continue;
    (out as Record<string, unknown>)[column.propertyName] = ds.driver.prepareHydratedValue(value, column);
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
  const raw: Array<Record<string, unknown>> = await ds.query(
    `SELECT ${selects.join(', ')} FROM ${sqlName(ds, target)} x ${joins.join(' ')}
      WHERE x.${sqlName(ds, target, column)} IN (${placeholders(ds, values)}) ORDER BY ${order.map((o) => `${o} ASC`).join(', ')}`,
    [...values],
  );
  if (!withOne && !withMany.length) return raw.map((r) => ({ row: readEntity(ds, entity, 'x', r)!, one: null, many: [] }));
  // with joins: one raw row per combination of the joined rows; each entity once, in the order read
  const out: Array<{ row: T; one: ObjectLiteral | null; many: ObjectLiteral[][]; seen: Array<Set<unknown>> }> = [];
  const idKey = `x__${ds.getMetadata(target).findColumnWithPropertyName('id')!.databaseName}`;
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

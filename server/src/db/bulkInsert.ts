/**
 * One multi-row INSERT of entity rows (bulk intake): written with placeholders and each value converted by the
 * driver as TypeORM's query builder converts it (transformers, booleans, dates), without the builder's per-value
 * parameter bookkeeping, whose cost grows faster than the batch (a 500-message import binds about 22,000 values).
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { insertedId } from './transaction';

/**
 * Inserts `rows` in one statement, in the transaction `em` belongs to. Every row gives the same columns (those the
 * first row sets); an auto-increment key is left to the database. Nothing is read back: the driver's result is
 * returned, from which `insertedId` takes the id of a single row; a caller that needs the ids of many reads them by
 * a unique column it set.
 */
export async function insertRows<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: T[]): Promise<unknown> {
  if (!rows.length) return null;
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment') && c.getEntityValue(rows[0]) !== undefined);
  const params: unknown[] = [];
  for (const row of rows) {
    for (const c of columns) {
      const value = c.getEntityValue(row);
      if (value === undefined) throw new Error(`insertRows: ${meta.name}.${c.propertyName} is missing in a row`);
      params.push(driver.preparePersistentValue(value, c));
    }
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return em.query(
    `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
    params,
  );
}

/**
 * Whether a multi-row INSERT on this database is given consecutive auto-increment ids, the first of them in the
 * driver's result: MySQL/MariaDB with `innodb_autoinc_lock_mode` 0 or 1 (MariaDB's default: a "simple insert" takes its
 * whole range at once) and `auto_increment_increment` 1. Read once per data source; false elsewhere (SQLite, MySQL 8's
 * default mode 2, Galera), where a caller reads the ids back. An object, so that a test can take the other path.
 */
export const autoIncrement = {
  consecutive(em: EntityManager): Promise<boolean> {
    const ds = em.connection;
    let known = consecutiveOf.get(ds);
    if (!known) {
      known =
        ds.options.type === 'mysql' || ds.options.type === 'mariadb'
          ? ds
              .query('SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step')
              .then((r: Array<{ mode: number | string; step: number | string }>) => Number(r[0]?.mode) <= 1 && Number(r[0]?.step) === 1)
          : Promise.resolve(false);
      known.catch(() => consecutiveOf.delete(ds));
      consecutiveOf.set(ds, known);
    }
    return known;
  },
};
const consecutiveOf = new WeakMap<object, Promise<boolean>>();

/**
 * The ids of the rows of one `insertRows` call, in their order, when the database gives them consecutively (see
 * `autoIncrement`); null when the caller must read them back.
 */
export async function insertedIds(em: EntityManager, result: unknown, count: number): Promise<number[] | null> {
  if (!(await autoIncrement.consecutive(em))) return null;
  const r = result as { insertId?: unknown; affectedRows?: unknown } | null;
  const first = Number(r?.insertId);
  if (!Number.isSafeInteger(first) || first <= 0 || Number(r?.affectedRows) !== count) return null;
  return Array.from({ length: count }, (_, k) => first + k);
}

/**
 * Inserts one entity row only if `condition` holds, in the transaction `em` belongs to: a check of other rows folded into
 * the write instead of a read before it (issue 19). The value of `guard` (a NOT NULL column) is written as
 * `CASE WHEN condition THEN value END`: when the condition fails it is NULL, which the database refuses, and nothing is
 * written. An `INSERT … VALUES` rather than `INSERT … SELECT … WHERE`: on MariaDB/MySQL the latter is a "bulk insert"
 * that holds the table's AUTO-INC lock to the end of the statement, which every other insert of the table would wait
 * for. Returns the new row's id, or null when the condition refused the row.
 */
export async function insertRowIf<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  guard: keyof T & string,
  condition: { sql: string; params: unknown[] },
): Promise<number | null> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment') && c.getEntityValue(row) !== undefined);
  const guarded = meta.findColumnWithPropertyName(guard);
  if (!guarded || guarded.isNullable || !columns.includes(guarded)) throw new Error(`insertRowIf: ${meta.name}.${guard} is not a NOT NULL column of the row`);
  const params: unknown[] = [];
  const values = columns.map((c) => {
    if (c !== guarded) {
      params.push(driver.preparePersistentValue(c.getEntityValue(row), c));
      return '?';
    }
    params.push(...condition.params, driver.preparePersistentValue(c.getEntityValue(row), c));
    return `CASE WHEN ${condition.sql} THEN ? END`;
  });
  try {
    return insertedId(
      await em.query(
        `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES (${values.join(', ')})`,
        params,
      ),
    );
  } catch (e) {
    if (isNullRefused(e, guarded.databaseName)) return null;
    throw e;
  }
}

/** True when the database refused NULL for this column (MariaDB/MySQL 1048 ER_BAD_NULL_ERROR, SQLite's NOT NULL constraint). */
function isNullRefused(err: unknown, column: string): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string; message?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const message = e?.driverError?.message ?? e?.message ?? '';
  const named = message.includes(`'${column}'`) || message.endsWith(`.${column}`);
  return named && (code === 'ER_BAD_NULL_ERROR' || code === 'SQLITE_CONSTRAINT_NOTNULL');
}

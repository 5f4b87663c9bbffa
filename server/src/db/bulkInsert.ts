/**
 * One multi-row INSERT of entity rows (bulk intake): written with placeholders and each value converted by the
 * driver as TypeORM's query builder converts it (transformers, booleans, dates), without the builder's per-value
 * parameter bookkeeping, whose cost grows faster than the batch (a 500-message import binds about 22,000 values).
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
 * Inserts one entity row only if `condition` holds (`INSERT … SELECT … WHERE condition`, on every database), in the
 * transaction `em` belongs to: a check of other rows folded into the write instead of a read before it (issue 19).
 * Returns the new row's id, or null when the condition refused the row (nothing was written).
 */
export async function insertRowIf<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  condition: { sql: string; params: unknown[] },
): Promise<number | null> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment') && c.getEntityValue(row) !== undefined);
  const params = columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row), c));
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    // the structured result: SQLite's insert id alone would be the connection's last one when no row was written
    const result = await runner.query(
      `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
        `SELECT ${columns.map(() => '?').join(', ')} FROM (SELECT 1 AS one) AS guard WHERE ${condition.sql}`,
      [...params, ...condition.params],
      true,
    );
    if (!result.affected) return null;
    const raw = result.raw as unknown;
    const id = typeof raw === 'number' || typeof raw === 'bigint' ? Number(raw) : Number((raw as { insertId?: unknown } | null)?.insertId);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`the insert reported no id (${String(raw)})`);
    return id;
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

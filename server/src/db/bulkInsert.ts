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

/**
 * Transactions. Every state change and its ledger row commit together through `inTransaction`.
 *
 * SQLite has one writer and TypeORM's better-sqlite3 driver shares a single connection between all
 * query runners, so concurrent transactions would interleave on it. In embedded mode we therefore
 * queue transactions one after another (in process); on MySQL/MariaDB each gets its own connection.
 */
import { DataSource, EntityManager } from 'typeorm';

const queues = new WeakMap<DataSource, Promise<unknown>>();

export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction(work);
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  queues.set(
    ds,
    run.catch(() => undefined),
  );
  return run;
}

export const isSqlite = (ds: DataSource) => ds.options.type === 'better-sqlite3';

/**
 * True when MySQL/MariaDB chose the transaction as a deadlock's victim: it was rolled back whole and may simply run
 * again (concurrent bulk imports, whose new rows' unique serial numbers are set by an UPDATE, can meet so).
 */
export function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return (e?.driverError?.code ?? e?.code) === 'ER_LOCK_DEADLOCK';
}

/** Times an intake transaction runs when the database picks it as a deadlock's victim. */
export const DEADLOCK_ATTEMPTS = 3;

/** True when an error is a unique-key violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The id of the one row an `INSERT … VALUES (…)` wrote, from the driver's result (`insertRows`, which reads nothing
 * back): MySQL/MariaDB's insertId, SQLite's lastInsertRowid.
 * For one row only: a multi-row insert's ids are read back by the caller (their spacing depends on the server's
 * auto-increment settings).
 */
export function insertedId(raw: unknown): number {
  const id = typeof raw === 'number' || typeof raw === 'bigint' ? Number(raw) : Number((raw as { insertId?: unknown } | null)?.insertId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`the insert reported no id (${String(raw)})`);
  return id;
}

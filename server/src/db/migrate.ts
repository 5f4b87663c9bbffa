/** Applies, reverts and reports migrations; refuses to run on a database with pending migrations unless told to migrate. */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';

export class PendingMigrationsError extends Error {
  constructor(names: string[]) {
    super(`The database has ${names.length} pending migration(s): ${names.join(', ')}.\n` + 'Run `npm run migrate -- up`, or start with AUTO_MIGRATE=true.');
    this.name = 'PendingMigrationsError';
  }
}

export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const applied = new Set(
    (await ds.query(`SELECT name FROM schema_migration`).catch(() => [] as Array<{ name: string }>)).map((r: { name: string }) => r.name),
  );
  return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !applied.has(n));
}

export async function prepareDatabase(ds: DataSource, config: AppConfig, log: { info(m: string): void }): Promise<void> {
  const pending = await pendingMigrations(ds);
  if (!pending.length) return;
  if (!config.autoMigrate) throw new PendingMigrationsError(pending);
  await ds.runMigrations({ transaction: 'each' });
  log.info(`Applied ${pending.length} migration(s): ${pending.join(', ')}`);
}

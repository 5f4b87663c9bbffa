/** Migrations run up, down and up again on the test database (SQLite, or MySQL/MariaDB), and match the entities. */
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/db/dataSource';
import { pendingMigrations, prepareDatabase, PendingMigrationsError } from '../src/db/migrate';
import { isolatedDatabase, testEnv } from './helpers';

test('up, down all, up again; the server refuses to start with pending migrations unless auto-migrate is on', async () => {
  const db = await isolatedDatabase();
  const config = loadConfig(testEnv({ ...db.env, AUTO_MIGRATE: 'false' }));
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const all = ds.migrations.map((m) => m.name);
    expect(await pendingMigrations(ds)).toEqual(all);
    await expect(prepareDatabase(ds, config, { info: () => undefined })).rejects.toBeInstanceOf(PendingMigrationsError);
    await prepareDatabase(ds, { ...config, autoMigrate: true }, { info: () => undefined });
    expect(await pendingMigrations(ds)).toEqual([]);
    // The entities and the migrated tables agree: same tables, same columns, same nullability and indices.
    const qr = ds.createQueryRunner();
    for (const meta of ds.entityMetadatas) {
      const table = await qr.getTable(meta.tableName);
      expect(table).toBeDefined();
      const dbColumns = Object.fromEntries(table!.columns.map((c) => [c.name, c.isNullable]));
      const entityColumns = Object.fromEntries(meta.columns.map((c) => [c.databaseName, c.isNullable]));
      expect({ table: meta.tableName, columns: dbColumns }).toEqual({ table: meta.tableName, columns: entityColumns });
      const dbIndices = table!.indices.map((i) => i.name).sort();
      expect({ table: meta.tableName, indices: dbIndices }).toEqual({ table: meta.tableName, indices: meta.indices.map((i) => i.name).sort() });
    }
    await qr.release();
    for (let i = 0; i < all.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await pendingMigrations(ds)).toEqual(all);
    const left = ds.createQueryRunner();
    for (const meta of ds.entityMetadatas)
      expect({ table: meta.tableName, exists: await left.hasTable(meta.tableName) }).toEqual({ table: meta.tableName, exists: false });
    await left.release();
    await ds.runMigrations({ transaction: 'each' });
    expect(await pendingMigrations(ds)).toEqual([]);
  } finally {
    await ds.destroy();
    await db.drop();
  }
}, 180_000); // ~60 DDL statements twice over: on MariaDB under load this alone passed 60 s

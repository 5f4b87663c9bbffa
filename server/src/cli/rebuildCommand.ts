/**
 * The scaffold of the rebuild commands (`analysis:rebuild`, `search:rebuild`): opens the database, refuses while
 * migrations are pending, runs the rebuild with a progress line at most every 5 seconds, prints its report as JSON,
 * and exits 1 with the message on a failure.
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { pendingMigrations } from '../db/migrate';

export type Rebuild = (ds: DataSource, progress: (line: string) => void) => Promise<unknown>;

async function rebuildWith(rebuild: Rebuild) {
  const ds = createDataSource(loadConfig());
  await ds.initialize();
  try {
    const pending = await pendingMigrations(ds);
    if (pending.length) throw new Error(`The database has pending migrations (${pending.join(', ')}): run \`npm run migrate -- up\` first.`);
    let last = 0;
    const report = await rebuild(ds, (m) => {
      if (Date.now() - last > 5000) {
        last = Date.now();
        console.log(m);
      }
    });
    console.log(JSON.stringify(report));
  } finally {
    await ds.destroy();
  }
}

/** Runs a rebuild as a command. */
export function runRebuildCommand(rebuild: Rebuild): void {
  rebuildWith(rebuild).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

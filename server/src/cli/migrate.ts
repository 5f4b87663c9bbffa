/** `npm run migrate -- up|down|status`: applies, reverts (the last one) or lists migrations of the configured database. */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { pendingMigrations } from '../db/migrate';

async function main() {
  const command = process.argv[2] ?? 'status';
  const ds = createDataSource(loadConfig());
  await ds.initialize();
  try {
    if (command === 'up') {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(done.length ? `Applied: ${done.map((m) => m.name).join(', ')}` : 'Nothing to apply: the database is up to date.');
    } else if (command === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration.');
    } else if (command === 'status') {
      const pending = new Set(await pendingMigrations(ds));
      for (const m of ds.migrations) console.log(`${pending.has(m.name ?? '') ? '[pending]' : '[applied]'} ${m.name}`);
    } else {
      console.error(`Unknown command "${command}". Use: up | down | status`);
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

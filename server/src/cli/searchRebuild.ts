/**
 * `npm run search:rebuild`: writes the full-text index of messages anew (docs/search.md), with the best engine the
 * database offers now: FTS5 on SQLite, Mroonga on MariaDB once installed (without it the index is dropped and the search
 * scans with LIKE), InnoDB ngram on MySQL 8. Safe while the server runs (see docs/search.md for what it costs).
 */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { pendingMigrations } from '../db/migrate';
import { SearchService } from '../modules/search/search.service';

async function main() {
  const config = loadConfig();
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const pending = await pendingMigrations(ds);
    if (pending.length) throw new Error(`The database has pending migrations (${pending.join(', ')}): run \`npm run migrate -- up\` first.`);
    let last = 0;
    const report = await new SearchService(ds, { info: console.log, warn: console.warn }).rebuild((m) => {
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

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

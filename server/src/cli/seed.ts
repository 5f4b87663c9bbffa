/** `npm run seed`: loads the demo data set into the configured (empty) database. Refused in production. */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { prepareDatabase } from '../db/migrate';
import { seedDemoData } from '../demo/seed';

async function main() {
  const config = loadConfig();
  if (config.env === 'production') throw new Error('Refusing to load demo users with published passwords in production.');
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    await prepareDatabase(ds, { ...config, autoMigrate: true }, console);
    const loaded = await seedDemoData(ds, config, console);
    if (!loaded) console.log('The database is not empty: demo data not loaded.');
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

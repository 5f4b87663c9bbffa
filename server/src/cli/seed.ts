/**
 * `npm run seed`: loads the demo data set into the configured (empty) database: the organisation and users, then
 * DEMO_MESSAGES messages (500 by default) played through the workflow, as the embedded server does on its first
 * start. Refused in production.
 */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { prepareDatabase } from '../db/migrate';
import { seedDemoMessages } from '../demo/messages';
import { seedDemoData } from '../demo/seed';
import { createServices } from '../services';

async function main() {
  const config = loadConfig();
  if (config.env === 'production') throw new Error('Refusing to load demo users with published passwords in production.');
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    await prepareDatabase(ds, { ...config, autoMigrate: true }, console);
    const loaded = await seedDemoData(ds, config, console);
    if (!loaded) console.log('The database is not empty: demo data not loaded.');
    else {
      const services = createServices(ds, config, null);
      await seedDemoMessages(ds, services, config.demoMessages, console);
      await services.bus.stop();
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

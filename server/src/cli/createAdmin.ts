/**
 * `npm run create-admin -- --username admin --name 管理员 --unit-code HN --unit-name 湖南省 [--password …]`:
 * the first platform administrator of a new installation (and the root unit, when the organisation is empty).
 * Without --password (or ADMIN_PASSWORD) a random password is generated and printed once; it must be changed at the
 * first login. Refused once any user exists. Applies pending migrations first.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { prepareDatabase } from '../db/migrate';
import { createFirstAdmin, FirstAdminRefused } from '../modules/user/firstAdmin';
import { createServices } from '../services';

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string', default: 'admin' },
      name: { type: 'string', default: '平台管理员' },
      password: { type: 'string' },
      'unit-code': { type: 'string' },
      'unit-name': { type: 'string' },
    },
  });
  if (!values['unit-code'] || !values['unit-name']) {
    throw new FirstAdminRefused('usage: npm run create-admin -- --unit-code HN --unit-name 湖南省 [--username admin] [--name 平台管理员] [--password …]');
  }
  const config = loadConfig();
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    await prepareDatabase(ds, { ...config, autoMigrate: true }, console);
    const services = createServices(ds, config, null);
    const { user, unit, password, unitCreated } = await createFirstAdmin(ds, services, {
      username: values.username!,
      displayName: values.name!,
      password: values.password ?? process.env.ADMIN_PASSWORD ?? undefined,
      unitCode: values['unit-code'],
      unitName: values['unit-name'],
    });
    await services.bus.stop();
    console.log(`${unitCreated ? 'Created the root unit' : 'Root unit'} ${unit.code} ${unit.name}.`);
    console.log(`Created platform administrator "${user.username}" (must change the password at the first login).`);
    if (!values.password && !process.env.ADMIN_PASSWORD) console.log(`Password (shown once): ${password}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(e instanceof FirstAdminRefused ? 2 : 1);
});

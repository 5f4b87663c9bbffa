/** Entry point: `npm start`. Reads the configuration, starts one server instance, stops gracefully on SIGTERM/SIGINT. */
import 'reflect-metadata';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config/config';
import { startApp } from './app';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/seed';
import { PendingMigrationsError } from './db/migrate';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  if (config.jwtSecret === DEV_JWT_SECRET) console.warn('JWT_SECRET is not set: using a development secret. Set it in production.');
  let app;
  try {
    app = await startApp(config);
  } catch (e) {
    if (e instanceof PendingMigrationsError) {
      console.error(e.message);
      process.exit(3);
    }
    throw e;
  }
  const db = config.database.type === 'sqlite' ? `SQLite file ${config.database.file}` : `MySQL database ${config.database.database}`;
  console.log(`wenzheng is listening on ${app.url}`);
  console.log(`  GraphQL:  ${app.url}/graphql   (WebSocket subscriptions on the same path)`);
  console.log(`  Console:  ${app.url}/admin/`);
  console.log(`  Database: ${db}`);
  if (config.demoData) {
    console.log(`  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests and stopping…`);
    app.stop().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e) => {
  console.error('wenzheng failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});

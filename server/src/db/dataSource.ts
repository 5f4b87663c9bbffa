/** Builds the TypeORM DataSource for the configured database (embedded SQLite file or MySQL/MariaDB). */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, DataSourceOptions, Logger } from 'typeorm';
import type { AppConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../../migrations';

/** Counts the SQL statements run per request when a counter is active (used by tests and the benchmark). */
export class StatementCounter {
  count = 0;
  statements: string[] = [];
}

export const statementCounterStorage = new AsyncLocalStorage<StatementCounter>();

/** SQL statements and failed statements of this process since it started (read by the metrics endpoint). */
export const sqlStatementTotals = { statements: 0, errors: 0 };

class CountingLogger implements Logger {
  constructor(private readonly debug: boolean) {}
  logQuery(query: string) {
    sqlStatementTotals.statements += 1;
    const counter = statementCounterStorage.getStore();
    if (counter && !/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)/i.test(query)) {
      counter.count += 1;
      counter.statements.push(query);
    }
    if (this.debug) console.log('[sql]', query);
  }
  logQueryError(error: string | Error, query: string) {
    sqlStatementTotals.errors += 1;
    if (this.debug) console.error('[sql error]', error, query);
  }
  logQuerySlow(time: number, query: string) {
    if (this.debug) console.warn(`[sql slow ${time}ms]`, query);
  }
  logSchemaBuild() {}
  logMigration(message: string) {
    if (this.debug) console.log('[migration]', message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (this.debug || level === 'warn') console.log(`[typeorm ${level}]`, message);
  }
}

export function createDataSource(config: AppConfig): DataSource {
  const logger = new CountingLogger(config.logLevel === 'debug');
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: true as const,
    logger,
  };
  let options: DataSourceOptions;
  if (config.database.type === 'sqlite') {
    fs.mkdirSync(path.dirname(config.database.file), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: config.database.file,
      enableWAL: true,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma(`busy_timeout = ${config.databaseTimeouts.busyMs}`);
      },
    };
  } else {
    options = {
      ...common,
      type: 'mysql',
      url: config.database.url,
      // With read replicas: TypeORM's replication (a pool cluster); reads stay on the primary (defaultMode) unless
      // db/replicas.ts routes them to a replica.
      ...(config.database.replicaUrls.length
        ? {
            replication: {
              master: { url: config.database.url },
              slaves: config.database.replicaUrls.map((url) => ({ url })),
              defaultMode: 'master' as const,
              // Health is db/replicas.ts's business: the cluster never drops a node on its own.
              removeNodeErrorCount: Number.MAX_SAFE_INTEGER,
              restoreNodeTimeout: 1000,
            },
          }
        : {}),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: 20,
      // queueLimit bounds the statements waiting for a connection (load shedding: beyond it, SERVICE_UNAVAILABLE).
      // A page's DataLoaders fire a dozen statements at once, so 32 busy clients need several hundred places.
      // No statement timeout here: migrations and batch commands (CLIs, the bench's generator) may run long statements.
      // The server turns DB_QUERY_TIMEOUT_MS on once it is about to serve (db/timeouts.ts, boundDatabaseWaits).
      // trace: false: mysql2 would capture a stack trace on every statement (for the caller's frames in its errors), a
      // cost per statement on every request (issue 19); its errors keep their own stack and the statement.
      extra: { connectTimeout: config.databaseTimeouts.connectMs, waitForConnections: true, queueLimit: 2000, enableKeepAlive: true, trace: false },
    };
  }
  return new DataSource(options);
}

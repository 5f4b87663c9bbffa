/**
 * A database that hangs (a frozen server, a network that drops packets without resetting) must not hang the requests
 * that wait for it: each wait is bounded, and a request that runs out of time is answered SERVICE_UNAVAILABLE
 * (graphql/errors.ts counts these errors as "unreachable").
 *
 * MySQL/MariaDB (mysql2 through TypeORM):
 *   - opening a connection: mysql2's connectTimeout (DB_CONNECT_TIMEOUT_MS; a frozen server still accepts TCP
 *     connections in the kernel but never greets);
 *   - a statement: mysql2's per-query timeout (DB_QUERY_TIMEOUT_MS, TypeORM's enableQueryTimeout), turned on here
 *     when the server is about to serve, so that migrations and batch commands (CLIs, the bench's generator: they use
 *     db/dataSource.ts without this) may run long statements. mysql2 leaves the
 *     connection waiting for the late answer, so a connection whose statement timed out is destroyed here instead of
 *     going back to the pool, where the next statement would queue behind the one that never ends;
 *   - waiting for a free connection of the pool: mysql2 has no limit for that, so the driver's two ways of obtaining a
 *     connection are bounded here (DB_ACQUIRE_TIMEOUT_MS); a connection that arrives after its caller gave up goes
 *     straight back to the pool.
 * SQLite: the busy timeout (DB_BUSY_TIMEOUT_MS), how long a write waits for a lock another process holds.
 */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';

/** Error code of a connection not obtained from the pool in time (graphql/errors.ts: SERVICE_UNAVAILABLE). */
export const ACQUIRE_TIMEOUT_CODE = 'DB_ACQUIRE_TIMEOUT';
/** mysql2's code for a statement that got no answer in time. */
export const QUERY_TIMEOUT_CODE = 'PROTOCOL_SEQUENCE_TIMEOUT';

interface PooledConnection {
  query: (...args: unknown[]) => unknown;
  destroy(): void;
  release(): void;
}
type Obtain = () => Promise<PooledConnection>;
const guarded = new WeakSet<object>();

/** A connection whose statement times out is destroyed (not returned to the pool) before the caller hears of it. */
function destroyOnQueryTimeout(connection: PooledConnection): PooledConnection {
  if (guarded.has(connection)) return connection;
  guarded.add(connection);
  const query = connection.query;
  connection.query = function (this: unknown, ...args: unknown[]) {
    const at = args.findIndex((a) => typeof a === 'function');
    if (at >= 0) {
      const callback = args[at] as (err: unknown, ...rest: unknown[]) => void;
      args[at] = (err: unknown, ...rest: unknown[]) => {
        if ((err as { code?: string } | null)?.code === QUERY_TIMEOUT_CODE) connection.destroy();
        callback(err, ...rest);
      };
    }
    return query.apply(this, args);
  };
  return connection;
}

function withAcquireTimeout(obtain: Obtain, ms: number): Obtain {
  return () =>
    new Promise((resolve, reject) => {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        reject(Object.assign(new Error(`no database connection free within ${ms} ms`), { code: ACQUIRE_TIMEOUT_CODE }));
      }, ms);
      obtain().then(
        (connection) => {
          if (gaveUp) connection.release();
          else {
            clearTimeout(timer);
            resolve(destroyOnQueryTimeout(connection));
          }
        },
        (err) => {
          if (gaveUp) return;
          clearTimeout(timer);
          reject(err);
        },
      );
    });
}

/**
 * Bounds the MySQL driver's waits: call once, after migrations and after db/replicas.ts has taken over the routing of
 * replica reads (whose choice of a node, and fallback to the primary, is then bounded as a whole). SQLite needs nothing
 * here (its busy timeout is set on every connection by db/dataSource.ts).
 */
export function boundDatabaseWaits(ds: DataSource, config: AppConfig): void {
  if (config.database.type !== 'mysql') return;
  const driver = ds.driver as unknown as {
    options: { enableQueryTimeout?: boolean; maxQueryExecutionTime?: number };
    obtainMasterConnection: Obtain;
    obtainSlaveConnection: Obtain;
  };
  // TypeORM's query runner reads these at every statement.
  driver.options.enableQueryTimeout = true;
  driver.options.maxQueryExecutionTime = config.databaseTimeouts.queryMs;
  const ms = config.databaseTimeouts.acquireMs;
  driver.obtainMasterConnection = withAcquireTimeout(driver.obtainMasterConnection.bind(driver), ms);
  driver.obtainSlaveConnection = withAcquireTimeout(driver.obtainSlaveConnection.bind(driver), ms);
}

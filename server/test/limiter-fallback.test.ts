/**
 * Rate limits keep working while Redis cannot be reached: the Redis limiters fall back to in-memory counters
 * with the same limits (login throttling shown here; API clients and citizen operations use the same factory).
 */
import Redis from 'ioredis';
import { LoginThrottle } from '../src/auth/throttle';
import { loadConfig } from '../src/config/config';
import { testEnv } from './helpers';

test('with Redis down, failed logins are still counted and blocked, in memory', async () => {
  // nothing listens on port 1: every command fails at once (the app's client has no offline queue either)
  const dead = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  dead.on('error', () => undefined);
  try {
    const config = loadConfig(testEnv({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' }));
    const throttle = new LoginThrottle(config, dead);
    await expect(throttle.assertAllowed('someone', '10.0.0.1')).resolves.toBeUndefined();
    for (let i = 0; i < 3; i++) await throttle.recordFailure('someone', '10.0.0.1');
    await expect(throttle.assertAllowed('someone', '10.0.0.1')).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    await expect(throttle.assertAllowed('someone-else', '10.0.0.2')).resolves.toBeUndefined();
  } finally {
    dead.disconnect();
  }
});

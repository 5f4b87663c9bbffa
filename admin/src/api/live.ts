/**
 * Live updates over graphql-ws (same port, same token): one connection per tab, renewed with the session.
 */
import { createClient, Client } from 'graphql-ws';
import { loadSession } from './client';

let client: Client | null = null;
let clientToken: string | null = null;
/** Called when the connection comes back after a drop (the server closed it, e.g. 4008 Slow consumer, or the network failed). */
const reconnected = new Set<() => void>();

function ws(): Client | null {
  const token = loadSession()?.accessToken ?? null;
  if (!token) return null;
  if (client && clientToken === token) return client;
  client?.dispose();
  clientToken = token;
  client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ authorization: `Bearer ${loadSession()?.accessToken ?? ''}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // Events published while the connection was down are not sent again (the console resumes without afterEventId):
    // the views that follow a subscription reload what they show.
    on: {
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) for (const f of reconnected) f();
      },
    },
  });
  return client;
}

/** Errors worth subscribing again for: the server could not reach its database or Redis, or the connection failed. */
function retryable(err: unknown): boolean {
  if (Array.isArray(err)) return err.some((e) => (e as { extensions?: { code?: string } })?.extensions?.code === 'SERVICE_UNAVAILABLE');
  return true;
}

/**
 * Calls `onEvent` for each event of the subscription, and `onReconnect` when the connection is back after a drop
 * (what happened meanwhile is not sent: reload); returns the unsubscribe function. A subscription the server ends with
 * SERVICE_UNAVAILABLE (or a failed connection) is made again after 1, 2, 4 … 30 s; FORBIDDEN and input errors are final.
 */
export function live<T>(query: string, variables: Record<string, unknown>, onEvent: (data: T) => void, onReconnect?: () => void): () => void {
  let stopped = false;
  if (onReconnect) reconnected.add(onReconnect);
  let unsubscribe: () => void = () => undefined;
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    const c = ws();
    if (!c || stopped) return;
    unsubscribe = c.subscribe<T>(
      { query, variables },
      {
        next: (v) => {
          delay = 1000;
          if (v.data) onEvent(v.data as T);
        },
        error: (err) => {
          if (stopped || !retryable(err)) return;
          timer = setTimeout(start, delay);
          delay = Math.min(delay * 2, 30_000);
        },
        complete: () => undefined,
      },
    );
  };
  start();
  return () => {
    stopped = true;
    if (onReconnect) reconnected.delete(onReconnect);
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}

/**
 * Live updates over graphql-ws (same port, same token): one connection per tab, renewed with the session.
 */
import { createClient, Client } from 'graphql-ws';
import { loadSession } from './client';

let client: Client | null = null;
let clientToken: string | null = null;

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
  });
  return client;
}

/** Calls `onEvent` for each event of the subscription; returns the unsubscribe function. */
export function live<T>(query: string, variables: Record<string, unknown>, onEvent: (data: T) => void): () => void {
  const c = ws();
  if (!c) return () => undefined;
  return c.subscribe<T>({ query, variables }, { next: (v) => v.data && onEvent(v.data as T), error: () => undefined, complete: () => undefined });
}

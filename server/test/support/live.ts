/** graphql-ws clients for tests: connect, collect a subscription's events, remember how the socket closed. */
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveClient {
  client: Client;
  /** Close code of the socket, once closed (0 until then). */
  closeCode(): number;
  acked: Promise<void>;
}

const open: Client[] = [];

export function liveClient(url: string, token?: string): LiveClient {
  let code = 0;
  let ack!: () => void;
  const acked = new Promise<void>((r) => {
    ack = r;
  });
  const client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => ack(),
      closed: (e) => {
        code = (e as { code: number }).code;
      },
    },
    onNonLazyError: () => undefined,
  });
  open.push(client);
  return { client, closeCode: () => code, acked };
}

export interface Collected<T = any> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  stop(): void;
}

/** Subscribes and collects each event's data (the subscription field's value). */
export function collect<T = any>(c: LiveClient, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const out: Collected<T> = { events: [], errors: [], completed: false, stop: () => undefined };
  out.stop = c.client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) out.errors.push(...v.errors);
        else if (v.data) out.events.push(Object.values(v.data)[0]);
      },
      error: (e) => out.errors.push(e),
      complete: () => {
        out.completed = true;
      },
    },
  );
  return out;
}

export async function disposeAll(): Promise<void> {
  for (const c of open.splice(0)) await c.dispose();
}

export const INBOX = `subscription($u: ID!, $after: Int) { assignmentEvents(unitId: $u, afterEventId: $after) { type eventId messageId serialNo assignmentId unitIds payload } }`;

/** Closes graphql-ws clients one after the other (a file's own, made with createClient). */
export async function disposeEach(clients: Client[]): Promise<void> {
  for (const c of clients) await c.dispose();
}

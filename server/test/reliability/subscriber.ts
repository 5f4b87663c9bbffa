/**
 * A graphql-ws subscriber that behaves like a well-written client: when its socket closes it reconnects and
 * subscribes again with `afterEventId` = the last event it saw, so that it neither misses nor repeats events.
 */
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveEvent {
  type: string;
  eventId: string | null;
  messageId: string;
  serialNo: string;
}

export class ResumingSubscriber {
  readonly events: LiveEvent[] = [];
  readonly errors: unknown[] = [];
  readonly closeCodes: number[] = [];
  /** Subscriptions made (1 + resumptions). */
  subscriptions = 0;
  private client: Client;
  private stop: (() => void) | null = null;
  private disposed = false;
  private lastEventId: number | null = null;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly field: 'assignmentEvents' | 'messageEvents',
    private readonly args: Record<string, string>,
  ) {
    this.client = this.connect();
    this.subscribe();
  }

  /** One connection; when it fails the subscription errors and a new connection resumes (no automatic retry, which would resend the old variables). */
  private connect(): Client {
    return createClient({
      url: this.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${this.token}` },
      on: {
        closed: (e) => {
          this.closeCodes.push((e as { code: number }).code);
        },
      },
    });
  }

  private subscribe() {
    if (this.disposed) return;
    this.subscriptions += 1;
    const argDefs = Object.keys(this.args)
      .map((k) => `$${k}: ID!`)
      .join(', ');
    const argUse = Object.keys(this.args)
      .map((k) => `${k}: $${k}`)
      .join(', ');
    const query = `subscription(${argDefs}, $after: Int) { ${this.field}(${argUse}, afterEventId: $after) { type eventId messageId serialNo } }`;
    this.stop = this.client.subscribe(
      { query, variables: { ...this.args, after: this.lastEventId } },
      {
        next: (v) => {
          if (v.errors) {
            this.errors.push(...v.errors);
            return;
          }
          const e = (v.data as Record<string, LiveEvent>)[this.field];
          this.events.push(e);
          if (e.eventId) this.lastEventId = Math.max(this.lastEventId ?? 0, Number(e.eventId));
        },
        // The socket went away (server restart, network): resume from the last event seen.
        error: (e) => {
          this.errors.push(e);
          this.resume();
        },
        complete: () => this.resume(),
      },
    );
  }

  private resume() {
    if (this.disposed) return;
    const old = this.client;
    void old.dispose();
    setTimeout(() => {
      if (this.disposed) return;
      this.client = this.connect();
      this.subscribe();
    }, 200);
  }

  /** Event ids received more than once. */
  duplicates(): string[] {
    const seen = new Set<string>();
    const dup: string[] = [];
    for (const e of this.events) {
      if (!e.eventId) continue;
      if (seen.has(e.eventId)) dup.push(e.eventId);
      seen.add(e.eventId);
    }
    return dup;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stop?.();
    await this.client.dispose();
  }
}

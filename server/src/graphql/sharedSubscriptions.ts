/**
 * Subscription fan-out with shared execution (docs/realtime.md, "Fan-out cost"): when one event reaches many
 * subscriptions, the subscription's selection is executed once per event for all the subscriptions that would get the
 * same result, and the result is serialised once; each socket then gets the same text (only the subscription's id in
 * the message envelope differs).
 *
 * Two subscriptions get the same result when the event is the same object (the event bus hands one object to every
 * subscription of the instance, and the realtime service one enriched object per event), the document and operation
 * are the same text, the variables are the same, and their viewers have the same *visibility*: everything in the
 * context that a resolver of the selection may read to decide what the viewer sees (reach, masking of private data).
 * The visibility key is the caller's (`visibilityOf`); a context it cannot classify (null) is executed on its own.
 * The key is worked out once per subscription, at subscribe time (the context of a graphql-ws operation is made once
 * per subscribe message).
 *
 * Results are kept per event object (a WeakMap), so they go when the event does.
 *
 * Direct delivery: when the subscription's socket is known (`bind`, from graphql-ws's `context` hook) and its source
 * stream can push its events (`pushEvents`, the realtime service's streams), each event's result is written to the
 * socket as the `next` message in the same synchronous step that hands the event out, instead of going through an
 * async iterator per subscription (graphql-ws's `for await`, `onNext`, a JSON.stringify of the message with the
 * replacer and a promise per socket write). graphql-ws still runs the protocol: its loop waits on the subscription
 * until it ends (then `complete`), and `return()` (the client's `complete`, or the socket closing) stops it.
 */
import { createSourceEventStream, execute, print } from 'graphql';
import type { ExecutionArgs, ExecutionResult, FormattedExecutionResult } from 'graphql';

type Payload = FormattedExecutionResult | ExecutionResult;

/**
 * A source stream that can hand its events to a callback as they come instead of being pulled (`next()`): `item` for
 * each event (those it had queued first), `end` after the last when the stream ends by itself.
 */
export const pushEvents = Symbol('pushEvents');
interface PushSource {
  [pushEvents](item: (event: unknown) => void, end: () => void): void;
}

/** Where a subscription's `next` messages go when they are written directly (one subscription of one socket). */
export interface Channel {
  /** The subscription's id (the envelope's `id`). */
  id: string;
  /** Writes a message to the socket (nothing when the socket is no longer open). */
  send(text: string): void;
  /** The payload sent for a result (errors formatted as the client is told them); run once per result. */
  format(result: ExecutionResult): Payload;
}

export class SharedSubscriptions {
  /** Selections executed for events (one per event and group of identical subscriptions). */
  executions = 0;
  /** Results handed to subscriptions (one per delivery). */
  deliveries = 0;
  /** Subscriptions whose results were written to their socket directly (`direct`). */
  directSubscriptions = 0;
  /** Per event object, the result of each (visibility, operation, variables, document). */
  private readonly results = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();
  /** Per result, the payload of its `next` messages as the server sends it (errors formatted), made once. */
  private readonly payloads = new WeakMap<ExecutionResult, Payload>();
  /** Per payload (one of `payloads`), its JSON text, made once when first sent. */
  private readonly texts = new WeakMap<object, string | null>();
  /**
   * The `next` message `replacer` has just composed, taken by `wire`: graphql-ws hands what it serialised to the socket
   * in the same synchronous step, so one slot is enough (a message not sent, to a socket closed meanwhile, is
   * overwritten by the next).
   */
  private composed: { token: string; message: string } | null = null;
  private seq = 0;
  /** Per operation context (graphql-ws makes one per subscribe message), the socket its messages are written to. */
  private readonly channels = new WeakMap<object, Channel>();

  constructor(private readonly visibilityOf: (contextValue: unknown) => string | null) {}

  /** graphql-ws's `subscribe`: as graphql's, with each event's execution shared by identical subscriptions. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const visibility = this.visibilityOf(args.contextValue);
    const key =
      visibility === null
        ? null
        : [visibility, args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), args.document.loc?.source.body ?? print(args.document)].join(
            '\u0001',
          );
    const run = (event: unknown) => {
      this.executions++;
      return execute({ ...args, rootValue: event });
    };
    const resultOf = (event: unknown): Promise<ExecutionResult> | ExecutionResult => {
      this.deliveries++;
      if (key === null || typeof event !== 'object' || event === null) return run(event);
      let byKey = this.results.get(event);
      if (!byKey) this.results.set(event, (byKey = new Map()));
      let r = byKey.get(key);
      if (!r) byKey.set(key, (r = run(event)));
      return r;
    };
    const channel = typeof args.contextValue === 'object' && args.contextValue !== null ? this.channels.get(args.contextValue) : undefined;
    if (channel && isPushSource(source)) return this.direct(source, resultOf, channel);
    return mapEvents(source, resultOf);
  };

  /** graphql-ws's `context` hook: the operation with this context writes its `next` messages to `channel` itself. */
  bind(contextValue: object, channel: Channel): void {
    this.channels.set(contextValue, channel);
  }

  /**
   * A subscription delivered directly: each event's result (shared) is written to the channel as soon as it is
   * there, in order (a result still being executed holds the ones after it); what graphql-ws gets is an iterator
   * that yields nothing and finishes when the subscription ends (or throws what the execution threw).
   */
  private direct(
    source: AsyncIterable<unknown> & PushSource,
    resultOf: (event: unknown) => Promise<ExecutionResult> | ExecutionResult,
    channel: Channel,
  ): AsyncGenerator<ExecutionResult, void, void> {
    this.directSubscriptions++;
    const it = source[Symbol.asyncIterator]();
    const prefix = `{"id":${JSON.stringify(channel.id)},"type":"next","payload":`;
    let stopped = false;
    let failure: { error: unknown } | null = null;
    /** Deliveries waiting for an execution in progress (null: none, the next is written at once). */
    let tail: Promise<void> | null = null;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const close = async () => {
      try {
        await it.return?.();
      } catch {
        // the original error (or end) matters, not the source's own closing
      }
    };
    const send = (result: ExecutionResult) => {
      if (!stopped) channel.send(prefix + this.textOf(this.payload(result, channel.format)) + '}');
    };
    const fail = (error: unknown) => {
      if (stopped) return;
      stopped = true;
      failure = { error };
      void close().then(finish);
    };
    source[pushEvents](
      (event) => {
        if (stopped) return;
        let r: Promise<ExecutionResult> | ExecutionResult;
        try {
          r = resultOf(event);
        } catch (e) {
          fail(e);
          return;
        }
        if (tail === null && !isPromiseLike(r)) {
          send(r);
          return;
        }
        const t: Promise<void> = (tail ?? Promise.resolve())
          .then(() => r)
          .then(send, fail)
          .then(() => {
            if (tail === t) tail = null;
          });
        tail = t;
      },
      () => {
        void (tail ?? Promise.resolve()).then(() => {
          stopped = true;
          finish();
        });
      },
    );
    const gen = {
      next: async (): Promise<IteratorResult<ExecutionResult, void>> => {
        await finished;
        if (failure) throw failure.error;
        return { value: undefined, done: true };
      },
      return: async (): Promise<IteratorResult<ExecutionResult, void>> => {
        stopped = true;
        await close();
        finish();
        return { value: undefined, done: true };
      },
      throw: async (e: unknown): Promise<IteratorResult<ExecutionResult, void>> => {
        stopped = true;
        await close();
        finish();
        throw e;
      },
      [Symbol.asyncIterator]() {
        return gen;
      },
    };
    return gen as unknown as AsyncGenerator<ExecutionResult, void, void>;
  }

  /** A shared payload's JSON text, made once. */
  private textOf(payload: Payload): string {
    let text = this.texts.get(payload);
    if (!text) {
      text = JSON.stringify(payload);
      this.texts.set(payload, text);
    }
    return text;
  }

  /**
   * graphql-ws's `onNext`: the payload sent for a result, the same object for every subscription that got the same
   * result (`format` turns its errors into what the client is told; run once per result).
   */
  payload(result: ExecutionResult, format: (result: ExecutionResult) => Payload): Payload {
    let p = this.payloads.get(result);
    if (!p) {
      p = format(result);
      this.payloads.set(result, p);
      this.texts.set(p, null);
    }
    return p;
  }

  /**
   * graphql-ws's `jsonMessageReplacer`. A `next` message whose payload is a shared one is composed here from the
   * payload's JSON text (serialised once) and set aside under a token, which is what graphql-ws serialises instead;
   * `wire` swaps the token for the message as the socket sends it. Other messages are serialised as usual.
   */
  replacer = (key: string, value: unknown): unknown => {
    if (key !== '' || typeof value !== 'object' || value === null) return value;
    const m = value as { id?: unknown; type?: unknown; payload?: unknown };
    if (m.type !== 'next' || typeof m.id !== 'string' || typeof m.payload !== 'object' || m.payload === null || !this.texts.has(m.payload as object))
      return value;
    const text = this.textOf(m.payload as Payload);
    const token = `\u0000wz-next-${++this.seq}`;
    this.composed = { token: JSON.stringify(token), message: `{"id":${JSON.stringify(m.id)},"type":"next","payload":${text}}` };
    return token;
  };

  /** What a socket sends for what graphql-ws serialised: the composed message for a token, anything else as it is. */
  wire(data: unknown): unknown {
    const c = this.composed;
    if (c === null || data !== c.token) return data;
    this.composed = null;
    return c.message;
  }
}

function isPushSource(x: object): x is AsyncIterable<unknown> & PushSource {
  return typeof (x as Partial<PushSource>)[pushEvents] === 'function';
}

function isPromiseLike<T>(x: T | Promise<T>): x is Promise<T> {
  return typeof (x as Promise<T> | null)?.then === 'function';
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof (x as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** The source stream's events mapped to results (as graphql's own subscribe does); ending it ends the source. */
function mapEvents(
  source: AsyncIterable<unknown>,
  resultOf: (event: unknown) => Promise<ExecutionResult> | ExecutionResult,
): AsyncGenerator<ExecutionResult, void, void> {
  const it = source[Symbol.asyncIterator]();
  const close = async () => {
    try {
      await it.return?.();
    } catch {
      // the original error (or end) matters, not the source's own closing
    }
  };
  const map = async (r: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult, void>> => {
    if (r.done) return { value: undefined, done: true };
    try {
      return { value: await resultOf(r.value), done: false };
    } catch (e) {
      await close();
      throw e;
    }
  };
  const gen = {
    next: async () => map(await it.next()),
    return: async () => {
      await close();
      return { value: undefined, done: true as const };
    },
    throw: async (e: unknown) => {
      await close();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return gen;
    },
  };
  return gen as unknown as AsyncGenerator<ExecutionResult, void, void>;
}

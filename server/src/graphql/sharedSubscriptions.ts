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
 */
import { createSourceEventStream, execute, print } from 'graphql';
import type { ExecutionArgs, ExecutionResult, FormattedExecutionResult } from 'graphql';

type Payload = FormattedExecutionResult | ExecutionResult;

export class SharedSubscriptions {
  /** Selections executed for events (one per event and group of identical subscriptions). */
  executions = 0;
  /** Results handed to subscriptions (one per delivery). */
  deliveries = 0;
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
    return mapEvents(source, resultOf);
  };

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
    const payload = m.payload as object;
    let text = this.texts.get(payload);
    if (!text) {
      text = JSON.stringify(payload);
      this.texts.set(payload, text);
    }
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

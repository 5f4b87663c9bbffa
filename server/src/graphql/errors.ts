/**
 * The error codes of the API (DESIGN §10). Every error a client sees carries one of them in `extensions.code`.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { registerEnumType } from 'type-graphql';
import { limitOf } from './limits';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Error codes found in `extensions.code` of every GraphQL error (错误码).',
  valuesConfig: {
    UNAUTHENTICATED: { description: 'Not logged in, or the token expired or was revoked (未登录).' },
    FORBIDDEN: { description: 'Logged in, but this role or unit may not do this (无权限).' },
    NOT_FOUND: { description: 'No such object, or not visible to the viewer (不存在).' },
    BAD_USER_INPUT: { description: 'Input is malformed or out of range; `extensions.field` names it (输入错误).' },
    CONFLICT: { description: 'Someone else changed the object first, or it already exists (冲突).' },
    INVALID_TRANSITION: { description: 'The action is not allowed in the current state (状态不允许).' },
    RATE_LIMITED: { description: 'Too many requests or failed logins; retry after `extensions.retryAfterSeconds` (限流).' },
    SERVICE_UNAVAILABLE: { description: 'The database or Redis cannot be reached right now; nothing was changed, retry after `extensions.retryAfterSeconds` (服务暂不可用).' },
    INTERNAL_SERVER_ERROR: { description: 'An unexpected server error; details are logged, never returned (内部错误).' },
  },
});

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (message = '请先登录 (authentication required)') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = '无权执行此操作 (forbidden)') => new AppError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string, id?: string | number) =>
  new AppError(ErrorCode.NOT_FOUND, `${what} not found${id !== undefined ? `: ${id}` : ''}`);
export const badInput = (field: string, message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field });
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const invalidTransition = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.INVALID_TRANSITION, message, extra);
export const rateLimited = (retryAfterSeconds: number, message = '操作过于频繁，请稍后再试 (rate limited)') =>
  new AppError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });

export const SERVICE_UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后重试 (service temporarily unavailable)';
/** Seconds a client is told to wait before retrying after SERVICE_UNAVAILABLE. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

export const serviceUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });

/** Driver error codes meaning "the database or Redis cannot be reached" (not a bug, not the caller's fault). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR',
  'ER_SERVER_GONE_ERROR', 'ER_SERVER_LOST', 'ER_CLIENT_INTERACTION_TIMEOUT', 'SQLITE_BUSY',
]);
const UNAVAILABLE_MESSAGES = [
  /^Pool is closed/i, /^Queue limit reached/i, /connection is in closed state/i, /^Connection lost/i,
  /enableOfflineQueue options is false/i, /^Connection is closed\.?$/i, /max retries per request/i, /^connect ETIMEDOUT/i,
];

/**
 * True when an error (or what it wraps: TypeORM's driverError, an Error's cause, GraphQL's originalError) says the
 * database or Redis is unreachable, so that the client gets SERVICE_UNAVAILABLE instead of an internal error.
 */
export function isServiceUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown; extensions?: { code?: unknown } };
  if (e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
  return [e.driverError, e.cause, e.originalError].some((inner) => inner !== err && isServiceUnavailable(inner, depth + 1));
}

/** Builds a request context; an unreachable database or Redis while doing so is a 503 SERVICE_UNAVAILABLE. */
export async function unavailableInContext<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (e) {
    if (!isServiceUnavailable(e)) throw e;
    throw new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
      originalError: e instanceof Error ? e : undefined,
      extensions: {
        code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        http: { status: 503, headers: new HeaderMap([['retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)]]) },
      },
    });
  }
}

/** A response with no data whose errors are all SERVICE_UNAVAILABLE is sent as HTTP 503 with Retry-After. */
export const serviceUnavailableStatus: ApolloServerPlugin<any> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data == null && errors?.length && errors.every((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        }
      },
    };
  },
};

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Shapes every error that leaves the server. Errors raised on purpose keep their code and message;
 * class-validator failures become BAD_USER_INPUT with the offending field; GraphQL validation and
 * parse errors keep their code; an unreachable database or Redis is SERVICE_UNAVAILABLE; anything else is an INTERNAL_SERVER_ERROR whose message and stack
 * never leave the server outside development.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  opts: { exposeDetails: boolean; log: (e: unknown) => void },
): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = formatted.extensions?.code as string | undefined;
  const validation = (original as { extensions?: { validationErrors?: unknown[] } })?.extensions?.validationErrors ??
    (formatted.extensions?.validationErrors as unknown[] | undefined);
  if (validation && Array.isArray(validation) && validation.length > 0) {
    const first = flattenValidation(validation)[0];
    return {
      message: first ? `${first.field}: ${first.message}` : 'Argument validation error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: first?.field, problems: flattenValidation(validation) },
    };
  }
  if (isServiceUnavailable(original)) {
    // The database or Redis is down or restarting: a clear, typed error that says to retry, not a bug report.
    return {
      message: SERVICE_UNAVAILABLE_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
    };
  }
  if (code && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    return { ...formatted, extensions: opts.exposeDetails ? formatted.extensions : ext };
  }
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_REQUEST' ||
      code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'OPERATION_RESOLUTION_FAILURE') {
    // Malformed documents and variables are the client's input errors; a request over a limit says which.
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    const limit = limitOf(formatted.message);
    return { ...formatted, extensions: { ...ext, code: ErrorCode.BAD_USER_INPUT, graphqlCode: code, ...(limit ? { limit } : {}) } };
  }
  opts.log(original);
  if (opts.exposeDetails) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  return {
    message: '服务器内部错误 (internal server error)',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

interface ValidationLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationLike[];
}

function flattenValidation(errors: unknown[], prefix = ''): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const raw of errors as ValidationLike[]) {
    const field = prefix ? `${prefix}.${raw.property}` : raw.property;
    for (const message of Object.values(raw.constraints ?? {})) out.push({ field, message });
    if (raw.children?.length) out.push(...flattenValidation(raw.children, field));
  }
  return out;
}

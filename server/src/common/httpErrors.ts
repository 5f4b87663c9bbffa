/**
 * The plain HTTP routes' edge (CSV exports, attachments): the one place where a domain error becomes an HTTP answer.
 * Services throw the API's typed errors (graphql/errors.ts: a code in `extensions.code`, often a reason); GraphQL
 * shapes them in `formatError` (over HTTP and over WebSocket), these routes here. The body is GraphQL-shaped
 * (`{ errors: [{ message, extensions }] }`) so that a client reads one error format everywhere.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { ErrorCode, isServiceUnavailable, SERVICE_UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../graphql/errors';

/** The HTTP status of each error code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.INVALID_TRANSITION]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.PROOF_OF_WORK_REQUIRED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && code in HTTP_STATUS;

/**
 * Answers a failed request before anything of its body was sent: a typed error with its code's status (Retry-After
 * where the code tells when to retry), an unreachable database or Redis as 503 SERVICE_UNAVAILABLE. Anything else is
 * a bug and is rethrown (Express logs it and answers 500, without details).
 */
export function sendHttpError(res: Response, e: unknown): void {
  if (isServiceUnavailable(e)) {
    res.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    res.status(503).json({
      errors: [
        { message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS } },
      ],
    });
    return;
  }
  const typed = (e as { extensions?: Record<string, unknown> } | null)?.extensions;
  if (!typed || typed.code === ErrorCode.INTERNAL_SERVER_ERROR) throw e;
  const { http: _http, stacktrace: _stack, ...extensions } = typed;
  if (typeof extensions.retryAfterSeconds === 'number') res.setHeader('retry-after', String(Math.ceil(extensions.retryAfterSeconds)));
  // a GraphQL error without one of the API's codes is the caller's input (malformed arguments)
  res.status(isErrorCode(extensions.code) ? HTTP_STATUS[extensions.code] : 400).json({ errors: [{ message: (e as Error).message, extensions }] });
}

/**
 * The last error handler of the plain HTTP routes: what a route throws is answered like sendHttpError answers it, and
 * a bug is logged and answered 500 INTERNAL_SERVER_ERROR without its details (never Express's page with the stack).
 */
export function httpErrorHandler(log: (message: string, e: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    try {
      sendHttpError(res, err);
    } catch {
      log('[http] unexpected error', err);
      res.status(500).json({ errors: [{ message: '服务器内部错误 (internal server error)', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    }
  };
}

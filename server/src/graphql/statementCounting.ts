/**
 * SQL statement counting per request, for tests and the benchmark (COUNT_SQL_STATEMENTS=true):
 * a request sent with `x-count-sql: 1` runs inside a counter, and the response carries
 * `extensions.sqlStatements` (every statement of the request, authentication included).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { StatementCounter, statementCounterStorage } from '../db/dataSource';

/** Counted requests still answering. */
let counting = 0;

/**
 * Runs a request sent with `x-count-sql: 1` inside a counter. Once no counted request is left, the counter's storage
 * is disabled again: in Node 20 an AsyncLocalStorage that has run hooks every promise of the process until it is
 * disabled, and the requests that are not counted (a benchmark's load after its counted requests) should cost what
 * they cost in production, where nothing is counted (issue 19).
 */
export const countStatementsMiddleware: RequestHandler = (req, res, next) => {
  if (req.headers['x-count-sql'] !== '1') return next();
  counting += 1;
  res.once('close', () => {
    counting -= 1;
    if (counting === 0) statementCounterStorage.disable();
  });
  statementCounterStorage.run(new StatementCounter(), () => next());
};

export const statementCountPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const counter = statementCounterStorage.getStore();
        if (counter && response.body.kind === 'single') {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: counter.count };
        }
      },
    };
  },
};

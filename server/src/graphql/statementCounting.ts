/**
 * SQL statement counting per request, for tests and the benchmark (COUNT_SQL_STATEMENTS=true):
 * a request sent with `x-count-sql: 1` runs inside a counter, and the response carries
 * `extensions.sqlStatements` (every statement of the request, authentication included).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { StatementCounter, statementCounterStorage } from '../db/dataSource';

export const countStatementsMiddleware: RequestHandler = (req, _res, next) => {
  if (req.headers['x-count-sql'] === '1') statementCounterStorage.run(new StatementCounter(), () => next());
  else next();
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

/**
 * Request limits (DESIGN §10, §14) with graphql-armor: depth, cost, aliases, tokens and directives, each
 * configurable; batched HTTP requests are refused. A violation is BAD_USER_INPUT with `extensions.limit`
 * naming the limit (see docs/limits.md); nothing of the request runs.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AppConfig } from '../config/config';

export function requestLimits(config: AppConfig) {
  const l = config.limits;
  const armor = new ApolloArmor({
    maxDepth: { n: l.maxDepth, exposeLimits: true, ignoreIntrospection: true },
    maxAliases: { n: l.maxAliases, exposeLimits: true },
    // Tokens are counted by graphql-js's own parser (Apollo's parseOptions below): graphql-armor's token plugin parses
    // the document again inside a plugin hook, where any syntax error counts as a failure of the server (HTTP 500).
    maxTokens: { enabled: false },
    maxDirectives: { n: l.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: l.maxCost, exposeLimits: true, ignoreIntrospection: true },
    // Field suggestions ("did you mean …") help developers; they also map the private schema for attackers.
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
  // A document over the token limit is then a parse error like any other syntax error: 400, BAD_USER_INPUT.
  return { ...armor, parseOptions: { maxTokens: l.maxTokens } };
}

const LIMITS: Array<[RegExp, string]> = [
  [/depth limit/i, 'depth'],
  [/aliases limit/i, 'aliases'],
  [/token limit|contains more tha[nt] \d+ tokens/i, 'tokens'],
  [/directives limit/i, 'directives'],
  [/cost limit/i, 'cost'],
];

/** Which limit an error message reports, if any. */
export function limitOf(message: string): string | null {
  return LIMITS.find(([re]) => re.test(message))?.[1] ?? null;
}


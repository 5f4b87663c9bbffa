/**
 * Request limits (DESIGN §10, §14) with graphql-armor: depth, cost, aliases, tokens and directives, each
 * configurable; batched HTTP requests are refused. A violation is BAD_USER_INPUT with `extensions.limit`
 * naming the limit (see docs/limits.md); nothing of the request runs.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AppConfig } from '../config/config';

export function requestLimits(config: AppConfig) {
  const l = config.limits;
  return new ApolloArmor({
    maxDepth: { n: l.maxDepth, exposeLimits: true, ignoreIntrospection: true },
    maxAliases: { n: l.maxAliases, exposeLimits: true },
    maxTokens: { n: l.maxTokens, exposeLimits: true },
    maxDirectives: { n: l.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: l.maxCost, exposeLimits: true, ignoreIntrospection: true },
    // Field suggestions ("did you mean …") help developers; they also map the private schema for attackers.
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
}

const LIMITS: Array<[RegExp, string]> = [
  [/depth limit/i, 'depth'],
  [/aliases limit/i, 'aliases'],
  [/token limit/i, 'tokens'],
  [/directives limit/i, 'directives'],
  [/cost limit/i, 'cost'],
];

/** Which limit an error message reports, if any. */
export function limitOf(message: string): string | null {
  return LIMITS.find(([re]) => re.test(message))?.[1] ?? null;
}


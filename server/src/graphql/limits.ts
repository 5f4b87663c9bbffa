/**
 * Request limits (domain.md §10, §14) with graphql-armor: depth, cost, aliases, tokens and directives, each
 * configurable; batched HTTP requests are refused. A violation is BAD_USER_INPUT with `extensions.limit`
 * naming the limit (see docs/limits.md); nothing of the request runs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '../config/config';

/** Rows a plain list (no `first` argument) is assumed to hold when estimating complexity. */
export const ASSUMED_LIST_SIZE = 20;

/**
 * Complexity with list sizes counted (domain.md §10): a field costs 1 plus what it selects, and a list multiplies
 * what it selects by its size: `first` when given (capped at the maximum page size), the default page size for
 * a connection without `first`, and ASSUMED_LIST_SIZE for other lists. So `messages(first: 100) { nodes { … } }`
 * costs 100 times its row, and nesting lists multiplies.
 */
export function listAwareEstimator(limits: { maxPageSize: number; defaultPageSize: number }): ComplexityEstimator {
  return ({ type: parent, field, args, childComplexity }) => {
    // a connection's own lists (nodes, edges) hold the page the connection already counted
    if (parent.name.endsWith('Connection')) return 1 + childComplexity;
    const type = getNullableType(field.type);
    const named = getNamedType(field.type);
    const isConnection = isObjectType(named) && named.name.endsWith('Connection');
    const first = typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), limits.maxPageSize) : null;
    const size = isConnection ? (first ?? limits.defaultPageSize) : isListType(type) ? (first ?? ASSUMED_LIST_SIZE) : 1;
    return 1 + size * childComplexity;
  };
}

export function operationComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  limits: { maxPageSize: number; defaultPageSize: number },
): number {
  return getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [listAwareEstimator(limits)] });
}

/**
 * Computed complexities by document (Apollo hands the same parsed document to every request with the same text) and by
 * the variables that can change the figure: walking the document costs a few percent of a small page's CPU (issue 19).
 * The estimator reads list sizes (`first`, an Int argument) and @skip/@include read booleans: only Int and Boolean
 * variables can change the figure and make the key. The others (ids, keywords, input objects: a submission's text, an
 * import's 500 messages) are left out, so that an operation asked with other values is counted once, and a mutation's
 * input is neither serialised into a key nor coerced a second time by the walk on every call (issue 19: both cost
 * submitMessage and importMessages a few percent of their CPU, and no input object's value ever hit the cache).
 */
const computed = new WeakMap<DocumentNode, Map<string, number>>();
const MAX_KEYS_PER_DOCUMENT = 200;

function cachedComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  limits: { maxPageSize: number; defaultPageSize: number },
): number {
  const relevant: Record<string, unknown> = {};
  for (const d of operation.variableDefinitions ?? []) {
    let t = d.type;
    while (t.kind !== Kind.NAMED_TYPE) t = t.type;
    if (t.name.value === 'Int' || t.name.value === 'Boolean') relevant[d.variable.name.value] = variables?.[d.variable.name.value];
  }
  const key = `${operationName ?? ''}\u0000${JSON.stringify(relevant)}`;
  let byKey = computed.get(document);
  if (!byKey) computed.set(document, (byKey = new Map()));
  let complexity = byKey.get(key);
  if (complexity === undefined) {
    complexity = operationComplexity(schema, document, variables, operationName, limits);
    if (byKey.size >= MAX_KEYS_PER_DOCUMENT) byKey.clear();
    byKey.set(key, complexity);
  }
  return complexity;
}

/** Refuses an operation whose complexity (with its variables) is over MAX_COMPLEXITY, before it runs. */
function complexityPlugin(config: AppConfig): ApolloServerPlugin {
  const max = config.limits.maxComplexity;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation || operation.selectionSet.selections.every((sel) => sel.kind === 'Field' && sel.name.value.startsWith('__'))) return; // introspection
          let complexity: number;
          try {
            complexity = cachedComplexity(schema, document, operation, request.variables, request.operationName ?? undefined, config.limits);
          } catch {
            return; // variables that do not fit their types: execution refuses them with its own input error
          }
          if (complexity > max) {
            throw new GraphQLError(
              `Query complexity limit of ${max} exceeded: ${complexity} (lists count their size: ask for fewer rows or fewer nested lists)`,
              {
                extensions: { code: 'BAD_USER_INPUT', limit: 'complexity', complexity, maximum: max, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}

/**
 * graphql-armor's cost (objects 2, scalars 1, ×1.5 per level of nesting). Fragments are flattened: the fields a
 * fragment spreads count where they land, as if written there, instead of one more level (×1.5) per spread; otherwise
 * the same selection written with shared fragments would cost more than written out (the console's print page, near
 * the limit, went over it when its documents shared their reply fields).
 */
export function costLimitOptions(config: AppConfig) {
  return { maxCost: config.limits.maxCost, flattenFragments: true, exposeLimits: true, ignoreIntrospection: true };
}

export function requestLimits(config: AppConfig) {
  const l = config.limits;
  const armor = new ApolloArmor({
    maxDepth: { n: l.maxDepth, exposeLimits: true, ignoreIntrospection: true },
    maxAliases: { n: l.maxAliases, exposeLimits: true },
    // Tokens are counted by graphql-js's own parser (Apollo's parseOptions below): graphql-armor's token plugin parses
    // the document again inside a plugin hook, where any syntax error counts as a failure of the server (HTTP 500).
    maxTokens: { enabled: false },
    maxDirectives: { n: l.maxDirectives, exposeLimits: true },
    costLimit: costLimitOptions(config),
    // Field suggestions ("did you mean …") help developers; they also map the private schema for attackers.
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
  // A document over the token limit is then a parse error like any other syntax error: 400, BAD_USER_INPUT.
  return { ...armor, plugins: [...armor.plugins, complexityPlugin(config)], parseOptions: { maxTokens: l.maxTokens } };
}

const LIMITS: Array<[RegExp, string]> = [
  [/depth limit/i, 'depth'],
  [/aliases limit/i, 'aliases'],
  [/token limit|contains more tha[nt] \d+ tokens/i, 'tokens'],
  [/directives limit/i, 'directives'],
  [/cost limit/i, 'cost'],
  [/complexity limit/i, 'complexity'],
];

/** Which limit an error message reports, if any. */
export function limitOf(message: string): string | null {
  return LIMITS.find(([re]) => re.test(message))?.[1] ?? null;
}

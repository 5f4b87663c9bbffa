/** Builds the executable schema from the resolvers, and prints the committed SDL (schema/schema.graphql). */
import { GraphQLSchema, isObjectType, lexicographicSortSchema, printSchema, type GraphQLField, type GraphQLFieldResolver } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { authChecker } from '../auth/authChecker';
import { guardTemporaryPasswords } from '../auth/passwordChange';
import './errors';
import './argumentValues';
import { RESOLVERS } from '../modules';

/** Every module's resolvers (server/src/modules/index.ts). */
export { RESOLVERS };

let built: Promise<GraphQLSchema> | null = null;

/**
 * The resolver classes' instances, one per class (what type-graphql's default container keeps), shared by type-graphql
 * and the field resolvers called directly (fieldResolversCalledDirectly): a Map instead of the default container's
 * linear search of its instances on every resolver call.
 */
const resolverInstances = new Map<unknown, object>();
const container = {
  get(cls: new () => object): object {
    let instance = resolverInstances.get(cls);
    if (!instance) resolverInstances.set(cls, (instance = new cls()));
    return instance;
  },
};

/** The schema is built once per process (type-graphql metadata is global). */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS as [(typeof RESOLVERS)[number], ...typeof RESOLVERS],
    authChecker,
    authMode: 'error',
    container,
    // Every subscription brings its own `subscribe` (modules/realtime over the event bus); type-graphql still asks for a PubSub.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('subscriptions use their own subscribe functions');
      },
    } as never,
    // The target (the input object) is kept on validation errors only so that formatError can read the declared
    // bounds of the failed rule (@Length(2, 100) → min 2, max 100) from class-validator's metadata; formatError
    // builds the client's error from field, reason and bounds alone, so neither target nor value leaves the server.
    validate: { forbidUnknownValues: false, validationError: { target: true, value: false } },
  }).then((schema) => {
    schema.getQueryType()!.description = 'Queries of the wenzheng (问政) API: staff queries need a bearer token.';
    const mutation = schema.getMutationType();
    if (mutation) mutation.description = 'Mutations: each takes one `input` and returns a payload with the changed object.';
    const subscription = schema.getSubscriptionType();
    if (subscription) subscription.description = 'Subscriptions over graphql-ws on /graphql.';
    plainFieldsResolvedByDefault(schema);
    fieldResolversCalledDirectly(schema);
    return guardTemporaryPasswords(schema);
  });
  return built;
}

/**
 * The plain fields of the object types (a property read: no field resolver, no @Authorized, no middleware, not renamed)
 * are resolved by graphql-js's default resolver. type-graphql wraps each of them in a resolver of its own that builds
 * an object per field and value and only reads the property: on a page of 25 rows with their message and unit, a few
 * percent of the CPU and of the garbage (issue 19). The same as type-graphql's `simpleResolvers`, for every type.
 */
function plainFieldsResolvedByDefault(schema: GraphQLSchema) {
  forEachDeclaredField(schema, (f, field, storage) => {
    if (f.roles?.length || f.middlewares?.length || f.schemaName !== f.name) return;
    if (storage.fieldResolvers.some((r) => r.getObjectType?.() === f.target && r.methodName === f.name)) return;
    field.resolve = undefined;
  });
}

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type DeclaredField = NonNullable<MetadataStorage['objectTypes'][number]['fields']>[number];

/** Calls `visit` with each field that type-graphql's object types declare and the schema's field it became. */
function forEachDeclaredField(schema: GraphQLSchema, visit: (f: DeclaredField, field: GraphQLField<unknown, unknown>, storage: MetadataStorage) => void) {
  const storage = getMetadataStorage();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const f of objectType.fields ?? []) {
      const field = fields[f.schemaName];
      if (field) visit(f, field, storage);
    }
  }
}

type ParamOf = (root: unknown, ctx: unknown, info: unknown) => unknown;

/**
 * Field resolvers (`@FieldResolver` methods of a resolver class) that take only `@Root()`, `@Ctx()` and `@Info()`, with
 * no `@Authorized` and no middleware, are called directly. type-graphql's wrapper builds, on every call, an object of
 * the resolver's data, sorts the method's parameters and maps them into a new array (getParams), and looks the
 * resolver's instance up in a list: on the inbox's 25 rows (message, unit, deadline, warning level and available
 * actions of each) about 8 % of the request's garbage (issue 19). Here the parameters are sorted once and the method is
 * called with them; a root that is not an instance of its declared class (which type-graphql would convert) goes
 * through type-graphql's resolver as before. Arguments (`@Arg`, `@Args`: converted and validated) keep type-graphql's.
 */
function fieldResolversCalledDirectly(schema: GraphQLSchema) {
  forEachDeclaredField(schema, (f, field, storage) => {
    const r = storage.fieldResolvers.find((x) => x.kind === 'external' && x.getObjectType?.() === f.target && x.methodName === f.name);
    if (!r || !field.resolve || r.roles?.length || r.middlewares?.length || f.roles?.length || f.middlewares?.length) return;
    const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
    let rootClass: (abstract new (...a: never[]) => unknown) | null = null;
    const picks: ParamOf[] = [];
    for (const p of params) {
      if (p.kind === 'root' && !p.propertyName) {
        const t = p.getType?.();
        // a class (not a scalar or enum): type-graphql converts a root that is not an instance of it
        if (typeof t === 'function' && t !== Object) rootClass = t as abstract new (...a: never[]) => unknown;
        picks.push((root) => root);
      } else if (p.kind === 'context') {
        const property = p.propertyName;
        picks.push(property ? (_root, ctx) => (ctx as Record<string, unknown>)[property] : (_root, ctx) => ctx);
      } else if (p.kind === 'info') picks.push((_root, _ctx, info) => info);
      else break;
    }
    if (picks.length !== params.length || picks.length > 3) return;
    const original = field.resolve;
    const target = r.target as new () => object;
    const method = r.methodName;
    const [p0, p1, p2] = picks;
    const call = (root: unknown, ctx: unknown, info: unknown) => {
      const instance = container.get(target) as Record<string, (...a: unknown[]) => unknown>;
      switch (picks.length) {
        case 0:
          return instance[method]();
        case 1:
          return instance[method](p0(root, ctx, info));
        case 2:
          return instance[method](p0(root, ctx, info), p1(root, ctx, info));
        default:
          return instance[method](p0(root, ctx, info), p1(root, ctx, info), p2(root, ctx, info));
      }
    };
    const resolve: GraphQLFieldResolver<unknown, unknown> = rootClass
      ? (root, args, ctx, info) => (root instanceof rootClass! && root !== null ? call(root, ctx, info) : original(root, args, ctx, info))
      : (_root, _args, ctx, info) => call(_root, ctx, info);
    field.resolve = resolve;
  });
}

export function printAppSchema(schema: GraphQLSchema): string {
  return `# wenzheng (问政) GraphQL API. Generated by \`npm run schema\` from the code; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

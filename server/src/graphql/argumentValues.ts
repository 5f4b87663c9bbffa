/**
 * graphql-js (16) builds the arguments of every field it executes anew, for each row of a list: two objects made with
 * `Object.create(null)` (V8 makes those in dictionary mode, a few hundred bytes each) even for a field that declares no
 * argument, which is nearly every field of a page (`getArgumentValues`; graphql-js's own FIXME, issue 2203, and its
 * TODO to memoise it within a list). On the inbox's 25 rows that was about 14 % of the request's garbage (issue 19).
 *
 * A field that declares no argument always gets an empty argument object (a document passing it an argument fails
 * validation before execution), so here it gets one frozen empty object, shared; every other field goes through
 * graphql-js's own function as before. graphql-js's executor calls `getArgumentValues` through its module's exports
 * (CommonJS: `(0, _values.getArgumentValues)(…)`), which is where this is installed, once per process.
 * server/test/resolver-fast-paths.test.ts checks that the executor uses it.
 */
import * as values from 'graphql/execution/values';

/** The arguments of a field that declares none (frozen: a resolver that wrote to its arguments would throw). */
export const NO_ARGUMENTS: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

type GetArgumentValues = typeof values.getArgumentValues;
const exportsOf = values as { getArgumentValues: GetArgumentValues & { noArgumentsShared?: true } };

if (!exportsOf.getArgumentValues.noArgumentsShared) {
  const original = exportsOf.getArgumentValues;
  const shared: GetArgumentValues & { noArgumentsShared?: true } = (def, node, variableValues) =>
    def.args.length === 0 ? NO_ARGUMENTS : original(def, node, variableValues);
  shared.noArgumentsShared = true;
  exportsOf.getArgumentValues = shared;
}

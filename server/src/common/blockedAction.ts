/**
 * `blockedActions`: actions the viewer's role, units and the record's state allow, but that a rule of the
 * workflow refuses right now, with the reason (the console tells the user why a button is not there, e.g.
 * 审核通过并发布 while assist opinions are missing). Computed from the same state-machine rows as
 * `availableActions`, and once per record and request for both.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ErrorReason } from '../graphql/errors';
import type { Blocked } from './stateMachine';

@ObjectType({ description: 'An action allowed to the viewer in this state but refused by a rule now, and why (暂不可执行的操作及原因).' })
export class BlockedAction {
  @Field({ description: "The action (a value of the record's action enum: MessageAction, AssignmentAction or ReplyAction)." })
  action!: string;

  @Field(() => ErrorReason, { description: 'Why not, to be worded by the client.' })
  reason!: ErrorReason;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Figures of the reason (e.g. { count: 1 } assist opinions missing, { max: 2 } extensions).' })
  params!: Record<string, unknown> | null;
}

type Evaluation<A> = Promise<{ available: A[]; blocked: Array<Blocked<A>> }>;

/**
 * Memoises an evaluation per record object and viewer: the record a request loaded is asked for
 * `availableActions` and `blockedActions` once, not twice (records are loaded per request, so nothing is kept
 * beyond it).
 */
export function evaluationCache<R extends object, A extends string>() {
  const cache = new WeakMap<R, Map<string, Evaluation<A>>>();
  return (record: R, viewerKey: string, compute: () => Evaluation<A>) => {
    let byViewer = cache.get(record);
    if (!byViewer) cache.set(record, (byViewer = new Map()));
    let p = byViewer.get(viewerKey);
    if (!p) {
      p = compute();
      byViewer.set(viewerKey, p);
      p.catch(() => byViewer!.delete(viewerKey));
    }
    return p;
  };
}

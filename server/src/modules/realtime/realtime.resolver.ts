/** Subscriptions over graphql-ws (domain.md §11): a unit inbox, a message's timeline, the viewer's review queue. */
import { Arg, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { assertUnitInScope } from '../../auth/scope';
import { parseId } from '../../common/text';
import type { RequestContext } from '../../graphql/context';
import { requireStaff } from '../../graphql/context';
import { forbidden, notFound, unavailableInContext } from '../../graphql/errors';
import type { LiveEvent } from './realtime.service';
import { LedgerAction } from '../ledger/ledger-action';

@ObjectType({ description: 'A live event (实时事件): a ledger entry as it happens, with enough to update a list without another query.' })
export class LiveEventType {
  @Field(() => LedgerAction, { description: 'Ledger action, e.g. ASSIGNED, SIGNED, URGED, OVERDUE, REPLY_SUBMITTED.' })
  type!: LedgerAction;

  @Field(() => ID, { nullable: true, description: 'Ledger entry id: pass the last one seen as `afterEventId` to resume.' })
  eventId!: number | null;

  @Field(() => ID, { description: 'The message.' })
  messageId!: number;

  @Field({ description: 'Serial number of the message.' })
  serialNo!: string;

  @Field({ description: 'Title of the message.' })
  title!: string;

  @Field(() => ID, { nullable: true, description: 'The assignment concerned.' })
  assignmentId!: number | null;

  @Field(() => [ID], { description: 'Units concerned.' })
  unitIds!: number[];

  @Field({ description: 'When it happened.' })
  at!: Date;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Details (as in the ledger).' })
  payload!: Record<string, unknown> | null;
}

/** The subscription's arguments as the schema declares them (type-graphql has checked their types). */
type Ctx<A> = { context: RequestContext; args: A & { afterEventId?: number | null } };

@Resolver()
export class RealtimeResolver {
  @Subscription(() => LiveEventType, {
    description:
      "A unit's inbox events (new assignment, signed, urged, supervised, instructions, returns, extensions, overdue…), for the unit and the units below it.",
    subscribe: async ({ context, args }: Ctx<{ unitId: string }>) => {
      const viewer = requireStaff(context);
      const id = parseId('unitId', args.unitId);
      const unit = await unavailableInContext(() => context.services.realtime.unitById(id));
      if (!unit) throw notFound('Unit', args.unitId);
      assertUnitInScope(viewer, unit.path);
      return context.services.realtime.assignmentEvents(unit.path, args.afterEventId ?? undefined);
    },
  })
  assignmentEvents(
    @Root() e: LiveEvent,
    @Arg('unitId', () => ID, { description: 'The unit whose inbox to follow.' }) _unitId: string,
    @Arg('afterEventId', () => Int, { nullable: true, description: 'Replay ledger entries after this id first (resumption).' }) _after?: number,
  ): LiveEvent {
    return e;
  }

  @Subscription(() => LiveEventType, {
    description:
      "A message's timeline entries as they happen (办理过程), while the viewer may read the message: when it is taken away from the viewer's units (returned, reassigned, withdrawn), the subscription ends with NOT_FOUND, as for a missing message.",
    subscribe: async ({ context, args }: Ctx<{ messageId: string }>) => {
      const viewer = requireStaff(context);
      const id = parseId('messageId', args.messageId);
      await context.services.messages.getVisible(viewer, id);
      return context.services.realtime.messageEvents(viewer, id, args.afterEventId ?? undefined);
    },
  })
  messageEvents(
    @Root() e: LiveEvent,
    @Arg('messageId', () => ID, { description: 'The message.' }) _messageId: string,
    @Arg('afterEventId', () => Int, { nullable: true, description: 'Replay ledger entries after this id first (resumption).' }) _after?: number,
  ): LiveEvent {
    // The subscription's last item when it ends with an error (the subscriber lost the message): told, then completed.
    if (e.end) throw e.end;
    return e;
  }

  @Subscription(() => LiveEventType, {
    description: "Replies entering or leaving the viewer's review level (审核队列).",
    subscribe: async ({ context }: Ctx<object>) => {
      const viewer = requireStaff(context);
      if (!['PLATFORM_ADMIN', 'DISPATCHER', 'UNIT_REVIEWER'].includes(viewer.role))
        throw forbidden('只有审核人员有审核队列 (only reviewers have a review queue)');
      return context.services.realtime.reviewEvents(viewer);
    },
  })
  reviewQueue(@Root() e: LiveEvent): LiveEvent {
    return e;
  }
}

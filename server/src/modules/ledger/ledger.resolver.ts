/** Who acted on a ledger entry, by name and unit (the console's 台账 shows them beside what was written). */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { Unit } from '../unit/unit.entity';
import { MessageEvent } from './message-event.entity';

@Resolver(() => MessageEvent)
export class LedgerResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Name of the staff user who acted (经办人); null for the system and citizens.' })
  async actorName(@Root() e: MessageEvent, @Ctx() ctx: RequestContext) {
    if (!e.actorUserId) return null;
    return (await ctx.loaders.user.load(e.actorUserId))?.displayName ?? null;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit on whose behalf they acted, or the unit concerned (经办单位).' })
  actorUnit(@Root() e: MessageEvent, @Ctx() ctx: RequestContext) {
    return e.actorUnitId ? ctx.loaders.unit.load(e.actorUnitId) : null;
  }
}

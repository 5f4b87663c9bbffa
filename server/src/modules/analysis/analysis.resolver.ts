import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { RequestContext, requireStaff } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { Reply } from '../reply/reply.entity';
import { PeriodInput } from '../statistics/statistics.types';
import {
  AnalysisStatus,
  CategorySuggestion,
  DraftTextInput,
  HotProblemFilter,
  HotProblemReport,
  ReplyFlag,
  SimilarMessage,
  UnitSuggestion,
} from './analysis.types';

@Resolver()
export class AnalysisResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => [SimilarMessage], {
    description:
      "Messages about the same matter as this one (相似留言, 一事多诉) within ± windowDays, best first, with the terms they share; only messages the viewer may read. NOT_FOUND when the message is outside the viewer's reach.",
  })
  similarMessages(
    @Arg('messageId', () => ID, { description: 'The message.' }) messageId: string,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many (1-50).' }) first: number,
    @Arg('windowDays', () => Int, { defaultValue: 60, description: 'Days before and after the message to look (1-366).' }) windowDays: number,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.analysis.similar(requireStaff(ctx), parseId('messageId', messageId), first, windowDays);
  }

  @Authorized(Permission.ANALYSIS_SUGGEST)
  @Query(() => [CategorySuggestion], {
    description:
      'Up to three categories for a message (智能分类), learned from the classified messages and the category tree; give the message, or the draft text at intake (exactly one).',
  })
  async categorySuggestions(
    @Arg('messageId', () => ID, { nullable: true, description: 'A message.' }) messageId: string | undefined,
    @Arg('draft', () => DraftTextInput, { nullable: true, description: 'Title and content of a message not yet entered.' }) draft: DraftTextInput | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const viewer = requireStaff(ctx);
    if (!!messageId === !!draft) throw badInput('messageId', '请给出留言或草稿之一 (give messageId or draft, exactly one)');
    const text = messageId ? await ctx.services.messages.getVisible(viewer, parseId('messageId', messageId)) : draft!;
    return ctx.services.analysis.categorySuggestions(text.title, text.content);
  }

  @Authorized(Permission.ANALYSIS_SUGGEST)
  @Query(() => [UnitSuggestion], {
    description:
      'Up to three lead units for a message (智能派单): units and regions it names (short names included) and the units that led similar earlier messages, with the reasons.',
  })
  async unitSuggestions(@Arg('messageId', () => ID, { description: 'The message.' }) messageId: string, @Ctx() ctx: RequestContext) {
    const viewer = requireStaff(ctx);
    const message = await ctx.services.messages.getVisible(viewer, parseId('messageId', messageId));
    return ctx.services.analysis.unitSuggestions(viewer, message);
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => HotProblemReport, {
    description:
      'Hot problems (热点问题) of a period: messages about one matter grouped, with their heat, growth against the previous period and a representative title; unit roles and leaders see the messages led by their subtree. Also as a Word document (专报): GET /export/hot-problems.docx with the same arguments.',
  })
  hotProblems(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai, `to` inclusive (at most 400 days).' }) period: PeriodInput,
    @Arg('filter', () => HotProblemFilter, { nullable: true, description: 'Region, unit or category subtree.' }) filter: HotProblemFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many problems (1-100).' }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.analysis.hotProblems(requireStaff(ctx), period.from, period.to, filter ?? {}, first);
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => AnalysisStatus, { description: 'Where the analysis index stands (分析索引状态): messages indexed and work waiting.' })
  analysisStatus(@Ctx() ctx: RequestContext) {
    requireStaff(ctx);
    return ctx.services.analysis.status();
  }
}

@Resolver(() => Reply)
export class ReplyChecksResolver {
  @FieldResolver(() => [ReplyFlag], {
    description:
      'Reply checks (答复质量): what the reviewer should look at in a final reply: key terms of the message not addressed, no result or next step, no contact, a template used many times. Informative; never blocks. Empty for progress replies and assist opinions.',
  })
  qualityFlags(@Root() reply: Reply, @Ctx() ctx: RequestContext) {
    return ctx.services.analysis.replyFlags(reply, ctx.loaders);
  }
}

import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Permission } from '../../auth/permissions';
import { IsSingleLine } from '../../common/text';
import { parseId } from '../../common/text';
import { requireStaff, type RequestContext } from '../../graphql/context';
import { badInput, ErrorReason } from '../../graphql/errors';
import { MessageType } from '../message/message.enums';
import { DeadlineUnitKind, HolidayOverride, SlaPolicy } from './deadline.entity';

@InputType({ description: 'Fields of an SLA policy; on update, omitted fields stay as they are.' })
export class SlaPolicyInput {
  @Field(() => ID, { nullable: true, description: 'The policy to change; omit to create one.' })
  @IsOptional()
  id?: string;

  @Field({ nullable: true, description: 'Name.' })
  @IsOptional()
  @Length(2, 100)
  @IsSingleLine()
  name?: string;

  @Field(() => MessageType, { nullable: true, description: 'Only this kind of message.' })
  @IsOptional()
  messageType?: MessageType;

  @Field(() => ID, { nullable: true, description: 'Only this category and below.' })
  @IsOptional()
  categoryId?: string;

  @Field({ nullable: true, description: 'Only urgent (true) or non-urgent (false).' })
  @IsOptional()
  isUrgent?: boolean;

  @Field({ nullable: true, description: 'Only complex (true) or ordinary (false).' })
  @IsOptional()
  isComplex?: boolean;

  @Field({ nullable: true, description: 'Clear the conditions (messageType, categoryId, isUrgent, isComplex) not given in this input.' })
  @IsOptional()
  resetConditions?: boolean;

  @Field(() => Int, { nullable: true, description: 'Priority; higher wins.' })
  @IsOptional()
  @Min(0)
  @Max(1000)
  priority?: number;

  @Field(() => Int, { nullable: true, description: 'Sign within N working days (1-10).' })
  @IsOptional()
  @Min(1)
  @Max(10)
  signWorkingDays?: number;

  @Field(() => Int, { nullable: true, description: 'First response within N working hours (1-70).' })
  @IsOptional()
  @Min(1)
  @Max(70)
  firstResponseWorkingHours?: number;

  @Field(() => Int, { nullable: true, description: 'Reply deadline amount (1-720).' })
  @IsOptional()
  @Min(1)
  @Max(720)
  replyAmount?: number;

  @Field(() => DeadlineUnitKind, { nullable: true, description: 'Unit of the reply deadline.' })
  @IsOptional()
  replyUnit?: DeadlineUnitKind;

  @Field({ nullable: true, description: 'Unit-level review required.' })
  @IsOptional()
  unitReviewRequired?: boolean;

  @Field({ nullable: true, description: 'Platform review required.' })
  @IsOptional()
  platformReviewRequired?: boolean;

  @Field({ nullable: true, description: 'Assist opinions required before the final reply passes.' })
  @IsOptional()
  assistOpinionRequired?: boolean;

  @Field(() => Int, { nullable: true, description: 'Extensions allowed (0-5).' })
  @IsOptional()
  @Min(0)
  @Max(5)
  maxExtensions?: number;

  @Field(() => Int, { nullable: true, description: 'Automatic closing after N days (1-90).' })
  @IsOptional()
  @Min(1)
  @Max(90)
  autoCloseDays?: number;

  @Field({ nullable: true, description: 'Active.' })
  @IsOptional()
  isActive?: boolean;
}

@InputType({ description: 'Input of `setHolidayOverride` (设置节假日调整).' })
export class HolidayOverrideInput {
  @Field({ description: 'Date, YYYY-MM-DD (Asia/Shanghai).' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @Field({ description: 'True: a working day; false: a day off.' })
  isWorkingDay!: boolean;

  @Field({ nullable: true, description: 'Note, e.g. 春节.' })
  @IsOptional()
  @Length(1, 100)
  @IsSingleLine()
  note?: string;
}

@ObjectType({ description: 'A day of the working calendar (工作日历).' })
export class CalendarDay {
  @Field({ description: 'Date, YYYY-MM-DD.' })
  date!: string;

  @Field({ description: 'A working day (工作日).' })
  isWorkingDay!: boolean;

  @Field({ description: 'Where the answer came from: OVERRIDE (admin), LIBRARY (official calendar) or FALLBACK (Mon-Fri rule for years not covered).' })
  source!: string;

  @Field(() => String, { nullable: true, description: 'Holiday name or note.' })
  name!: string | null;
}

@InputType({
  description:
    "What to preview the deadlines of (交办时限预览): a message as it would be assigned, or a message type and flags. Given flags and category override the message's own.",
})
export class DeadlinePreviewInput {
  @Field(() => ID, { nullable: true, description: 'The message to be assigned: its type, category, urgent and complex flags are the defaults.' })
  @IsOptional()
  messageId?: string;

  @Field(() => MessageType, { nullable: true, description: 'Message type; required without messageId.' })
  @IsOptional()
  type?: MessageType;

  @Field(() => ID, { nullable: true, description: 'Category (领域).' })
  @IsOptional()
  categoryId?: string;

  @Field({ nullable: true, description: 'Urgent (紧急件), as the assignment would set it.' })
  @IsOptional()
  isUrgent?: boolean;

  @Field({ nullable: true, description: 'Complex (复杂件), as the assignment would set it.' })
  @IsOptional()
  isComplex?: boolean;
}

@ObjectType({
  description:
    'The deadlines an assignment made now would get (交办时限预览), from the SLA policy and the working calendar: the same computation as `assignMessage`. Hour-based deadlines count from the moment of assignment, so they move by the seconds between preview and assignment.',
})
export class DeadlinePreview {
  @Field({ description: 'The instant the deadlines are counted from (now).' })
  asOf!: Date;

  @Field(() => String, { nullable: true, description: 'The SLA policy that applies (时限规则); null when none matches and the built-in default is used.' })
  policyName!: string | null;

  @Field(() => MessageType, { description: 'Message type used.' })
  type!: MessageType;

  @Field({ description: 'Urgent flag used.' })
  isUrgent!: boolean;

  @Field({ description: 'Complex flag used.' })
  isComplex!: boolean;

  @Field(() => Int, { description: 'Sign within this many working days.' })
  signWorkingDays!: number;

  @Field(() => Int, { description: 'Reply within this amount …' })
  replyAmount!: number;

  @Field(() => DeadlineUnitKind, { description: '… of this unit.' })
  replyUnit!: DeadlineUnitKind;

  @Field({ description: 'Sign-by (签收期限).' })
  signDueAt!: Date;

  @Field({ description: 'First response due (首次响应期限).' })
  firstResponseDueAt!: Date;

  @Field({ description: 'Reply-by (答复期限).' })
  replyDueAt!: Date;
}

@Resolver()
export class DeadlineResolver {
  @Authorized(Permission.SLA_READ)
  @Query(() => DeadlinePreview, {
    description: 'The deadlines an assignment made now would get (交办时限预览), for a message and the urgent/complex flags chosen.',
  })
  async deadlinePreview(
    @Arg('input', () => DeadlinePreviewInput, { description: 'Message and flags.' }) input: DeadlinePreviewInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeadlinePreview> {
    const message = input.messageId ? await ctx.services.messages.getVisible(requireStaff(ctx), parseId('messageId', input.messageId)) : null;
    const type = input.type ?? message?.type;
    if (!type) throw badInput('type', '须指定留言或留言类型 (messageId or type is required)');
    let categoryId = message?.categoryId ?? null;
    if (input.categoryId) {
      categoryId = parseId('categoryId', input.categoryId);
      if (!(await ctx.loaders.category.load(categoryId)))
        throw badInput('categoryId', `领域不存在 (no such category): ${categoryId}`, { reason: ErrorReason.CATEGORY_NOT_FOUND });
    }
    const subject = { type, categoryId, isUrgent: input.isUrgent ?? message?.isUrgent ?? false, isComplex: input.isComplex ?? message?.isComplex ?? false };
    return ctx.services.deadlines.preview(subject, ctx.services.workflow.now());
  }

  @Authorized(Permission.SLA_READ)
  @Query(() => [SlaPolicy], { description: 'SLA policies, highest priority first (时限规则).' })
  slaPolicies(@Ctx() ctx: RequestContext) {
    return ctx.services.deadlines.listPolicies();
  }

  @Authorized(Permission.SLA_MANAGE)
  @Mutation(() => SlaPolicy, { description: 'Create or change an SLA policy (维护时限规则).' })
  saveSlaPolicy(@Arg('input', () => SlaPolicyInput, { description: 'The policy.' }) input: SlaPolicyInput, @Ctx() ctx: RequestContext) {
    const { id, categoryId, resetConditions, ...rest } = input;
    const fields: Partial<SlaPolicy> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null));
    if (resetConditions)
      Object.assign(fields, { messageType: input.messageType ?? null, isUrgent: input.isUrgent ?? null, isComplex: input.isComplex ?? null, categoryId: null });
    if (categoryId) fields.categoryId = parseId('categoryId', categoryId);
    if (!id && (!input.name || !input.replyAmount || !input.replyUnit))
      throw badInput('name', '新建规则须填写名称、答复时限和单位 (name, replyAmount and replyUnit are required)', { reason: ErrorReason.REQUIRED });
    return ctx.services.deadlines.savePolicy(id ? parseId('id', id) : null, fields);
  }

  @Authorized(Permission.SLA_READ)
  @Query(() => [HolidayOverride], { description: 'Holiday overrides of a year (节假日调整).' })
  holidayOverrides(@Arg('year', () => Int, { description: 'Year.' }) year: number, @Ctx() ctx: RequestContext) {
    if (year < 2000 || year > 2100) throw badInput('year', 'year must be between 2000 and 2100');
    return ctx.services.deadlines.overrides(year);
  }

  @Authorized(Permission.SLA_MANAGE)
  @Mutation(() => HolidayOverride, {
    description: 'Make a date a working day or a day off (设置节假日调整); used for years the official calendar library lacks.',
  })
  setHolidayOverride(@Arg('input', () => HolidayOverrideInput, { description: 'Date and kind.' }) input: HolidayOverrideInput, @Ctx() ctx: RequestContext) {
    return ctx.services.deadlines.setOverride(input.date, input.isWorkingDay, input.note ?? null);
  }

  @Authorized(Permission.SLA_MANAGE)
  @Mutation(() => Boolean, { description: 'Remove the override of a date; true when one was removed.' })
  deleteHolidayOverride(@Arg('date', { description: 'Date, YYYY-MM-DD.' }) date: string, @Ctx() ctx: RequestContext) {
    return ctx.services.deadlines.deleteOverride(date);
  }

  @Authorized()
  @Query(() => [CalendarDay], { description: 'The working calendar between two dates, at most 400 days (工作日历).' })
  async workingCalendar(
    @Arg('from', { description: 'First date, YYYY-MM-DD.' }) from: string,
    @Arg('to', { description: 'Last date, YYYY-MM-DD.' }) to: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CalendarDay[]> {
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(start)) throw badInput('from', 'from must be YYYY-MM-DD');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(end) || end < start) throw badInput('to', 'to must be a YYYY-MM-DD date not before from');
    if ((end - start) / 86400_000 > 400) throw badInput('to', 'at most 400 days');
    const cal = await ctx.services.deadlines.calendar();
    const days: CalendarDay[] = [];
    for (let t = start; t <= end; t += 86400_000) {
      const d = cal.describeDay(new Date(t).toISOString().slice(0, 10));
      days.push({ date: d.date, isWorkingDay: d.isWorkingDay, source: d.source, name: d.name ?? null });
    }
    return days;
  }
}

/**
 * The API sandbox (沙箱, docs/public-api.md "Sandbox"): submissions with a sandbox key are answered by a simulated unit
 * within seconds, so that an integrator can try look-up, rating and redo end to end before going live. Sandbox messages
 * live in their own table (never in staff lists, inboxes, statistics, exports, events or jobs), reachable only by the
 * key that submitted them. Their history follows from the clock: received, then every SANDBOX_STEP_SECONDS accepted,
 * assigned to the simulated unit, signed, answered; a redo is answered again after two steps. Rating and redo ask the
 * very rules of real messages (evaluation/citizen.rules.ts), so the answers and errors are those a live key gets.
 * The title chooses the outcome: one containing [不予受理] is not accepted, one containing [并单] is merged into the key's
 * previous sandbox message.
 */
import crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { assertCitizenMayRate, assertCitizenMayRedo, CitizenStanding, overallOf, rateRefusal, redoRefusal } from '../evaluation/citizen.rules';
import { bandOf } from '../evaluation/evaluation.entity';
import { Leader } from '../leader/leader.entity';
import { Channel, InvalidReason, MessageState, ReplyKind } from '../message/message.enums';
import type { CreateMessageInput } from '../message/message.inputs';
import { hashQueryCode, MessageService, QUERY_CODE_ALPHABET, submissionHash, submittedFields } from '../message/message.service';
import { maskName, maskPiiInText } from '../message/pii';
import type { CitizenMessageView, PublicMessage, PublicReply, SubmitMessageInput } from '../public/public.types';
import { NOT_ACCEPTED_WORDS, publicStatus } from '../public/public.types';
import { Unit, UnitKind } from '../unit/unit.entity';
import { SandboxAction, SandboxMessage, SandboxScenario } from './sandbox-message.entity';
import { shanghaiCompactDay } from '../../common/shanghai';

/** The simulated unit that answers sandbox messages (id 0: no real unit has it). */
export const SANDBOX_UNIT = { id: 0, name: '沙箱模拟单位', parentId: null, kind: UnitKind.DEPARTMENT };
const FIRST_REPLY = '（沙箱模拟答复）您好！您反映的问题已收悉。这是问政平台沙箱环境由模拟单位自动生成的答复，用于测试接入，不代表任何单位的意见。';
const REDO_REPLY = '（沙箱模拟答复）您好！根据您的重办申请，模拟单位已重新核查并作出本答复。这是沙箱环境自动生成的内容，不代表任何单位的意见。';
const NOT_ACCEPTED_REASON = InvalidReason.NOT_GOVERNMENT;

interface Step {
  at: Date;
  state: MessageState;
  words: string;
  reply?: PublicReply;
}

export interface SandboxSubmitted {
  serialNo: string;
  queryCode: string;
  deduplicated: boolean;
  submittedAt: Date;
}

export class SandboxService {
  constructor(
    private readonly ds: DataSource,
    private readonly messages: MessageService,
    private readonly secret: string,
    /** Seconds between two simulated steps (SANDBOX_STEP_SECONDS). */
    private readonly stepSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A submission with a sandbox key: checked like a real one, idempotent on the key's externalId, answered by the clock. */
  async submit(input: SubmitMessageInput, clientId: number): Promise<SandboxSubmitted> {
    const asMessage = { ...input, channel: input.channel ?? Channel.API } as unknown as CreateMessageInput;
    const hash = submissionHash(submittedFields(asMessage));
    const repo = this.ds.getRepository(SandboxMessage);
    const repeat = async () => {
      const existing = await repo.findOneBy({ apiClientId: clientId, externalId: input.externalId });
      if (!existing) return null;
      if (existing.submissionHash !== hash) throw conflict('该 externalId 已用于另一条内容不同的留言 (externalId already used for a different submission)');
      return { serialNo: existing.serialNo, queryCode: this.queryCodeFor(clientId, input.externalId), deduplicated: true, submittedAt: existing.submittedAt };
    };
    const earlier = await repeat();
    if (earlier) return earlier;
    const refs = await this.messages.checkReferences(asMessage);
    const title = input.title.trim();
    const previous = /[[【]并单[\]】]/.test(title)
      ? await repo.findOne({ where: { apiClientId: clientId, scenario: SandboxScenario.ANSWER }, order: { id: 'DESC' } })
      : null;
    const scenario = /[[【]不予受理[\]】]/.test(title) ? SandboxScenario.NOT_ACCEPTED : previous ? SandboxScenario.MERGED : SandboxScenario.ANSWER;
    const submittedAt = this.now();
    const queryCode = this.queryCodeFor(clientId, input.externalId);
    try {
      return await this.ds.transaction(async (em) => {
        const r = em.getRepository(SandboxMessage);
        const saved = await r.save(
          r.create({
            apiClientId: clientId,
            externalId: input.externalId,
            submissionHash: hash,
            serialNo: `SB${crypto.randomBytes(8).toString('hex')}`.slice(0, 20),
            queryCodeHash: '',
            type: input.type,
            title,
            content: input.content.replace(/\r\n?/g, '\n').trim(),
            authorName: maskName(input.realName.trim()) ?? '网友',
            categoryId: refs.categoryId,
            regionUnitId: refs.regionUnitId,
            addressedLeaderId: refs.addressedLeaderId,
            scenario,
            mergedIntoSerialNo: scenario === SandboxScenario.MERGED ? previous!.serialNo : null,
            actions: [],
            submittedAt,
          }),
        );
        const serialNo = sandboxSerialNumber(submittedAt, saved.id);
        await r.update(saved.id, { serialNo, queryCodeHash: hashQueryCode(serialNo, queryCode) });
        return { serialNo, queryCode, deduplicated: false, submittedAt };
      });
    } catch (e) {
      const again = await repeat(); // two retries raced: the loser is a repeat of the winner
      if (again) return again;
      throw e;
    }
  }

  /** The key's sandbox message with this serial number and code, or null (the caller counts a failure). */
  async find(serialNo: string, queryCode: string, clientId: number): Promise<SandboxMessage | null> {
    const m = await this.ds.getRepository(SandboxMessage).findOneBy({ serialNo, apiClientId: clientId });
    if (!m) return null;
    const expected = Buffer.from(m.queryCodeHash);
    const given = Buffer.from(hashQueryCode(serialNo, queryCode));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? m : null;
  }

  /** The citizen's view, as the simulated platform has got on by now. */
  async view(m: SandboxMessage): Promise<CitizenMessageView> {
    const now = this.now();
    const steps = this.stepsOf(m).filter((s) => s.at <= now);
    const standing = standingOf(m, steps);
    const [category, region, leader] = await Promise.all([
      m.categoryId ? this.ds.getRepository(Category).findOneBy({ id: m.categoryId }) : null,
      m.regionUnitId ? this.ds.getRepository(Unit).findOneBy({ id: m.regionUnitId }) : null,
      m.addressedLeaderId ? this.ds.getRepository(Leader).findOneBy({ id: m.addressedLeaderId }) : null,
    ]);
    const leaderUnit = leader ? await this.ds.getRepository(Unit).findOneBy({ id: leader.unitId }) : null;
    const replies = steps.flatMap((s) => (s.reply ? [s.reply] : []));
    const rated = m.actions.filter((a): a is Extract<SandboxAction, { kind: 'RATED' }> => a.kind === 'RATED').at(-1);
    const assigned = steps.some((s) => s.state === MessageState.ASSIGNED);
    const message: PublicMessage = {
      serialNo: m.serialNo,
      type: m.type,
      title: maskPiiInText(m.title),
      content: maskPiiInText(m.content),
      authorName: m.authorName,
      category: category ? { id: category.id, name: category.name, parentId: category.parentId } : null,
      region: region ? { id: region.id, name: region.name, parentId: region.parentId, kind: region.kind } : null,
      addressedLeader: leader ? { id: leader.id, name: leader.name, title: leader.title, unitName: leaderUnit?.name ?? '' } : null,
      handlingUnit: assigned ? { ...SANDBOX_UNIT } : null,
      status: publicStatus(standing.state),
      notAcceptedReason: standing.state === MessageState.INVALID ? NOT_ACCEPTED_REASON : null,
      mergedIntoSerialNo: standing.state === MessageState.MERGED ? m.mergedIntoSerialNo : null,
      submittedAt: m.submittedAt,
      repliedAt: replies.at(-1)?.publishedAt ?? null,
      replies,
      evaluation: rated ? { overall: rated.overall, band: rated.band, ratedAt: new Date(rated.at) } : null,
    };
    return {
      message,
      progress: steps.map((s) => ({ at: s.at, step: s.words })),
      canRate: !rateRefusal(standing),
      canRequestRedo: !redoRefusal(standing),
    };
  }

  /** The citizen rates the simulated answer: the same rules as a real message; the message closes. */
  async rate(m: SandboxMessage, s: { resolution: number; attitude: number; speed: number; comment?: string | null }): Promise<CitizenMessageView> {
    assertCitizenMayRate(this.standing(m));
    const overall = overallOf(s);
    return this.append(m, {
      kind: 'RATED',
      at: this.now().toISOString(),
      resolution: s.resolution,
      attitude: s.attitude,
      speed: s.speed,
      overall,
      band: bandOf(overall),
      comment: s.comment?.trim() || null,
    });
  }

  /** The citizen asks for a redo: the same rules as a real message; the simulated unit answers again. */
  async redo(m: SandboxMessage, reason: string): Promise<CitizenMessageView> {
    assertCitizenMayRedo(this.standing(m));
    return this.append(m, { kind: 'REOPENED', at: this.now().toISOString(), reason: reason.trim() });
  }

  private standing(m: SandboxMessage): CitizenStanding {
    const now = this.now();
    return standingOf(
      m,
      this.stepsOf(m).filter((s) => s.at <= now),
    );
  }

  /** Records a citizen's action, with the row's version checked (of two concurrent actions one wins, the other is CONFLICT). */
  private async append(m: SandboxMessage, action: SandboxAction): Promise<CitizenMessageView> {
    const repo = this.ds.getRepository(SandboxMessage);
    const actions = [...m.actions, action];
    const res = await repo
      .createQueryBuilder()
      .update(SandboxMessage)
      .set({ actions: actions as never, version: m.version + 1 })
      .where('id = :id AND version = :v', { id: m.id, v: m.version })
      .execute();
    if (!res.affected) throw conflict('留言刚刚有了新的进展，请重新查询 (changed meanwhile: look it up again)');
    return this.view(await repo.findOneByOrFail({ id: m.id }));
  }

  /** The whole simulated history (some of it possibly still in the future). */
  private stepsOf(m: SandboxMessage): Step[] {
    const t0 = m.submittedAt.getTime();
    const step = this.stepSeconds * 1000;
    const at = (ms: number) => new Date(ms);
    const steps: Step[] = [{ at: at(t0), state: MessageState.RECEIVED, words: '留言已提交' }];
    if (m.scenario === SandboxScenario.NOT_ACCEPTED) {
      steps.push({ at: at(t0 + step), state: MessageState.INVALID, words: `不予受理：${NOT_ACCEPTED_WORDS[NOT_ACCEPTED_REASON]}` });
      return steps;
    }
    if (m.scenario === SandboxScenario.MERGED) {
      steps.push({ at: at(t0 + step), state: MessageState.MERGED, words: `已并入留言 ${m.mergedIntoSerialNo} 合并办理` });
      return steps;
    }
    const reply = (ms: number, content: string): Step => ({
      at: at(ms),
      state: MessageState.REPLIED,
      words: '已答复',
      reply: { kind: ReplyKind.FINAL, content, unitName: SANDBOX_UNIT.name, publishedAt: at(ms) },
    });
    steps.push(
      { at: at(t0 + step), state: MessageState.ACCEPTED, words: '已受理' },
      { at: at(t0 + 2 * step), state: MessageState.ASSIGNED, words: `已交办至${SANDBOX_UNIT.name}` },
      { at: at(t0 + 3 * step), state: MessageState.IN_PROGRESS, words: '承办单位已签收，正在办理' },
      reply(t0 + 4 * step, FIRST_REPLY),
    );
    for (const a of m.actions) {
      const when = new Date(a.at).getTime();
      if (a.kind === 'RATED') {
        steps.push({ at: at(when), state: MessageState.REPLIED, words: '您已评价' }, { at: at(when), state: MessageState.CLOSED, words: '已办结' });
      } else {
        steps.push({ at: at(when), state: MessageState.IN_PROGRESS, words: '已重新办理' }, reply(when + 2 * step, REDO_REPLY));
      }
    }
    return steps;
  }

  /** Like a real submission's, derived so that a retry gets the same code back (and apart from real messages' codes). */
  private queryCodeFor(clientId: number, externalId: string): string {
    const mac = crypto.createHmac('sha256', this.secret).update(`sandbox-query-code:${clientId}:${externalId}`).digest();
    return [...mac.subarray(0, 8)].map((b) => QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length]).join('');
  }
}

/** Where a sandbox message stands now, for the citizen rules. */
function standingOf(m: SandboxMessage, steps: Step[]): CitizenStanding {
  const reopened = m.actions.filter((a) => a.kind === 'REOPENED').length;
  const rated = m.actions.filter((a): a is Extract<SandboxAction, { kind: 'RATED' }> => a.kind === 'RATED').at(-1);
  return {
    state: steps.at(-1)!.state,
    reopenCount: reopened,
    citizenReopenUsed: reopened > 0,
    archived: false,
    lastOverall: rated ? rated.overall : null,
    mergedIntoSerialNo: m.mergedIntoSerialNo,
  };
}

/**
 * Sandbox serial numbers look like real ones (WZ, the date, digits) with a 9 and six more digits after the date
 * (WZ202612019000001), so a sandbox number is never mistaken for a live one by a person; only its sandbox key finds it.
 */
export function sandboxSerialNumber(at: Date, id: number): string {
  return `WZ${shanghaiCompactDay(at)}9${String(id).padStart(6, '0')}`;
}

/**
 * What a citizen may do with their own message (domain.md §3, §7), in one place: rate the reply once it is published,
 * and ask once for a redo after an overall score below 3 (the mean of the three scores). The real workflow
 * (ClosingService) and the API sandbox (modules/sandbox) both ask these rules, so that a sandbox key sees exactly the
 * answers and errors a live key gets. A refusal is INVALID_TRANSITION with a reason code and words a citizen understands.
 */
import { ErrorReason, invalidTransition } from '../../graphql/errors';
import { MessageState } from '../message/message.enums';

/** A citizen may ask for a redo once, when the overall score of their latest rating is below this. */
export const CITIZEN_REOPEN_BELOW = 3;

/** Where a message stands for its author. */
export interface CitizenStanding {
  state: MessageState;
  /** Times it was reopened (a redo by the citizen or a dispatcher). */
  reopenCount: number;
  citizenReopenUsed: boolean;
  archived: boolean;
  /** Overall score of the latest rating, if any. */
  lastOverall: number | null;
  /** For a merged message: the serial number of the message it was merged into. */
  mergedIntoSerialNo?: string | null;
}

/** Why a citizen's action is refused: `extensions.reason` (and `params`) of the INVALID_TRANSITION error, and words. */
interface Refusal {
  reason: ErrorReason;
  params?: Record<string, unknown>;
  message: string;
}

/** Refusals that depend only on where the message is in its life (the same for rating and redo). */
function stateRefusal(s: CitizenStanding, action: '评价' | '申请重办'): Refusal | null {
  switch (s.state) {
    case MessageState.INVALID:
      return { reason: ErrorReason.NOT_ACCEPTED, message: `留言未予受理，不能${action} (the message was not accepted)` };
    case MessageState.MERGED:
      return {
        reason: ErrorReason.MERGED,
        params: { serialNo: s.mergedIntoSerialNo ?? null },
        message: `留言已并入${s.mergedIntoSerialNo ? `留言 ${s.mergedIntoSerialNo} ` : '另一条留言'}合并办理，请查询该留言 (merged into ${s.mergedIntoSerialNo ?? 'another message'})`,
      };
    case MessageState.RECEIVED:
    case MessageState.ACCEPTED:
    case MessageState.ASSIGNED:
    case MessageState.IN_PROGRESS:
      return s.reopenCount > 0 && s.state === MessageState.IN_PROGRESS
        ? {
            reason: ErrorReason.BEING_REDONE,
            message: `留言正在重新办理，新的答复发布后才能${action === '评价' ? '评价' : '再作处理'} (being handled again: wait for the new reply)`,
          }
        : { reason: ErrorReason.NOT_ANSWERED, message: `留言尚未答复，答复发布后才能${action} (not answered yet)` };
    default:
      return null;
  }
}

/** Why the citizen may not rate now, or null when they may (only a published reply waiting for a rating). */
export function rateRefusal(s: CitizenStanding): Refusal | null {
  const r = stateRefusal(s, '评价');
  if (r) return r;
  if (s.state === MessageState.CLOSED)
    return {
      reason: ErrorReason.ALREADY_CLOSED,
      message: '留言已办结（已评价，或答复后逾期未评价），不能再评价 (closed: rated already, or not rated in time)',
    };
  return null;
}

/** Why the citizen may not ask for a redo now, or null when they may (once, after a rating below 3). */
export function redoRefusal(s: CitizenStanding): Refusal | null {
  const r = stateRefusal(s, '申请重办');
  if (r) return r;
  if (s.citizenReopenUsed) return { reason: ErrorReason.REDO_USED, message: '每条留言只能申请一次重办，您已申请过 (a redo can be asked once)' };
  if (s.archived) return { reason: ErrorReason.ARCHIVED, message: '留言已归档，不能申请重办 (archived)' };
  if (s.lastOverall === null)
    return {
      reason: ErrorReason.NOT_RATED,
      params: { below: CITIZEN_REOPEN_BELOW },
      message: `请先评价：三项评分的平均分低于 ${CITIZEN_REOPEN_BELOW} 分时可以申请重办 (rate first: a redo follows a rating below ${CITIZEN_REOPEN_BELOW})`,
    };
  if (s.lastOverall >= CITIZEN_REOPEN_BELOW) {
    return {
      reason: ErrorReason.RATING_NOT_LOW,
      params: { overall: s.lastOverall, below: CITIZEN_REOPEN_BELOW },
      message: `您的评价平均分为 ${s.lastOverall}，低于 ${CITIZEN_REOPEN_BELOW} 分时才能申请重办 (a redo follows an overall score below ${CITIZEN_REOPEN_BELOW})`,
    };
  }
  return null;
}

const refuse = (r: Refusal | null) => {
  if (r) throw invalidTransition(r.message, {}, { reason: r.reason, params: r.params });
};
export const assertCitizenMayRate = (s: CitizenStanding) => refuse(rateRefusal(s));
export const assertCitizenMayRedo = (s: CitizenStanding) => refuse(redoRefusal(s));

/** The overall score: the mean of the three scores, rounded to two decimals (2, 2, 3 → 2.33). */
export const overallOf = (s: { resolution: number; attitude: number; speed: number }) => Math.round(((s.resolution + s.attitude + s.speed) / 3) * 100) / 100;

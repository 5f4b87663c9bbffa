/**
 * Reply checks before review (答复质量): flags on a draft reply that a reviewer sees next to it.
 *  - NOT_ADDRESSED 未回应诉求: the reply mentions too little of the message's key terms (its most salient
 *    terms, weighted): less than `minKeyTermShare` of their weight appears in the reply;
 *  - NO_OUTCOME 无办理结果: no result (已…处理/整改/查处…), no next step (下一步, 将, 预计, 计划…) and no
 *    explanation from a rule (根据…规定/政策, 符合…条件);
 *  - NO_CONTACT 无联系方式: no telephone number, hotline, contact person, office or window to turn to;
 *  - TEMPLATE 套话模板: the same text (names, numbers and dates left out) was already published at least
 *    `templateMinUses` times.
 * The flags inform; they never block a submission or an approval.
 */
import crypto from 'node:crypto';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './replyChecks.labels.data.json';
import { normalise } from './segmenter';

export enum ReplyFlagCode {
  NOT_ADDRESSED = 'NOT_ADDRESSED',
  NO_OUTCOME = 'NO_OUTCOME',
  NO_CONTACT = 'NO_CONTACT',
  TEMPLATE = 'TEMPLATE',
}
registerLabelledEnum(ReplyFlagCode, 'ReplyFlagCode', LABELS);

export const REPLY_CHECKS = {
  /** Key terms of the message looked for in the reply. */
  keyTerms: 8,
  /** Below this share of the key terms' weight found in the reply: NOT_ADDRESSED. */
  minKeyTermShare: 0.2,
  /** Published this many times or more: TEMPLATE. */
  templateMinUses: 5,
};

const RESULT =
  /(已|已经|现已|目前已|均已|业已|经)[^，。；,;]{0,8}(完成|处理|解决|整改|修复|维修|修缮|拆除|查处|清理|清除|落实|办结|安排|责令|要求|督促|协调|立案|处罚|罚款|核实|核查|调查|查明|交办|转交|转办|受理|发放|补发|退还|恢复|开通|安装|更换|纳入|启动|批复|审批|办理|整治|取缔|关停|约谈|答复|回访|制止|规范|完善|建成|竣工|通车)/;
const NEXT_STEP =
  /(下一步|接下来|今后|下阶段|将(会|于|在|继续|进一步|加强|尽快|按|组织|安排|对|把)?|拟|计划|预计|争取|力争|近期|届时|待[^，。]{1,12}后|正在|正抓紧|加快)/;
const RULE =
  /((根据|按照|依据|依照|参照|按)[^。；]{0,40}(规定|政策|文件|办法|条例|通知|意见|标准|法|细则|要求|程序))|((符合|不符合|不属于|属于)[^。；]{0,12}(条件|规定|政策|范围|情形))/;
const CONTACT =
  /(\d{3,4}[-－—\s]?\d{7,8}|1[3-9]\d{9}|12345|热线|联系电话|咨询电话|联系方式|联系人|服务电话|办公电话|值班电话|举报电话|电话[:：]|窗口|办事大厅|服务大厅|政务服务中心|地址[:：]|前往|到[^，。]{1,20}(咨询|办理|申请|反映|投诉))/;

export interface ReplyFlag {
  code: ReplyFlagCode;
  /** Why, in Chinese, for the reviewer. */
  detail: string;
}

export interface KeyTerm {
  term: string;
  weight: number;
}

/** The reply's text as it is compared for templates: no spaces, punctuation, quoted names or titles, letters or digits. */
export function templateText(reply: string): string {
  return normalise(reply)
    .replace(/[“"「『《][^”"」』》]{0,60}[”"」』》]/g, '')
    .replace(/[A-Za-z0-9]+/g, '#')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export const templateHash = (reply: string) => crypto.createHash('sha256').update(templateText(reply)).digest('hex').slice(0, 40);

/** Share of the key terms' weight that the reply mentions, and the terms it leaves out. */
export function keyTermCoverage(reply: string, keyTerms: KeyTerm[]): { share: number; missing: string[] } {
  const text = normalise(reply);
  let found = 0;
  let total = 0;
  const missing: string[] = [];
  for (const k of keyTerms) {
    total += k.weight;
    if (text.includes(k.term)) found += k.weight;
    else missing.push(k.term);
  }
  return { share: total > 0 ? found / total : 1, missing };
}

/** The checks on one reply; `priorUses` is how many published replies had the same template text. */
export function checkReply(reply: string, keyTerms: KeyTerm[], priorUses: number): ReplyFlag[] {
  const flags: ReplyFlag[] = [];
  const terms = keyTerms.slice(0, REPLY_CHECKS.keyTerms);
  const { share, missing } = keyTermCoverage(reply, terms);
  if (terms.length && share < REPLY_CHECKS.minKeyTermShare) {
    flags.push({ code: ReplyFlagCode.NOT_ADDRESSED, detail: `答复未提及留言的关键内容：${missing.slice(0, 5).join('、')}` });
  }
  if (!RESULT.test(reply) && !NEXT_STEP.test(reply) && !RULE.test(reply)) {
    flags.push({ code: ReplyFlagCode.NO_OUTCOME, detail: '答复没有写明办理结果、下一步措施或政策依据' });
  }
  if (!CONTACT.test(reply)) flags.push({ code: ReplyFlagCode.NO_CONTACT, detail: '答复没有留联系电话、联系人或办理窗口' });
  if (priorUses >= REPLY_CHECKS.templateMinUses) flags.push({ code: ReplyFlagCode.TEMPLATE, detail: `相同内容的答复已发布 ${priorUses} 次` });
  return flags;
}

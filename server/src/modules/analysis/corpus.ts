/**
 * Reading a corpus of real messages exported from another platform (JSON lines: id, user, title,
 * submittedAt, content, likes, reply …; see docs/analysis.md), for the evaluation (`npm run analysis:eval`)
 * and the tests. What such an export lacks is derived here: the region codes it names (A市, A2区, K8县 …)
 * and the message type from the title's wording.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface CorpusMessage {
  id: string;
  user?: string;
  title: string;
  submittedAt: string;
  content: string;
  likes?: number;
  dislikes?: number;
  reply?: string;
  repliedAt?: string;
}

export interface LabelledCorpusMessage {
  id: string;
  title: string;
  submittedAt: string;
  content: string;
  label: string;
}

export const readJsonl = <T>(dir: string, file: string): T[] =>
  fs
    .readFileSync(path.join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
export const readCategoryRows = (dir: string) =>
  fs
    .readFileSync(path.join(dir, 'categories.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map((s) => s.trim()));

/** Region codes the messages name: cities (A市 …) and counties or districts (A1区, K8县, B9市 …). */
export function placeCodes(messages: Array<{ title: string; content: string }>): { cities: string[]; counties: string[] } {
  const cities = new Set<string>();
  const counties = new Set<string>();
  for (const m of messages) {
    for (const x of `${m.title} ${m.content}`.matchAll(/([A-N])(\d{1,2})?([市区县])/g)) {
      if (x[2]) counties.add(x[0]);
      else if (x[3] === '市') cities.add(x[0]);
    }
  }
  for (const c of counties) cities.add(`${c[0]}市`);
  return { cities: [...cities].sort(), counties: [...counties].sort() };
}

/** The first region code a message names (title first). */
export const firstPlace = (m: { title: string; content: string }) => /([A-N]\d{1,2}[区县市])|([A-N]市)/.exec(`${m.title} ${m.content}`)?.[0];

/** The message type from the title's wording (the export has none). */
export function typeOf(title: string): string {
  if (/咨询|请问|能否|是否|何时|什么时候|怎么|如何|吗[？?]?$/.test(title)) return 'CONSULT';
  if (/建议|建言|呼吁|希望增设|恳请.*(增设|修建|开通)/.test(title)) return 'SUGGEST';
  if (/投诉|举报|扰民|违规|违法|乱收费|污染|不作为/.test(title)) return 'COMPLAIN';
  return 'HELP';
}

/** A message of the export as intake takes it (title 4-100 characters, content 10-5,000). */
export function asIntake(m: CorpusMessage, regionUnitId: string | undefined) {
  const title = m.title.trim().slice(0, 100);
  return {
    channel: 'WEB',
    externalId: `real-${m.id}`,
    type: typeOf(m.title),
    title: title.length >= 4 ? title : `${title}（留言）`,
    content: (m.content.trim().length >= 10 ? m.content.trim() : `${m.title}：${m.content}`.padEnd(10, '。')).slice(0, 5000),
    submittedAt: m.submittedAt,
    realName: m.user ?? undefined,
    likes: m.likes ?? undefined,
    regionUnitId,
  };
}

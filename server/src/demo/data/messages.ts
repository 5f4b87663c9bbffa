/**
 * Demo message material (演示留言素材): templates for generated 网民留言 with a plausible official reply,
 * and the small word lists the generator combines them with. Everything is fictional: no real person,
 * company or case. Placeholders in `content`: {region} (县/区 or 市 name), {street} (a road), {community}
 * (a residential compound, 小区); replies contain no placeholders. The material is data in messages.data.json; this module
 * types it and checks its closed values (type, unitHint) when loaded. No side effects.
 */
// `.data.json`, not `messages.json`: a require of './messages' (a process running the sources, test/support/swc-register.js)
// would find the JSON before this file, Node trying .json before a registered .ts
import MATERIAL from './messages.data.json';

/** Which kind of department should handle a message; matches the department code suffixes of organisation.ts. */
const UNIT_HINTS = ['zjj', 'jtj', 'jyj', 'wjw', 'sthj', 'rsj', 'gaj', 'cgj', 'scjg', 'region'] as const;
export type DemoUnitHint = (typeof UNIT_HINTS)[number];

const TYPES = ['CONSULT', 'SUGGEST', 'COMPLAIN', 'HELP'] as const;

export interface DemoMessageTemplate {
  /** a subcategory code from categories.ts */
  categoryCode: string;
  type: (typeof TYPES)[number];
  title: string;
  /** 80-400 characters, first person; may contain {region} {street} {community} */
  content: string;
  /** official reply of the handling unit, 80-300 characters */
  reply: string;
  unitHint: DemoUnitHint;
}

/** The templates of messages.data.json, each checked to have a known type and unit hint. */
export const DEMO_MESSAGE_TEMPLATES: DemoMessageTemplate[] = MATERIAL.templates.map((t) => {
  if (!(TYPES as readonly string[]).includes(t.type) || !(UNIT_HINTS as readonly string[]).includes(t.unitHint)) {
    throw new Error(`demo/data/messages.data.json: template "${t.title}" has type ${t.type} and unitHint ${t.unitHint}`);
  }
  return t as DemoMessageTemplate;
});

/** Roads (路/街) for {street}. */
export const DEMO_STREETS: string[] = MATERIAL.streets;

/** Residential compounds (小区) for {community}; each name stands on its own. */
export const DEMO_COMMUNITIES: string[] = MATERIAL.communities;

/** Surnames for fictional citizens. */
export const DEMO_CITIZEN_SURNAMES: string[] = MATERIAL.citizenSurnames;

/** Given names (1-2 characters) for fictional citizens. */
export const DEMO_CITIZEN_GIVEN_NAMES: string[] = MATERIAL.citizenGivenNames;

/** Citizens' comments when rating a reply (评价意见), by how satisfied they are. */
export const DEMO_EVALUATION_COMMENTS: { positive: string[]; neutral: string[]; negative: string[] } = MATERIAL.evaluationComments;

/** Texts of messages that the demo marks invalid (不予受理): ads, empty tests, matters outside government. */
export const DEMO_INVALID_CONTENTS: string[] = MATERIAL.invalidContents;

/** 催办 texts (platform or supervisor urging a unit). */
export const DEMO_URGE_TEXTS: string[] = MATERIAL.urgeTexts;

/** 督办 texts (formal supervision with a required response). */
export const DEMO_SUPERVISE_TEXTS: string[] = MATERIAL.superviseTexts;

/** 领导批示 texts (a leader's instruction shown to the handling units). */
export const DEMO_INSTRUCTION_TEXTS: string[] = MATERIAL.instructionTexts;

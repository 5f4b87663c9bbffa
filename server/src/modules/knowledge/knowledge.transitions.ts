/**
 * The knowledge article machine (docs/knowledge.md): the owning unit drafts, a platform reviewer who did not write
 * the version approves or sends it back; an edit after review starts the next version (the approved one stays in
 * force meanwhile); withdrawing keeps every version. `KnowledgeArticle.availableActions` derives from this table.
 */
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { refuse, StateMachine, Transition } from '../../common/stateMachine';
import { ErrorReason as R } from '../../graphql/errors';
import { PLATFORM_ROLES, UNIT_ROLES } from '../../auth/roles';
import type { Move } from '../ledger/ledger';
import { KnowledgeState as S, KnowledgeVersionState as V } from './knowledge.enums';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './knowledge.labels.data.json';

export enum KnowledgeAction {
  EDIT = 'EDIT',
  SUBMIT = 'SUBMIT',
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  WITHDRAW = 'WITHDRAW',
  RESTORE = 'RESTORE',
}
registerLabelledEnum(KnowledgeAction, 'KnowledgeAction', LABELS);

export interface KnowledgeEnv {
  /** Path of the owning unit. */
  unitPath: string;
  /** Users who wrote the working version. */
  writerIds: number[];
}

const WRITERS = [...UNIT_ROLES, ...PLATFORM_ROLES];
/** The owning unit's subtree writes its articles; the platform any. */
const owner = (env: KnowledgeEnv, v: StaffViewer) => unitInScope(v, env.unitPath);
/** Separation of duties, as for replies: nobody approves a version they wrote. */
const notItsWriter = (env: KnowledgeEnv, v: StaffViewer) =>
  env.writerIds.includes(v.userId) ? refuse(R.OWN_ARTICLE, '不能审核通过自己编写的知识条目，须由他人审核 (the writer of a version may not approve it)') : null;

const T: Array<Transition<S, KnowledgeAction, KnowledgeEnv>> = [
  {
    action: KnowledgeAction.EDIT,
    from: [S.DRAFT, S.REJECTED, S.APPROVED],
    to: S.DRAFT,
    roles: WRITERS,
    scope: owner,
    description: '修改 edit (after review: a new version; the approved one stays in force)',
  },
  {
    action: KnowledgeAction.SUBMIT,
    from: [S.DRAFT, S.REJECTED],
    to: S.IN_REVIEW,
    roles: WRITERS,
    scope: owner,
    description: '提交审核 submit the working version',
  },
  {
    action: KnowledgeAction.APPROVE,
    from: [S.IN_REVIEW],
    to: S.APPROVED,
    roles: PLATFORM_ROLES,
    forbid: notItsWriter,
    description: '审核通过 approve: the version comes into force (not by its writers)',
  },
  { action: KnowledgeAction.REJECT, from: [S.IN_REVIEW], to: S.REJECTED, roles: PLATFORM_ROLES, description: '退回 send back with a comment' },
  {
    action: KnowledgeAction.WITHDRAW,
    from: [S.DRAFT, S.IN_REVIEW, S.REJECTED, S.APPROVED],
    to: S.WITHDRAWN,
    roles: WRITERS,
    scope: owner,
    description: '停用 withdraw: hidden and no longer quoted; versions kept',
  },
  {
    action: KnowledgeAction.RESTORE,
    from: [S.WITHDRAWN],
    to: S.DRAFT,
    roles: WRITERS,
    scope: owner,
    description: '重新启用 take it up again as a new draft, to be reviewed',
  },
];

export const KNOWLEDGE_MACHINE = new StateMachine<S, KnowledgeAction, KnowledgeEnv>('KnowledgeArticle', T);

/**
 * What an article's actions do to its versions (a version's state records what happened to it): performed by the
 * workflow runner like the article's own rows (ledger.ts `moveRecord`), in the action's transaction.
 */
export const VERSION_ROWS: Record<'submit' | 'reject' | 'approve' | 'supersede' | 'backToWriters', Move<V>> = {
  /** SUBMIT: the working version goes to review (again, after it was sent back). */
  submit: { action: 'SUBMIT', from: [V.DRAFT, V.REJECTED], to: V.IN_REVIEW },
  /** REJECT: sent back with the reviewer's comment. */
  reject: { action: 'REJECT', from: [V.IN_REVIEW], to: V.REJECTED },
  /** APPROVE: in force. */
  approve: { action: 'APPROVE', from: [V.IN_REVIEW], to: V.APPROVED },
  /** APPROVE of the next version, or RESTORE: the version in force until then is superseded. */
  supersede: { action: 'SUPERSEDE', from: [V.APPROVED], to: V.SUPERSEDED },
  /** WITHDRAW: a version waiting for review goes back to its writers (nobody reviews a withdrawn article). */
  backToWriters: { action: 'WITHDRAW', from: [V.IN_REVIEW], to: V.DRAFT },
};

/**
 * Declared state machines. Each entity's transitions are one table of rows
 * (action, from-states, to-state, roles, scope, guard); the services check every action against it,
 * and `availableActions` is computed from the very same rows, so the console shows only what would succeed.
 */
import type { StaffViewer } from '../auth/viewer';
import { forbidden, invalidTransition } from '../graphql/errors';
import type { Role } from '../modules/user/user.entity';

export interface Transition<S extends string, A extends string, Env> {
  action: A;
  /** States the action starts from. */
  from: readonly S[];
  /** State after the action; null when the state does not change. */
  to: S | null;
  /** Roles that may do it. */
  roles: readonly Role[];
  /** Unit scope: may this viewer act on this particular subject? (FORBIDDEN when not) */
  scope?: (env: Env, viewer: StaffViewer) => boolean;
  /** Business rule; returns why not, or null when allowed (INVALID_TRANSITION when not). */
  guard?: (env: Env, viewer: StaffViewer) => string | null;
  /** What it means, for the docs and the console (中文 first). */
  description: string;
}

export class StateMachine<S extends string, A extends string, Env> {
  private readonly byAction = new Map<A, Transition<S, A, Env>>();

  constructor(readonly name: string, readonly transitions: ReadonlyArray<Transition<S, A, Env>>) {
    for (const t of transitions) {
      if (this.byAction.has(t.action)) throw new Error(`${name}: action ${t.action} declared twice`);
      this.byAction.set(t.action, t);
    }
  }

  /**
   * Throws FORBIDDEN when the viewer's role or unit may not do this, INVALID_TRANSITION when the state
   * or a rule forbids it; otherwise returns the transition.
   */
  check(action: A, state: S, env: Env, viewer: StaffViewer): Transition<S, A, Env> {
    const t = this.byAction.get(action);
    if (!t) throw new Error(`${this.name}: unknown action ${action}`);
    if (!t.roles.includes(viewer.role)) throw forbidden(`角色 ${viewer.role} 不能执行 ${action} (role may not ${action})`);
    if (t.scope && !t.scope(env, viewer)) throw forbidden(`不在本单位职责范围内，不能执行 ${action} (outside your units)`);
    if (!t.from.includes(state)) {
      throw invalidTransition(`当前状态 ${state} 不能执行 ${action} (${this.name} in state ${state} does not allow ${action})`, { state, action });
    }
    const why = t.guard?.(env, viewer);
    if (why) throw invalidTransition(why, { state, action });
    return t;
  }

  /** Actions that `check` would allow for this viewer now. */
  available(state: S, env: Env, viewer: StaffViewer): A[] {
    return this.transitions
      .filter((t) => t.roles.includes(viewer.role) && t.from.includes(state) && (!t.scope || t.scope(env, viewer)) && !t.guard?.(env, viewer))
      .map((t) => t.action);
  }
}

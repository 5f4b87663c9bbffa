/**
 * Declared state machines. Each entity's transitions are one table of rows
 * (action, from-states, to-state, roles, scope, forbid, guard); the services check every action against it,
 * and `availableActions` is computed from the very same rows, so the console shows only what would succeed.
 */
import type { StaffViewer } from '../auth/viewer';
import { ErrorReason, forbidden, invalidTransition } from '../graphql/errors';
import type { Role } from '../auth/roles';

export interface Transition<S extends string, A extends string, Env> {
  action: A;
  /** States the action starts from. */
  from: readonly S[];
  /** State after the action; null when the state does not change. */
  to: S | null;
  /**
   * Other states the step may end in, chosen by its work (review levels the policy skips, back to the state before a
   * request): the runner moves to `to` or one of these, never elsewhere.
   */
  alsoTo?: readonly S[];
  /** Roles that may do it (none for a step only the system takes). */
  roles: readonly Role[];
  /**
   * Taken by the system, never offered to a viewer; checked with `checkSystem`: a scheduled job (`job`: 归档, auto-close,
   * overdue), a side effect of another step (`effect`: the lead unit signs, the message closes, …), or a citizen's
   * own request (`citizen`: rating, redo; their rules are citizen.rules.ts).
   */
  system?: 'job' | 'effect' | 'citizen';
  /** Unit scope: may this viewer act on this particular subject? (FORBIDDEN when not) */
  scope?: (env: Env, viewer: StaffViewer) => boolean;
  /**
   * Who may not, although of the role and within scope (separation of duties: the author of a draft does not approve
   * it). Returns why not, or null (FORBIDDEN when not: the viewer sees the subject but may not do this).
   */
  forbid?: (env: Env, viewer: StaffViewer) => Refusal | null;
  /** Business rule; returns why not, or null when allowed (INVALID_TRANSITION when not). No viewer on a system row. */
  guard?: (env: Env, viewer: StaffViewer | null) => Refusal | null;
  /** What it means, for the docs and the console (中文 first). */
  description: string;
}

/** Why a rule refuses an action: a reason clients word themselves, its figures, and the server's own text. */
export interface Refusal {
  reason: ErrorReason;
  message: string;
  params?: Record<string, unknown>;
}
export const refuse = (reason: ErrorReason, message: string, params?: Record<string, unknown>): Refusal => ({ reason, message, ...(params ? { params } : {}) });

/** An archived message (归档) is read-only: the frozen rule of the message, assignment and reply machines. */
export const archivedRefusal = (archivedAt: Date | null): Refusal | null =>
  archivedAt ? refuse(ErrorReason.ARCHIVED, '留言已归档，只读 (the message is archived: read only)') : null;

/** An action the viewer's role, units and the state allow but a rule refuses now, and why (`blockedActions`). */
export interface Blocked<A> {
  action: A;
  reason: ErrorReason;
  params: Record<string, unknown> | null;
}

export class StateMachine<S extends string, A extends string, Env> {
  private readonly byAction = new Map<A, Transition<S, A, Env>>();

  /**
   * `frozen`: when it answers, the subject is read-only whatever its state (an archived message): every action is
   * INVALID_TRANSITION with that reason, and none is available or listed as blocked.
   */
  constructor(
    readonly name: string,
    readonly transitions: ReadonlyArray<Transition<S, A, Env>>,
    private readonly frozen?: (env: Env) => Refusal | null,
  ) {
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
    if (!t.roles.includes(viewer.role))
      throw forbidden(`角色 ${viewer.role} 不能执行 ${action} (role may not ${action})`, {
        reason: ErrorReason.ROLE_MAY_NOT,
        params: { role: viewer.role, action },
      });
    if (t.scope && !t.scope(env, viewer))
      throw forbidden(`不在本单位职责范围内，不能执行 ${action} (outside your units)`, { reason: ErrorReason.OUTSIDE_UNITS, params: { action } });
    const denied = t.forbid?.(env, viewer);
    if (denied) throw forbidden(denied.message, { reason: denied.reason, params: denied.params });
    return this.checkRow(t, state, env, viewer);
  }

  /** For a system row (job, side effect, citizen): its states, the frozen rule and its guard, as `check`. */
  checkSystem(action: A, state: S, env: Env): Transition<S, A, Env> {
    return this.checkRow(this.systemRow(action), state, env, null);
  }

  /** Whether a system row applies in this state (a side effect that follows only from some states). */
  appliesIn(action: A, state: S): boolean {
    return this.systemRow(action).from.includes(state);
  }

  /** A row the system takes (a programming error when the action is not one). */
  systemRow(action: A): Transition<S, A, Env> {
    const t = this.byAction.get(action);
    if (!t || !t.system) throw new Error(`${this.name}: ${action} is not a system step`);
    return t;
  }

  private checkRow(t: Transition<S, A, Env>, state: S, env: Env, viewer: StaffViewer | null): Transition<S, A, Env> {
    const { action } = t;
    const frozen = this.frozen?.(env);
    if (frozen) throw invalidTransition(frozen.message, { state, action }, { reason: frozen.reason, params: frozen.params });
    if (!t.from.includes(state)) {
      throw invalidTransition(`当前状态 ${state} 不能执行 ${action} (${this.name} in state ${state} does not allow ${action})`, { state, action });
    }
    const why = t.guard?.(env, viewer);
    if (why) throw invalidTransition(why.message, { state, action }, { reason: why.reason, params: why.params });
    return t;
  }

  /** Actions that `check` would allow for this viewer now. */
  available(state: S, env: Env, viewer: StaffViewer): A[] {
    return this.evaluate(state, env, viewer).available;
  }

  /**
   * What `check` would say about every action: those allowed, and those the viewer's role, units and the state
   * allow but a rule refuses now (a forbid rule such as "not its own writer", or a guard), with the rule's reason:
   * the console shows why a button is missing.
   */
  evaluate(state: S, env: Env, viewer: StaffViewer): { available: A[]; blocked: Array<Blocked<A>> } {
    const available: A[] = [];
    const blocked: Array<Blocked<A>> = [];
    if (this.frozen?.(env)) return { available, blocked };
    for (const t of this.transitions) {
      if (!t.roles.includes(viewer.role) || !t.from.includes(state) || (t.scope && !t.scope(env, viewer))) continue;
      const why = t.forbid?.(env, viewer) ?? t.guard?.(env, viewer);
      if (why) blocked.push({ action: t.action, reason: why.reason, params: why.params ?? null });
      else available.push(t.action);
    }
    return { available, blocked };
  }
}

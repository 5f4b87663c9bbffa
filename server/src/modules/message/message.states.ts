/**
 * Named sets of message and assignment states (docs/domain.md §3, §4), written once: services, queries, jobs and
 * statistics use these names instead of listing states inline. A new state is placed in the sets it belongs to here.
 */
import { AssignmentState, MessageState } from './message.enums';

type States<S> = readonly S[];

// ── Messages (留言状态) ──
/** Not yet with a unit (待受理, 已受理): screened, and answered directly (直办) if simple. */
export const SCREENING_STATES: States<MessageState> = [MessageState.RECEIVED, MessageState.ACCEPTED];
/** Being handled by a unit (已交办, 办理中): the lead unit's reply deadline runs. */
export const HANDLING_STATES: States<MessageState> = [MessageState.ASSIGNED, MessageState.IN_PROGRESS];
/** Answered (已答复, 已办结): a final reply was published. */
export const ANSWERED_STATES: States<MessageState> = [MessageState.REPLIED, MessageState.CLOSED];
/** Not taken up (不予受理, 并单): refused as invalid or merged into another message. */
export const NOT_TAKEN_UP_STATES: States<MessageState> = [MessageState.INVALID, MessageState.MERGED];
/** Taken up and past screening: accepted, being handled or answered (what public lists may show). */
export const TAKEN_UP_STATES: States<MessageState> = [MessageState.ACCEPTED, ...HANDLING_STATES, ...ANSWERED_STATES];

// ── Assignments (交办单状态) ──
/** The unit's clock runs (待签收, 办理中): what can go overdue. */
export const RUNNING_ASSIGNMENT_STATES: States<AssignmentState> = [AssignmentState.PENDING, AssignmentState.SIGNED];
/** Open: the unit still holds the work, a return request included. */
export const OPEN_ASSIGNMENT_STATES: States<AssignmentState> = [...RUNNING_ASSIGNMENT_STATES, AssignmentState.RETURN_REQUESTED];
/** Still carrying work (not cancelled, returned or done): open, or replied while the message is not closed. */
export const ACTIVE_ASSIGNMENT_STATES: States<AssignmentState> = [...OPEN_ASSIGNMENT_STATES, AssignmentState.REPLIED];
/** Let their unit read the message: everything it handled, finished work included (not withdrawn or returned). */
export const READABLE_ASSIGNMENT_STATES: States<AssignmentState> = [...ACTIVE_ASSIGNMENT_STATES, AssignmentState.DONE];
/** Left its unit's cohort: withdrawn by a reassignment (改派) or returned (退单). */
export const LEFT_COHORT_STATES: States<AssignmentState> = [AssignmentState.CANCELLED, AssignmentState.RETURNED];
/** Whose reply was approved (its reply is in, or the message closed). */
export const REPLIED_ASSIGNMENT_STATES: States<AssignmentState> = [AssignmentState.REPLIED, AssignmentState.DONE];

/** Whether a state is in a set (typed for the readonly sets). */
export const isIn = <S extends string>(set: States<S>, state: S): boolean => set.includes(state);

/** A set as an SQL list for a raw condition, e.g. `m.state IN ${sqlList(ANSWERED_STATES)}` (enum values only). */
export const sqlList = (set: States<string>): string => `(${set.map((s) => `'${s}'`).join(', ')})`;

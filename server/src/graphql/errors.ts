/**
 * The error codes of the API (domain.md §10). Every error a client sees carries one of them in `extensions.code`.
 */
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { getMetadataStorage } from 'class-validator';
import { registerEnumType } from 'type-graphql';
import { limitOf } from './limits';
import { registerLabelledEnum } from '../common/labels';
import LABELS from './errors.labels.data.json';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  RATE_LIMITED = 'RATE_LIMITED',
  PROOF_OF_WORK_REQUIRED = 'PROOF_OF_WORK_REQUIRED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Error codes found in `extensions.code` of every GraphQL error (错误码).',
  valuesConfig: {
    UNAUTHENTICATED: { description: 'Not logged in, or the token expired or was revoked (未登录).' },
    FORBIDDEN: { description: 'Logged in and able to see the object, but this role or unit may not do this (无权限).' },
    NOT_FOUND: {
      description: 'No such object, or one the viewer may not know exists: outside its reach the answer (code and text) is that of a missing id (不存在).',
    },
    BAD_USER_INPUT: { description: 'Input is malformed or out of range; `extensions.field` names it (输入错误).' },
    CONFLICT: { description: 'Someone else changed the object first, or it already exists (冲突).' },
    INVALID_TRANSITION: { description: 'The action is not allowed in the current state (状态不允许).' },
    RATE_LIMITED: { description: 'Too many requests or failed logins; retry after `extensions.retryAfterSeconds` (限流).' },
    PROOF_OF_WORK_REQUIRED: {
      description:
        'Wrong query codes were tried on this serial number or from this address lately: solve `extensions.challenge` (a nonce whose SHA-256 of `<challenge>:<nonce>` starts with `extensions.difficulty` zero bits) and retry with it; the right code is then always accepted (工作量证明).',
    },
    SERVICE_UNAVAILABLE: {
      description: 'The database or Redis cannot be reached right now; nothing was changed, retry after `extensions.retryAfterSeconds` (服务暂不可用).',
    },
    INTERNAL_SERVER_ERROR: { description: 'An unexpected server error; details are logged, never returned (内部错误).' },
  },
});

/**
 * Why exactly (错误原因): sent as `extensions.reason` with `extensions.params` when the code alone does not say
 * it, so that a client words the error in its own language instead of showing the server's text: every reason's words
 * in zh and en, with `%{figure}` placeholders for its params, are its labels in errors.labels.data.json (the console's
 * `wz.errors.reason`, through schema/labels.json). Also the reason of a `blockedActions` entry.
 */
export enum ErrorReason {
  // signing in
  LOGIN_FAILED = 'LOGIN_FAILED',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  TOO_MANY_LOGINS = 'TOO_MANY_LOGINS',
  // who may
  OUTSIDE_UNITS = 'OUTSIDE_UNITS',
  ROLE_MAY_NOT = 'ROLE_MAY_NOT',
  OWN_REPLY = 'OWN_REPLY',
  OWN_REPLY_REVISE = 'OWN_REPLY_REVISE',
  ONLY_SUPERVISED_UNIT_ANSWERS = 'ONLY_SUPERVISED_UNIT_ANSWERS',
  // someone else first, or already there
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  CODE_TAKEN = 'CODE_TAKEN',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  ALREADY_DELEGATED = 'ALREADY_DELEGATED',
  UNFINISHED_REPLY = 'UNFINISHED_REPLY',
  CHILD_UNITS_ACTIVE = 'CHILD_UNITS_ACTIVE',
  PARENT_UNIT_DISABLED = 'PARENT_UNIT_DISABLED',
  OVERRIDE_EXISTS = 'OVERRIDE_EXISTS',
  EXTERNAL_ID_TAKEN = 'EXTERNAL_ID_TAKEN',
  // input rules (class-validator constraints and the services' own)
  INVALID_ID = 'INVALID_ID',
  LENGTH = 'LENGTH',
  TOO_SHORT = 'TOO_SHORT',
  TOO_LONG = 'TOO_LONG',
  TOO_SMALL = 'TOO_SMALL',
  TOO_LARGE = 'TOO_LARGE',
  TOO_MANY = 'TOO_MANY',
  TOO_FEW = 'TOO_FEW',
  SINGLE_LINE = 'SINGLE_LINE',
  PLAIN_TEXT = 'PLAIN_TEXT',
  BAD_FORMAT = 'BAD_FORMAT',
  PHONE_INVALID = 'PHONE_INVALID',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG = 'PASSWORD_TOO_LONG',
  PASSWORD_LETTER_AND_DIGIT = 'PASSWORD_LETTER_AND_DIGIT',
  WRONG_CURRENT_PASSWORD = 'WRONG_CURRENT_PASSWORD',
  SAME_PASSWORD = 'SAME_PASSWORD',
  CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF',
  CANNOT_DEMOTE_SELF = 'CANNOT_DEMOTE_SELF',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  UNIT_DISABLED = 'UNIT_DISABLED',
  LEADER_NOT_FOUND = 'LEADER_NOT_FOUND',
  CATEGORY_NOT_FOUND = 'CATEGORY_NOT_FOUND',
  PARENT_NOT_FOUND = 'PARENT_NOT_FOUND',
  NOT_A_REGION = 'NOT_A_REGION',
  ONLY_LEADERS_NAME_A_LEADER = 'ONLY_LEADERS_NAME_A_LEADER',
  MOVE_UNDER_ITSELF = 'MOVE_UNDER_ITSELF',
  UNIT_DOES_NOT_HANDLE = 'UNIT_DOES_NOT_HANDLE',
  LEAD_ALSO_ASSIST = 'LEAD_ALSO_ASSIST',
  ALREADY_LEAD = 'ALREADY_LEAD',
  DELEGATE_BELOW_ONLY = 'DELEGATE_BELOW_ONLY',
  COMMENT_REQUIRED = 'COMMENT_REQUIRED',
  NOTE_REQUIRED = 'NOTE_REQUIRED',
  REPLY_KIND_NOT_ALLOWED = 'REPLY_KIND_NOT_ALLOWED',
  MERGE_TARGET_REQUIRED = 'MERGE_TARGET_REQUIRED',
  MERGE_INTO_ITSELF = 'MERGE_INTO_ITSELF',
  MERGE_TARGET_UNKNOWN = 'MERGE_TARGET_UNKNOWN',
  MERGE_TARGET_NOT_LIVE = 'MERGE_TARGET_NOT_LIVE',
  DUE_DATE_REQUIRED = 'DUE_DATE_REQUIRED',
  DUE_DATE_PAST = 'DUE_DATE_PAST',
  UNIT_NOT_ON_MESSAGE = 'UNIT_NOT_ON_MESSAGE',
  SUPERVISION_ANSWERED = 'SUPERVISION_ANSWERED',
  WEIGHTS_ALL_ZERO = 'WEIGHTS_ALL_ZERO',
  SCORE_RANGE = 'SCORE_RANGE',
  REQUIRED = 'REQUIRED',
  BAD_DATE = 'BAD_DATE',
  ORIGIN_INVALID = 'ORIGIN_INVALID',
  SOURCE_URL_REQUIRED = 'SOURCE_URL_REQUIRED',
  SUBMITTED_IN_FUTURE = 'SUBMITTED_IN_FUTURE',
  SUBMITTED_TOO_EARLY = 'SUBMITTED_TOO_EARLY',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  FILE_TYPE_NOT_ALLOWED = 'FILE_TYPE_NOT_ALLOWED',
  TOO_MANY_FILES = 'TOO_MANY_FILES',
  // workflow rules (state machine guards)
  MESSAGE_NOT_OPEN = 'MESSAGE_NOT_OPEN',
  DELEGATED_RETURNS_TO_PARENT = 'DELEGATED_RETURNS_TO_PARENT',
  EXTENSION_BY_TOP_ASSIGNMENT = 'EXTENSION_BY_TOP_ASSIGNMENT',
  EXTENSION_AFTER_DEADLINE = 'EXTENSION_AFTER_DEADLINE',
  EXTENSION_PENDING = 'EXTENSION_PENDING',
  EXTENSION_LIMIT = 'EXTENSION_LIMIT',
  NO_PENDING_EXTENSION = 'NO_PENDING_EXTENSION',
  RESUME_FIRST = 'RESUME_FIRST',
  NO_OPEN_SUPERVISION = 'NO_OPEN_SUPERVISION',
  LEAD_USE_REASSIGN = 'LEAD_USE_REASSIGN',
  NO_UNITS_BELOW = 'NO_UNITS_BELOW',
  CONSULTATIONS_ONLY = 'CONSULTATIONS_ONLY',
  ALREADY_ON_HOLD = 'ALREADY_ON_HOLD',
  NOT_ON_HOLD = 'NOT_ON_HOLD',
  ARCHIVED = 'ARCHIVED',
  TEXT_UNCHANGED = 'TEXT_UNCHANGED',
  ASSIST_OPINIONS_MISSING = 'ASSIST_OPINIONS_MISSING',
  NOT_REPLIED = 'NOT_REPLIED',
  ASSIGNMENT_LEFT = 'ASSIGNMENT_LEFT',
  // a citizen's rating and redo (evaluation/citizen.rules.ts)
  NOT_ANSWERED = 'NOT_ANSWERED',
  BEING_REDONE = 'BEING_REDONE',
  ALREADY_CLOSED = 'ALREADY_CLOSED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  MERGED = 'MERGED',
  REDO_USED = 'REDO_USED',
  NOT_RATED = 'NOT_RATED',
  RATING_NOT_LOW = 'RATING_NOT_LOW',
  // API clients
  SERVER_KEY_ONLY = 'SERVER_KEY_ONLY',
  // knowledge base and dispatch catalogue
  OWN_ARTICLE = 'OWN_ARTICLE',
  ARTICLE_NOT_LIVE = 'ARTICLE_NOT_LIVE',
  DATES_OUT_OF_ORDER = 'DATES_OUT_OF_ORDER',
  MATTER_REQUIRED = 'MATTER_REQUIRED',
  CATALOGUE_NAMES_UNIT = 'CATALOGUE_NAMES_UNIT',
  OBJECTION_PENDING = 'OBJECTION_PENDING',
  NO_PENDING_OBJECTION = 'NO_PENDING_OBJECTION',
  OBJECTION_BY_TOP_ASSIGNMENT = 'OBJECTION_BY_TOP_ASSIGNMENT',
  NEW_UNIT_REQUIRED = 'NEW_UNIT_REQUIRED',
  ENTRY_RETIRED = 'ENTRY_RETIRED',
  // groups of similar messages (相似件归并, grouping/)
  ALREADY_GROUPED = 'ALREADY_GROUPED',
  NOT_GROUPED = 'NOT_GROUPED',
  GROUP_LEAD_STAYS = 'GROUP_LEAD_STAYS',
  NOT_GROUP_LEAD = 'NOT_GROUP_LEAD',
  GROUP_TOO_LARGE = 'GROUP_TOO_LARGE',
}

registerLabelledEnum(ErrorReason, 'ErrorReason', LABELS);

/** A reason and its parameters (numbers, names, serial numbers: never private data). */
export interface Why {
  reason: ErrorReason;
  params?: Record<string, unknown>;
}
const whyOf = (why?: Why) => (why ? { reason: why.reason, ...(why.params ? { params: why.params } : {}) } : {});

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (message = '请先登录 (authentication required)', why?: Why) => new AppError(ErrorCode.UNAUTHENTICATED, message, whyOf(why));
export const forbidden = (message = '无权执行此操作 (forbidden)', why?: Why) => new AppError(ErrorCode.FORBIDDEN, message, whyOf(why));
/** NOT_FOUND; `extensions.entity` names what was looked for (the same for a missing id and one outside the viewer's reach). */
export const notFound = (what: string, id?: string | number) =>
  new AppError(ErrorCode.NOT_FOUND, `${what} not found${id !== undefined ? `: ${id}` : ''}`, { entity: what });
export const badInput = (field: string, message: string, why?: Why) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field, ...whyOf(why) });
export const conflict = (message: string, why?: Why) => new AppError(ErrorCode.CONFLICT, message, whyOf(why));
export const invalidTransition = (message: string, extra: Record<string, unknown> = {}, why?: Why) =>
  new AppError(ErrorCode.INVALID_TRANSITION, message, { ...extra, ...whyOf(why) });
export const rateLimited = (retryAfterSeconds: number, message = '操作过于频繁，请稍后再试 (rate limited)', why?: Why, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds, ...whyOf(why), ...extra });
/** The message a version mismatch gives, everywhere. */
export const versionConflict = (detail = 'message changed concurrently') =>
  conflict(`留言已被他人修改，请刷新后重试 (${detail})`, { reason: ErrorReason.VERSION_CONFLICT });

export const SERVICE_UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后重试 (service temporarily unavailable)';
/** Seconds a client is told to wait before retrying after SERVICE_UNAVAILABLE. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

export const serviceUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });

/** Driver error codes meaning "the database or Redis cannot be reached" (not a bug, not the caller's fault). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_GONE_ERROR',
  'ER_SERVER_LOST',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'SQLITE_BUSY',
  'DB_ACQUIRE_TIMEOUT',
]);
const UNAVAILABLE_MESSAGES = [
  /^Pool is closed/i,
  /^Queue limit reached/i,
  /connection is in closed state/i,
  /^Connection lost/i,
  /enableOfflineQueue options is false/i,
  /^Connection is closed\.?$/i,
  /max retries per request/i,
  /^connect ETIMEDOUT/i,
];

/**
 * True when an error (or what it wraps: TypeORM's driverError, an Error's cause, GraphQL's originalError) says the
 * database or Redis is unreachable, so that the client gets SERVICE_UNAVAILABLE instead of an internal error.
 */
export function isServiceUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
    originalError?: unknown;
    extensions?: { code?: unknown };
  };
  if (e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
  return [e.driverError, e.cause, e.originalError].some((inner) => inner !== err && isServiceUnavailable(inner, depth + 1));
}

/** Builds a request context; an unreachable database or Redis while doing so is a 503 SERVICE_UNAVAILABLE. */
export async function unavailableInContext<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (e) {
    if (!isServiceUnavailable(e)) throw e;
    throw new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
      originalError: e instanceof Error ? e : undefined,
      extensions: {
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        http: { status: 503, headers: new HeaderMap([['retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)]]) },
      },
    });
  }
}

/** A response with no data whose errors are all SERVICE_UNAVAILABLE is sent as HTTP 503 with Retry-After. */
export const serviceUnavailableStatus: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data == null && errors?.length && errors.every((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        }
      },
    };
  },
};

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Shapes every error that leaves the server. Errors raised on purpose keep their code and message;
 * class-validator failures become BAD_USER_INPUT with the offending field; GraphQL validation and
 * parse errors keep their code; an unreachable database or Redis is SERVICE_UNAVAILABLE; anything else is an INTERNAL_SERVER_ERROR whose message and stack
 * never leave the server outside development.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  opts: { exposeDetails: boolean; log: (e: unknown) => void },
): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = formatted.extensions?.code as string | undefined;
  const validation =
    (original as { extensions?: { validationErrors?: unknown[] } })?.extensions?.validationErrors ??
    (formatted.extensions?.validationErrors as unknown[] | undefined);
  if (validation && Array.isArray(validation) && validation.length > 0) {
    const problems = flattenValidation(validation);
    const first = problems[0];
    return {
      message: first ? `${first.field}: ${first.message}` : 'Argument validation error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        field: first?.field,
        ...(first ? { reason: first.reason, params: first.params } : {}),
        problems,
      },
    };
  }
  if (isServiceUnavailable(original)) {
    // The database or Redis is down or restarting: a clear, typed error that says to retry, not a bug report.
    return {
      message: SERVICE_UNAVAILABLE_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
    };
  }
  if (code && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    return { ...formatted, extensions: opts.exposeDetails ? formatted.extensions : ext };
  }
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'GRAPHQL_PARSE_FAILED' ||
    code === 'BAD_REQUEST' ||
    code === 'PERSISTED_QUERY_NOT_FOUND' ||
    code === 'OPERATION_RESOLUTION_FAILURE'
  ) {
    // Malformed documents and variables are the client's input errors; a request over a limit says which.
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    const limit = limitOf(formatted.message);
    return { ...formatted, extensions: { ...ext, code: ErrorCode.BAD_USER_INPUT, graphqlCode: code, ...(limit ? { limit } : {}) } };
  }
  opts.log(original);
  if (opts.exposeDetails) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  return {
    message: '服务器内部错误 (internal server error)',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

interface ValidationLike {
  property: string;
  target?: object;
  constraints?: Record<string, string>;
  children?: ValidationLike[];
}

interface Problem {
  field: string;
  message: string;
  reason: ErrorReason;
  params: Record<string, unknown>;
}

/** The arguments a decorator was declared with (e.g. @Length(2, 2000) → [2, 2000]), read from class-validator's metadata. */
function constraintArgs(target: object | undefined, property: string, constraint: string): unknown[] {
  if (!target) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return metas.find((m) => m.propertyName === property && (m.name === constraint || m.type === constraint))?.constraints ?? [];
}

/** A class-validator constraint as a reason with its figures, for clients to word in their language. */
function reasonOf(constraint: string, args: unknown[]): { reason: ErrorReason; params: Record<string, unknown> } {
  switch (constraint) {
    case 'isLength':
      return { reason: ErrorReason.LENGTH, params: { min: args[0], max: args[1] } };
    case 'minLength':
      return { reason: ErrorReason.TOO_SHORT, params: { min: args[0] } };
    case 'maxLength':
      return { reason: ErrorReason.TOO_LONG, params: { max: args[0] } };
    case 'min':
      return { reason: ErrorReason.TOO_SMALL, params: { min: args[0] } };
    case 'max':
      return { reason: ErrorReason.TOO_LARGE, params: { max: args[0] } };
    case 'arrayMaxSize':
      return { reason: ErrorReason.TOO_MANY, params: { max: args[0] } };
    case 'arrayMinSize':
      return { reason: ErrorReason.TOO_FEW, params: { min: args[0] } };
    case 'isSingleLine':
      return { reason: ErrorReason.SINGLE_LINE, params: {} };
    case 'isPlainText':
      return { reason: ErrorReason.PLAIN_TEXT, params: {} };
    case 'isPhoneNumber':
      return { reason: ErrorReason.PHONE_INVALID, params: {} };
    default:
      return { reason: ErrorReason.BAD_FORMAT, params: {} };
  }
}

function flattenValidation(errors: unknown[], prefix = ''): Problem[] {
  const out: Problem[] = [];
  for (const raw of errors as ValidationLike[]) {
    const field = prefix ? `${prefix}.${raw.property}` : raw.property;
    for (const [constraint, message] of Object.entries(raw.constraints ?? {})) {
      const { reason, params } = reasonOf(constraint, constraintArgs(raw.target, raw.property, constraint));
      out.push({ field, message, reason, params: { field, ...params } });
    }
    if (raw.children?.length) out.push(...flattenValidation(raw.children, field));
  }
  return out;
}

/**
 * An API error in the console's language, from what the server sends for it (code, reason, figures, field),
 * never from the server's own text: the reason's words when there is one (the server's ErrorReason labels, i18n/errors.ts),
 * else the code's.
 */
import { i18nProvider } from '../i18n/i18nProvider';
import * as G from '../generated/graphql';

const t = (key: string, options?: Record<string, unknown>) => i18nProvider.translate(key, options);
const STATE_ENUMS: Array<[string, readonly string[]]> = [
  ['MessageState', G.MessageStateValues],
  ['AssignmentState', G.AssignmentStateValues],
  ['ReplyState', G.ReplyStateValues],
];
const stateWord = (s: string) => {
  const e = STATE_ENUMS.find(([, values]) => values.includes(s))?.[0];
  return e ? t(`wz.enums.${e}.${s}`) : t('wz.errors.field.unknownState');
};
/** The label of an input field named by the server (its last part: input.name → name). */
export const fieldWord = (field?: unknown) => {
  const last =
    String(field ?? '')
      .split('.')
      .pop() ?? '';
  return t(`wz.errors.field.${last}`, { _: t('wz.errors.thisField') });
};

/** The figures of a reason, those that are codes put into words. */
function words(params: Record<string, unknown>, field?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  if (typeof params.action === 'string') out.action = t(`wz.actions.${params.action}`, { _: t('wz.errors.thisAction') });
  if (typeof params.state === 'string') out.state = stateWord(params.state);
  if (typeof params.role === 'string') out.role = t(`wz.enums.Role.${params.role}`, { _: t('wz.errors.thisRole') });
  if (Array.isArray(params.kinds)) out.kinds = params.kinds.map((k) => t(`wz.enums.ReplyKind.${k}`, { _: '' })).join('、');
  out.field = fieldWord(params.field ?? field);
  return out;
}

export function wordError(code: string | undefined, ext: Record<string, unknown>): string {
  const reason = typeof ext.reason === 'string' ? ext.reason : undefined;
  const params = (ext.params && typeof ext.params === 'object' ? ext.params : {}) as Record<string, unknown>;
  if (reason)
    return t(`wz.errors.reason.${reason}`, { ...words(params, ext.field), _: t(`wz.errors.code.${code ?? 'UNKNOWN'}`, { _: t('wz.errors.code.UNKNOWN') }) });
  if (code === 'INVALID_TRANSITION' && typeof ext.state === 'string' && typeof ext.action === 'string') {
    return t('wz.errors.invalidTransition', { state: stateWord(ext.state), action: t(`wz.actions.${ext.action}`, { _: t('wz.errors.thisAction') }) });
  }
  if (code === 'NOT_FOUND')
    return t('wz.errors.code.NOT_FOUND', { entity: t(`wz.errors.entity.${String(ext.entity ?? 'record')}`, { _: t('wz.errors.entity.record') }) });
  if (code === 'BAD_USER_INPUT') return t('wz.errors.code.BAD_USER_INPUT', { field: fieldWord(ext.field) });
  return t(`wz.errors.code.${code ?? 'UNKNOWN'}`, { _: t('wz.errors.code.UNKNOWN') });
}

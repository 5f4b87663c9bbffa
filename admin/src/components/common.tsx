/** Small shared pieces: translated enum fields and choices, the warning colour, dates in Asia/Shanghai. */
import { Chip } from '@mui/material';
import { FunctionField, useRecordContext, useTranslate } from 'react-admin';
import * as G from '../generated/graphql';
import { ApiError } from '../api/client';

const VALUES: Record<string, readonly string[]> = {
  MessageState: G.MessageStateValues, MessageType: G.MessageTypeValues, Channel: G.ChannelValues, WarningLevel: G.WarningLevelValues,
  AssignmentState: G.AssignmentStateValues, AssignmentRole: G.AssignmentRoleValues, ReplyKind: G.ReplyKindValues, ReplyState: G.ReplyStateValues,
  InvalidReason: G.InvalidReasonValues, Role: G.RoleValues, UnitKind: G.UnitKindValues, ApiScope: G.ApiScopeValues, DeadlineUnit: G.DeadlineUnitValues,
};

/** Choices for a SelectInput: react-admin translates the names. */
export const enumChoices = (enumName: keyof typeof VALUES) => VALUES[enumName].map((v) => ({ id: v, name: `wz.enums.${enumName}.${v}` }));

export function EnumField({ source, enumName, label }: { source: string; enumName: string; label?: string }) {
  const t = useTranslate();
  return <FunctionField source={source} label={label} render={(r: Record<string, string>) => (r?.[source] ? t(`wz.enums.${enumName}.${r[source]}`) : '')} />;
}

const COLORS = { GREEN: 'success', YELLOW: 'warning', RED: 'error' } as const;
export function WarningChip({ level }: { level?: string | null }) {
  const t = useTranslate();
  if (!level) return null;
  return <Chip size="small" color={COLORS[level as keyof typeof COLORS] ?? 'default'} label={t(`wz.enums.WarningLevel.${level}`)} data-warning={level} />;
}

export function WarningField(_props: { source?: string; label?: string }) {
  const r = useRecordContext<{ warningLevel?: string }>();
  return <WarningChip level={r?.warningLevel} />;
}
WarningField.defaultProps = { label: 'resources.messages.fields.warningLevel' };

export const fmt = (iso?: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

/** A date only (YYYY-MM-DD in Asia/Shanghai). */
export const fmtDate = (iso?: string | null) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '');

const STATE_ENUMS: Array<[string, readonly string[]]> = [['MessageState', G.MessageStateValues], ['AssignmentState', G.AssignmentStateValues], ['ReplyState', G.ReplyStateValues]];

/**
 * An API error in words, in the console's language. The server's words are kept, except where they name a
 * state and an action by their codes (a refused transition): then the translated names are used.
 */
export function useErrorText() {
  const t = useTranslate();
  return (e: unknown) => {
    if (e instanceof ApiError && e.code === 'INVALID_TRANSITION') {
      const { state, action } = e.extensions as { state?: string; action?: string };
      const enumName = STATE_ENUMS.find(([, values]) => values.includes(String(state)))?.[0];
      if (state && action && enumName && e.message.includes(String(state))) {
        return t('wz.errors.invalidTransition', { state: t(`wz.enums.${enumName}.${state}`), action: t(`wz.actions.${action}`, { _: String(action) }) });
      }
    }
    return (e as Error)?.message ?? String(e);
  };
}

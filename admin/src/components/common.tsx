/** Small shared pieces: translated enum fields and choices, the warning colour, dates in Asia/Shanghai. */
import { useCallback, useState } from 'react';
import { Chip } from '@mui/material';
import { FunctionField, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import * as G from '../generated/graphql';
import { ApiError } from '../api/client';
import { wordError } from '../api/errorText';

const VALUES: Record<string, readonly string[]> = {
  MessageState: G.MessageStateValues,
  MessageType: G.MessageTypeValues,
  Channel: G.ChannelValues,
  WarningLevel: G.WarningLevelValues,
  AssignmentState: G.AssignmentStateValues,
  AssignmentRole: G.AssignmentRoleValues,
  ReplyKind: G.ReplyKindValues,
  ReplyState: G.ReplyStateValues,
  InvalidReason: G.InvalidReasonValues,
  Role: G.RoleValues,
  UnitKind: G.UnitKindValues,
  ApiScope: G.ApiScopeValues,
  DeadlineUnit: G.DeadlineUnitValues,
};

/** Choices for a SelectInput: react-admin translates the names. */
export const enumChoices = (enumName: keyof typeof VALUES) => VALUES[enumName].map((v) => ({ id: v, name: `wz.enums.${enumName}.${v}` }));

export function EnumField({ source, enumName, label }: { source: string; enumName: string; label?: string }) {
  const t = useTranslate();
  return <FunctionField source={source} label={label} render={(r: Record<string, string>) => (r?.[source] ? t(`wz.enums.${enumName}.${r[source]}`) : '')} />;
}

/** A code or login name (单位编码, 用户名): shown as written, never machine-translated. */
export function CodeField({ source }: { source: string; sortable?: boolean }) {
  return <FunctionField source={source} render={(r: Record<string, string>) => <span translate="no">{r[source]}</span>} />;
}

/** A node of a tree (units, categories), indented by its level. */
export function TreeNameField({ source }: { source: string; sortable?: boolean }) {
  return (
    <FunctionField source={source} render={(r: Record<string, string> & { level: number }) => <span style={{ paddingLeft: r.level * 20 }}>{r[source]}</span>} />
  );
}

/** The name of the record's unit (leaders, users, templates). */
export function UnitNameField({ source }: { source: 'unit'; sortable?: boolean }) {
  return <FunctionField source={source} render={(r: { unit?: { name: string } | null }) => r.unit?.name} />;
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

/** Now as Shanghai wall-clock time: read its UTC fields (getUTCMonth…) or its ISO text for Shanghai's date (UTC+8, no DST). */
export const shanghaiNow = () => new Date(Date.now() + 8 * 3_600_000);
/** Today in Asia/Shanghai, YYYY-MM-DD. */
export const shanghaiToday = () => shanghaiNow().toISOString().slice(0, 10);

export const fmt = (iso?: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

/** A date only (YYYY-MM-DD in Asia/Shanghai). */
export const fmtDate = (iso?: string | null) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '');

/**
 * An error in words, in the console's language: an API error from its code, reason and figures (never the
 * server's own text); the console's own errors are worded where they are raised.
 */
export function useErrorText() {
  // A new function when the language changes (so the words follow it), the same one otherwise (safe in effects' deps).
  const translate = useTranslate();
  return useCallback(
    (e: unknown) => (e instanceof ApiError ? wordError(e.code, e.extensions) : ((e as Error)?.message ?? String(e))),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- translate stands for the language wordError reads
    [translate],
  );
}

/** What a change says when it succeeds, instead of "done": a message of the translations with its figures. */
export type Said = { message: string; args: Record<string, unknown> };

/**
 * A change asked from a button or a dialog, one at a time: `perform(change, then)` runs the change unless one is
 * running (`busy`), then says what it did (its own words when it returns them, else "done"), calls `then` (e.g. closes
 * the dialog) and refreshes the page; a failure is said in the console's language, and the dialog stays open.
 */
export function usePerform() {
  const notify = useNotify();
  const refresh = useRefresh();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const perform = async (change: () => Promise<Said | void>, then?: () => void) => {
    if (busy) return;
    setBusy(true);
    try {
      const said = await change();
      if (said) notify(said.message, { type: 'success', messageArgs: said.args });
      else notify('wz.actions.done', { type: 'success' });
      then?.();
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return { busy, perform };
}

/**
 * Text people wrote (a message's title and content, a reply, a reason, a note), shown as written. Marked so
 * that the browser tests' language guard, which checks the interface's own words, leaves it alone.
 */
export function UserText({ children, block }: { children?: React.ReactNode; block?: boolean }) {
  return block ? (
    <div data-user-text style={{ whiteSpace: 'pre-wrap' }}>
      {children}
    </div>
  ) : (
    <span data-user-text>{children}</span>
  );
}

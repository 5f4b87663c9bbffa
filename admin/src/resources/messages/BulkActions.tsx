/**
 * Bulk actions on the message list (批量操作): accept, mark invalid with a reason, assign to one lead unit,
 * urge, close. Each selected message goes through the same single-message mutation, one after the other,
 * with the version the console last read (a message changed meanwhile is a conflict, not overwritten). The
 * result is told in words: how many succeeded, and for each failure the message's number and the server's
 * reason. Failed messages stay selected so they can be looked at.
 */
import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useDataProvider, useListContext, useRefresh, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { DialogFields, type FieldSpec, type FormValues, initialValues, optional, text, unitIdsOf, unitOf } from '../../components/ActionDialog';
import { useErrorText } from '../../components/common';
import * as Ops from '../../generated/graphql';
import { ASSIGNABLE } from './AssignDialog';
import { markInvalidFields, markInvalidInput } from './MessageActions';
import { useCan } from '../../capabilities';

type Msg = { id: string; serialNo: string; title: string; version: number; state: string };
type Outcome = { id: string; serialNo: string; ok: boolean; error?: string };

interface BulkSpec {
  action: string;
  fields?: FieldSpec[];
  color?: 'primary' | 'error' | 'warning';
  /** The mutation and its variables for one message. */
  run: (m: Msg, v: FormValues) => Promise<unknown>;
  /** Values the form must have before it can run. */
  ready?: (v: FormValues) => boolean;
}

function BulkButton({ spec }: { spec: BulkSpec }) {
  const t = useTranslate();
  const dataProvider = useDataProvider();
  const refresh = useRefresh();
  const { selectedIds, onSelect } = useListContext();
  const [phase, setPhase] = useState<'closed' | 'form' | 'running' | 'done'>('closed');
  const [values, setValues] = useState<FormValues>({});
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [count, setCount] = useState(0);
  const errorText = useErrorText();
  const label = t(`wz.bulk.${spec.action}`);

  const start = () => {
    setValues(initialValues(spec.fields));
    setOutcomes([]);
    setCount(selectedIds.length);
    setPhase('form');
  };
  const run = async () => {
    setPhase('running');
    const ids = [...selectedIds];
    setProgress({ done: 0, total: ids.length });
    // Fresh rows (state and version) for every selected message, on this page or not.
    const { data } = await dataProvider.getMany('messages', { ids });
    const byId = new Map((data as Msg[]).map((m) => [String(m.id), m]));
    const results: Outcome[] = [];
    for (const id of ids) {
      const m = byId.get(String(id));
      if (!m) {
        results.push({ id: String(id), serialNo: String(id), ok: false, error: t('wz.bulk.notFound') });
      } else {
        try {
          await spec.run(m, values);
          results.push({ id: m.id, serialNo: m.serialNo, ok: true });
        } catch (e) {
          results.push({ id: m.id, serialNo: m.serialNo, ok: false, error: errorText(e) });
        }
      }
      setProgress({ done: results.length, total: ids.length });
    }
    setOutcomes(results);
    setPhase('done');
    onSelect(results.filter((r) => !r.ok).map((r) => r.id));
    refresh();
  };
  const ok = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.filter((o) => !o.ok);
  return (
    <>
      <Button size="small" color={spec.color ?? 'primary'} onClick={start} data-testid={`bulk-${spec.action}`}>
        {label}
      </Button>
      <Dialog open={phase !== 'closed'} onClose={() => phase !== 'running' && setPhase('closed')} fullWidth maxWidth="sm" data-testid="bulk-dialog">
        <DialogTitle>{t('wz.bulk.title', { action: label, n: count })}</DialogTitle>
        <DialogContent>
          {phase === 'form' && (
            <>
              <Typography color="text.secondary">{t('wz.bulk.oneByOne', { n: count })}</Typography>
              {spec.fields?.length ? <DialogFields fields={spec.fields} values={values} set={(k, v) => setValues((s) => ({ ...s, [k]: v }))} /> : null}
            </>
          )}
          {phase === 'running' && (
            <Box sx={{ mt: 1 }}>
              <Typography>{t('wz.bulk.progress', { done: progress.done, total: progress.total })}</Typography>
              <LinearProgress variant="determinate" value={progress.total ? (100 * progress.done) / progress.total : 0} sx={{ mt: 1 }} />
            </Box>
          )}
          {phase === 'done' && (
            <Box data-testid="bulk-summary">
              <Alert severity={failed.length === 0 ? 'success' : ok === 0 ? 'error' : 'warning'} data-testid="bulk-summary-text">
                {t('wz.bulk.summary', { action: label, ok, failed: failed.length })}
              </Alert>
              {failed.length > 0 && (
                <List dense data-testid="bulk-failures">
                  {failed.map((f) => (
                    <ListItem key={f.id} data-serial={f.serialNo}>
                      <ListItemText primary={f.serialNo} secondary={f.error} />
                    </ListItem>
                  ))}
                </List>
              )}
              {failed.length > 0 && (
                <Typography variant="body2" color="text.secondary">
                  {t('wz.bulk.failedStaySelected')}
                </Typography>
              )}
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          {phase === 'form' && (
            <>
              <Button onClick={() => setPhase('closed')}>{t('wz.actions.cancel')}</Button>
              <Button
                variant="contained"
                color={spec.color ?? 'primary'}
                onClick={run}
                disabled={spec.ready ? !spec.ready(values) : false}
                data-testid="bulk-confirm"
              >
                {t('wz.actions.confirm')}
              </Button>
            </>
          )}
          {phase === 'done' && (
            <Button variant="contained" onClick={() => setPhase('closed')} data-testid="bulk-close">
              {t('ra.action.close')}
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}

/** The bulk buttons the viewer may use (capabilities); the server still checks each message. */
export function MessageBulkActions() {
  const t = useTranslate();
  const may = useCan();
  const base = (m: Msg) => ({ messageId: m.id, expectedVersion: m.version });
  const specs: BulkSpec[] = [];
  if (may('BULK_SCREEN')) {
    specs.push(
      { action: 'ACCEPT', run: (m) => gql(Ops.AcceptMessage, { input: base(m) }) },
      {
        action: 'ASSIGN',
        fields: [
          { name: 'lead', kind: 'unit', label: t('wz.fields.leadUnit'), required: true, filter: ASSIGNABLE },
          { name: 'assists', kind: 'units', label: t('wz.fields.assistUnits'), filter: ASSIGNABLE },
          { name: 'note', kind: 'multiline', label: t('wz.fields.note') },
        ],
        ready: (v) => !!unitOf(v.lead),
        run: (m, v) =>
          gql(Ops.AssignMessage, { input: { ...base(m), leadUnitId: unitOf(v.lead)?.id ?? '', assistUnitIds: unitIdsOf(v.assists), note: optional(v.note) } }),
      },
      {
        action: 'MARK_INVALID',
        color: 'error',
        fields: markInvalidFields(t, 'DUPLICATE'),
        ready: (v) => !!text(v.reason) && (v.reason !== 'OTHER' || !!text(v.note).trim()),
        run: (m, v) => gql(Ops.MarkMessageInvalid, { input: { ...base(m), ...markInvalidInput(v) } }),
      },
    );
  }
  if (may('BULK_URGE')) {
    specs.push({
      action: 'URGE',
      color: 'warning',
      fields: [{ name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true }],
      ready: (v) => !!text(v.content).trim(),
      run: (m, v) => gql(Ops.UrgeMessage, { input: { messageId: m.id, content: text(v.content) } }),
    });
  }
  if (may('BULK_SCREEN')) specs.push({ action: 'CLOSE', run: (m) => gql(Ops.CloseMessage, { input: base(m) }) });
  return (
    <>
      {specs.map((s) => (
        <BulkButton key={s.action} spec={s} />
      ))}
    </>
  );
}

/** Bulk selection only for viewers who have bulk actions. */
export const hasBulkActions = (may: (c: Ops.Capability) => boolean) => may('BULK_SCREEN') || may('BULK_URGE');

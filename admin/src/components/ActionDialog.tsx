/**
 * A button that opens a small form and runs one workflow mutation. The buttons a page draws come from the
 * record's `availableActions`, so the console only offers what the server would accept.
 */
import { useState } from 'react';
import { Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { gql } from '../api/client';
import type { TypedDocument } from '../generated/graphql';
import { UnitPicker } from './UnitPicker';
import { useErrorText } from './common';

export type FieldSpec =
  | { name: string; kind: 'text' | 'multiline' | 'number' | 'datetime'; label: string; required?: boolean; initial?: string }
  | { name: string; kind: 'select'; label: string; options: Array<{ value: string; label: string }>; required?: boolean; initial?: string }
  | { name: string; kind: 'checkbox'; label: string; initial?: boolean }
  | { name: string; kind: 'unit' | 'units'; label: string; required?: boolean };

/** Initial values of a dialog's fields. */
export const initialValues = (fields: FieldSpec[] = []) =>
  Object.fromEntries(fields.map((f) => [f.name, 'initial' in f && f.initial !== undefined ? f.initial : f.kind === 'checkbox' ? false : f.kind === 'units' ? [] : '']));

/** The inputs of a small action form (shared by the single and the bulk action dialogs). */
export function DialogFields({ fields, values, set }: { fields: FieldSpec[]; values: Record<string, any>; set: (k: string, v: unknown) => void }) {
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      {fields.map((f) => {
        if (f.kind === 'checkbox') return <FormControlLabel key={f.name} control={<Checkbox checked={!!values[f.name]} onChange={(e) => set(f.name, e.target.checked)} />} label={f.label} />;
        if (f.kind === 'unit' || f.kind === 'units') return <UnitPicker key={f.name} label={f.label} multiple={f.kind === 'units'} value={values[f.name]} onChange={(v) => set(f.name, v)} />;
        if (f.kind === 'select') {
          return (
            <TextField key={f.name} select label={f.label} value={values[f.name]} onChange={(e) => set(f.name, e.target.value)} required={f.required} slotProps={{ htmlInput: { 'data-field': f.name } }}>
              {f.options.map((o) => <MenuItem key={o.value} value={o.value}>{o.label}</MenuItem>)}
            </TextField>
          );
        }
        return (
          <TextField key={f.name} label={f.label} required={f.required} value={values[f.name]} onChange={(e) => set(f.name, e.target.value)}
            multiline={f.kind === 'multiline'} minRows={f.kind === 'multiline' ? 4 : undefined} type={f.kind === 'number' ? 'number' : f.kind === 'datetime' ? 'datetime-local' : 'text'}
            slotProps={{ inputLabel: f.kind === 'datetime' ? { shrink: true } : undefined, htmlInput: { 'data-field': f.name } }} />
        );
      })}
    </Stack>
  );
}

export function ActionDialog(props: {
  label: string;
  doc: TypedDocument<any, any> | string;
  /** Builds the mutation's variables from the form values. */
  variables: (v: Record<string, any>) => Record<string, unknown>;
  fields?: FieldSpec[];
  color?: 'primary' | 'secondary' | 'error' | 'warning' | 'success';
  onDone?: (data: any) => unknown;
  testId?: string;
}) {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const init = () => initialValues(props.fields);
  const [values, setValues] = useState<Record<string, any>>(init);
  const set = (k: string, v: unknown) => setValues((s) => ({ ...s, [k]: v }));

  const run = async () => {
    setBusy(true);
    try {
      const data = await gql(props.doc, props.variables(values));
      notify('wz.actions.done', { type: 'success' });
      setOpen(false);
      await props.onDone?.(data);
      refresh();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const start = () => {
    if (!props.fields?.length) {
      void run();
      return;
    }
    setValues(init());
    setOpen(true);
  };
  return (
    <>
      <Button variant="contained" size="small" color={props.color ?? 'primary'} onClick={start} disabled={busy} data-testid={props.testId} sx={{ mr: 1, mb: 1 }}>
        {props.label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{props.label}</DialogTitle>
        <DialogContent>
          <DialogFields fields={props.fields ?? []} values={values} set={set} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('wz.actions.cancel')}</Button>
          <Button variant="contained" onClick={run} disabled={busy} data-testid="dialog-confirm">{t('wz.actions.confirm')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/**
 * A button that opens a small dialog (a confirmation, with a form when the action needs one) and runs one
 * workflow mutation. The buttons a page draws come from the record's `availableActions`, so the console only
 * offers what the server would accept.
 */
import { useState, type ReactNode } from 'react';
import { Box, Button, Checkbox, Dialog, DialogContent, DialogContentText, DialogTitle, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { ApiError, gql } from '../api/client';
import type { TypedDocument } from '../generated/graphql';
import type { UploadedAttachment } from '../api/attachments';
import { UnitPicker, type UnitOption } from './UnitPicker';
import { useErrorText } from './common';
import { DialogButtons } from './DialogButtons';

/** What a dialog's field holds: text (numbers and dates are typed as text), a switch, one or several units, uploaded files, ids. */
export type FormValue = string | boolean | UnitOption | UnitOption[] | UploadedAttachment[] | string[] | null | undefined;
export type FormValues = Record<string, FormValue>;
export type SetFormValue = (k: string, v: FormValue) => void;

/** A text field's value ('' when empty or not text). */
export const text = (v: FormValue): string => (typeof v === 'string' ? v : '');
/** An optional text field's value: undefined when empty, so the API leaves it out. */
export const optional = (v: FormValue): string | undefined => text(v) || undefined;
/** The chosen unit of a unit field. */
export const unitOf = (v: FormValue): UnitOption | null => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);
/** The units of a several-units field. */
export const unitsOf = (v: FormValue): UnitOption[] => (Array.isArray(v) ? v.filter((u): u is UnitOption => typeof u === 'object' && 'id' in u) : []);
/** The ids of the units of a several-units field. */
export const unitIdsOf = (v: FormValue): string[] => unitsOf(v).map((u) => u.id);

export type FieldSpec =
  | { name: string; kind: 'text' | 'multiline' | 'number' | 'datetime'; label: string; required?: boolean; initial?: string }
  | { name: string; kind: 'select'; label: string; options: Array<{ value: string; label: string }>; required?: boolean; initial?: string }
  | { name: string; kind: 'checkbox'; label: string; initial?: boolean }
  | { name: string; kind: 'unit' | 'units'; label: string; required?: boolean; filter?: Record<string, unknown> };

/** Initial values of a dialog's fields. */
export const initialValues = (fields: FieldSpec[] = []): FormValues =>
  Object.fromEntries(
    fields.map((f) => [f.name, 'initial' in f && f.initial !== undefined ? f.initial : f.kind === 'checkbox' ? false : f.kind === 'units' ? [] : '']),
  );

/** The inputs of a small action form (shared by the single and the bulk action dialogs). */
export function DialogFields({ fields, values, set }: { fields: FieldSpec[]; values: FormValues; set: SetFormValue }) {
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      {fields.map((f) => {
        if (f.kind === 'checkbox')
          return (
            <FormControlLabel key={f.name} control={<Checkbox checked={!!values[f.name]} onChange={(e) => set(f.name, e.target.checked)} />} label={f.label} />
          );
        if (f.kind === 'units')
          return (
            <UnitPicker
              key={f.name}
              label={f.label}
              multiple
              value={unitsOf(values[f.name])}
              onChange={(v) => set(f.name, v)}
              filter={f.filter}
              testId={f.name}
            />
          );
        if (f.kind === 'unit')
          return <UnitPicker key={f.name} label={f.label} value={unitOf(values[f.name])} onChange={(v) => set(f.name, v)} filter={f.filter} />;
        if (f.kind === 'select') {
          return (
            <TextField
              key={f.name}
              select
              label={f.label}
              value={values[f.name]}
              onChange={(e) => set(f.name, e.target.value)}
              required={f.required}
              slotProps={{ htmlInput: { 'data-field': f.name } }}
            >
              {f.options.map((o) => (
                <MenuItem key={o.value} value={o.value}>
                  {o.label}
                </MenuItem>
              ))}
            </TextField>
          );
        }
        return (
          <TextField
            key={f.name}
            label={f.label}
            required={f.required}
            value={values[f.name]}
            onChange={(e) => set(f.name, e.target.value)}
            multiline={f.kind === 'multiline'}
            minRows={f.kind === 'multiline' ? 4 : undefined}
            type={f.kind === 'number' ? 'number' : f.kind === 'datetime' ? 'datetime-local' : 'text'}
            slotProps={{ inputLabel: f.kind === 'datetime' ? { shrink: true } : undefined, htmlInput: { 'data-field': f.name } }}
          />
        );
      })}
    </Stack>
  );
}

/** Whether every required field of a dialog has a value. */
export const requiredFilled = (fields: FieldSpec[] = [], values: FormValues) =>
  fields.every((f) => {
    if (!('required' in f) || !f.required) return true;
    const v = values[f.name];
    if (Array.isArray(v)) return v.length > 0;
    if (v && typeof v === 'object') return !!v.id;
    return v !== undefined && v !== null && String(v).trim() !== '';
  });

/**
 * Every action asks before it changes anything: the dialog names the action and the record, shows what the
 * decision rests on (`details`: a return's reason, an extension's days and reason…), and runs only on 确定.
 * Required fields must be filled first. A version conflict refreshes the page, so the user sees what changed.
 */
export interface ActionSpec<V = unknown, R = unknown> {
  doc: TypedDocument<V, R>;
  /** Builds the mutation's variables from the form values (checked against the operation's input type). */
  variables: (v: FormValues) => NoInfer<V>;
  fields?: FieldSpec[];
  color?: 'primary' | 'secondary' | 'error' | 'warning' | 'success';
  /** Runs after the mutation succeeded, with its result (a method: a spec of any operation fits a list of specs). */
  onDone?(data: R): unknown;
  testId?: string;
  /** What the action is done to, for the question (e.g. the message's serial number, the unit). */
  subject?: string;
  /** What the decision rests on, shown above the fields. */
  details?: ReactNode;
  /** More inputs under the fields (a template picker, attachments). */
  extra?: (values: FormValues, set: SetFormValue) => ReactNode;
  /** Extra condition for 确定 (e.g. an upload still running). */
  ready?: (values: FormValues) => boolean;
}

/** A dialog's spec, its variables checked against its operation, kept in a list of specs of other operations. */
export const action = <V, R>(spec: ActionSpec<V, R>): ActionSpec => spec;

export function ActionDialog<V, R>(props: ActionSpec<V, R> & { label: string }) {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const init = () => initialValues(props.fields);
  const [values, setValues] = useState<FormValues>(init);
  const set: SetFormValue = (k, v) => setValues((s) => ({ ...s, [k]: v }));
  const ready = requiredFilled(props.fields, values) && (props.ready?.(values) ?? true);

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
      // Someone changed the record meanwhile: show the page as it is now.
      if (e instanceof ApiError && e.extensions.reason === 'VERSION_CONFLICT') {
        setOpen(false);
        refresh();
      }
    } finally {
      setBusy(false);
    }
  };
  const start = () => {
    setValues(init());
    setOpen(true);
  };
  const question = props.subject ? t('wz.confirm.askOn', { action: props.label, subject: props.subject }) : t('wz.confirm.ask', { action: props.label });
  return (
    <>
      <Button
        variant="contained"
        size="small"
        color={props.color ?? 'primary'}
        onClick={start}
        disabled={busy}
        data-testid={props.testId}
        sx={{ mr: 1, mb: 1 }}
      >
        {props.label}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} fullWidth maxWidth="sm" aria-labelledby={props.testId ? `${props.testId}-title` : undefined}>
        <DialogTitle id={props.testId ? `${props.testId}-title` : undefined}>{props.label}</DialogTitle>
        <DialogContent>
          <DialogContentText data-testid="dialog-question" sx={{ mb: 1 }}>
            {question}
          </DialogContentText>
          {props.details && (
            <Box data-testid="dialog-details" sx={{ mb: 1 }}>
              {props.details}
            </Box>
          )}
          <DialogFields fields={props.fields ?? []} values={values} set={set} />
          {props.extra?.(values, set)}
        </DialogContent>
        <DialogButtons onCancel={() => setOpen(false)} onConfirm={run} busy={busy} ready={ready} color={props.color} />
      </Dialog>
    </>
  );
}

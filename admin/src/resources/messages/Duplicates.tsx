/**
 * 并单 (merge) and the server's 疑似重复件 (duplicateSuggestions: same phone or ID number with alike text, or the
 * same title, within 30 days). The merge dialog takes the target's serial number, as staff know it, or a
 * suggestion picked with one click; at screening the message page lists the suggestions with a 并入此件 button
 * each (asking first: merging ends this message's own handling).
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogContent,
  DialogContentText,
  DialogTitle,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { fmt, useErrorText, usePerform } from '../../components/common';
import * as Ops from '../../generated/graphql';
import { DialogButtons } from '../../components/DialogButtons';

type Suggestion = Ops.DuplicateSuggestionsResult['message']['duplicateSuggestions'][number];
type Msg = { id: string; version: number };

/** The server's suggestions for a message (platform roles only: ask only where MERGE is offered). */
export function useDuplicateSuggestions(id: string, enabled: boolean) {
  const [rows, setRows] = useState<Suggestion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    gql(Ops.DuplicateSuggestions, { id })
      .then((r) => live && setRows(r.message.duplicateSuggestions))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, enabled]);
  return { rows, error };
}

function SuggestionText({ s }: { s: Suggestion }) {
  const t = useTranslate();
  return (
    <ListItemText
      primary={
        <>
          <span translate="no">{s.serialNo}</span> <span data-user-text>{s.title}</span>
        </>
      }
      secondary={`${fmt(s.submittedAt)} · ${t(`wz.enums.Channel.${s.channel}`)} · ${t(`wz.enums.MessageState.${s.state}`)}`}
    />
  );
}

async function merge(m: Msg, serialNo: string, note: string) {
  await gql(Ops.MergeMessage, { input: { messageId: m.id, expectedVersion: m.version, targetSerialNo: serialNo.trim(), note: note.trim() || undefined } });
}

/** The 并单 button and dialog: a serial number typed, or a suggestion chosen with one click. */
export function MergeDialog({ message: m }: { message: Msg }) {
  const t = useTranslate();
  const errorText = useErrorText();
  const { busy, perform } = usePerform();
  const [open, setOpen] = useState(false);
  const [serial, setSerial] = useState('');
  const [note, setNote] = useState('');
  const { rows, error } = useDuplicateSuggestions(m.id, open);
  const run = () =>
    serial.trim() &&
    perform(
      () => merge(m, serial, note),
      () => setOpen(false),
    );
  return (
    <>
      <Button
        variant="contained"
        size="small"
        onClick={() => {
          setSerial('');
          setNote('');
          setOpen(true);
        }}
        data-testid="action-MERGE"
        sx={{ mr: 1, mb: 1 }}
      >
        {t('wz.actions.MERGE')}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="merge-title">
        <DialogTitle id="merge-title">{t('wz.merge.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              label={t('wz.merge.serialNo')}
              helperText={t('wz.merge.serialHelp')}
              value={serial}
              onChange={(e) => setSerial(e.target.value)}
              required
              slotProps={{ htmlInput: { 'data-field': 'targetSerialNo', autoComplete: 'off' } }}
            />
            <Typography variant="subtitle2">{t('wz.merge.suggestions')}</Typography>
            {error ? (
              <Alert severity="error">{errorText(error)}</Alert>
            ) : rows === null ? (
              <Typography color="text.secondary">{t('wz.merge.loading')}</Typography>
            ) : rows.length === 0 ? (
              <Typography color="text.secondary" data-testid="no-suggestions">
                {t('wz.merge.none')}
              </Typography>
            ) : (
              <List dense data-testid="merge-suggestions" aria-label={t('wz.merge.suggestions')}>
                {rows.map((s) => (
                  <ListItem key={s.id} disablePadding data-serial={s.serialNo}>
                    <ListItemButton
                      selected={serial.trim().toUpperCase() === s.serialNo}
                      aria-pressed={serial.trim().toUpperCase() === s.serialNo}
                      onClick={() => setSerial(s.serialNo)}
                    >
                      <SuggestionText s={s} />
                      {serial.trim().toUpperCase() === s.serialNo && <CheckIcon color="primary" aria-hidden />}
                    </ListItemButton>
                  </ListItem>
                ))}
              </List>
            )}
            <TextField label={t('wz.fields.note')} value={note} onChange={(e) => setNote(e.target.value)} slotProps={{ htmlInput: { 'data-field': 'note' } }} />
          </Stack>
        </DialogContent>
        <DialogButtons onCancel={() => setOpen(false)} onConfirm={run} busy={busy} ready={!!serial.trim()} />
      </Dialog>
    </>
  );
}

/** At screening: the suggestions on the message page, each openable and mergeable into with one click (asked first). */
export function DuplicatesSection({ message: m }: { message: Msg & { availableActions: string[] } }) {
  const t = useTranslate();
  const errorText = useErrorText();
  const createPath = useCreatePath();
  const enabled = m.availableActions.includes('MERGE');
  const { rows, error } = useDuplicateSuggestions(m.id, enabled);
  if (!enabled) return null;
  return (
    <div data-testid="duplicates">
      {error ? (
        <Alert severity="error">{errorText(error)}</Alert>
      ) : rows === null ? null : rows.length === 0 ? (
        <Typography color="text.secondary">{t('wz.merge.none')}</Typography>
      ) : (
        <List dense>
          {rows.map((s) => (
            <ListItem key={s.id} data-serial={s.serialNo} secondaryAction={<ConfirmMerge message={m} serialNo={s.serialNo} title={s.title} />}>
              <ListItemText
                primary={
                  <Link to={createPath({ resource: 'messages', type: 'show', id: s.id })}>
                    <span translate="no">{s.serialNo}</span> <span data-user-text>{s.title}</span>
                  </Link>
                }
                secondary={`${fmt(s.submittedAt)} · ${t(`wz.enums.Channel.${s.channel}`)} · ${t(`wz.enums.MessageState.${s.state}`)}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </div>
  );
}

/** 并入此件 for one target (e.g. a similar message), asking first: merging ends this message's own handling. */
export function ConfirmMerge({ message: m, serialNo, title }: { message: Msg; serialNo: string; title: string }) {
  const t = useTranslate();
  const { busy, perform } = usePerform();
  const [open, setOpen] = useState(false);
  const run = () =>
    perform(
      () => merge(m, serialNo, ''),
      () => setOpen(false),
    );
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`merge-into-${serialNo}`}>
        {t('wz.merge.into')}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} aria-labelledby={`merge-${serialNo}`}>
        <DialogTitle id={`merge-${serialNo}`}>{t('wz.actions.MERGE')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('wz.merge.confirm', { serial: serialNo })}</DialogContentText>
          <Typography sx={{ mt: 1 }} data-user-text>
            {title}
          </Typography>
        </DialogContent>
        <DialogButtons onCancel={() => setOpen(false)} onConfirm={run} busy={busy} confirmTestId="merge-confirm" />
      </Dialog>
    </>
  );
}

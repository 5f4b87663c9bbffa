/**
 * 交办 (assign): lead and assist units (only units that handle messages are offered; the server refuses the
 * platform itself), the urgent and complex switches, instructions, and a preview of the sign-by and reply-by
 * dates the assignment would get now. The preview is the server's `deadlinePreview` (SLA policy and working
 * calendar, the same computation as the assignment); it is asked again whenever a switch changes.
 */
import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { useGqlQuery } from '../../api/useGqlQuery';
import { LabelledSwitch } from '../../components/LabelledSwitch';
import { UnitPicker } from '../../components/UnitPicker';
import { fmt, useErrorText, usePerform } from '../../components/common';
import * as Ops from '../../generated/graphql';
import { Group, openMembers } from './Grouping';
import { DialogButtons } from '../../components/DialogButtons';

type Unit = { id: string; name: string };

/** Where a unit is to be assigned: only units that handle messages (not the platform itself). */
export const ASSIGNABLE = { handlesMessages: true };

export function DeadlinePreviewBox({ messageId, isUrgent, isComplex }: { messageId: string; isUrgent: boolean; isComplex: boolean }) {
  const t = useTranslate();
  const errorText = useErrorText();
  // Asked again whenever a switch changes; the previous preview is not shown meanwhile.
  const query = useGqlQuery(Ops.DeadlinePreview, { input: { messageId, isUrgent, isComplex } }, { quiet: true });
  const preview = query.data?.deadlinePreview;
  const error = query.error ? errorText(query.error) : null;
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!preview)
    return (
      <Typography color="text.secondary" data-testid="deadline-preview-loading">
        {t('wz.assign.previewLoading')}
      </Typography>
    );
  const amount = { reply: `${preview.replyAmount} ${t(`wz.enums.DeadlineUnit.${preview.replyUnit}`)}`, sign: preview.signWorkingDays };
  return (
    <Box
      data-testid="deadline-preview"
      data-urgent={String(preview.isUrgent)}
      data-complex={String(preview.isComplex)}
      sx={{ p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      <Typography variant="subtitle2">{t('wz.assign.preview')}</Typography>
      <Typography variant="body2" color="text.secondary" data-testid="preview-policy">
        {preview.policyName ? t('wz.assign.policy', { name: preview.policyName, ...amount }) : t('wz.assign.defaultPolicy', amount)}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3} sx={{ mt: 1 }}>
        <PreviewDate label={t('wz.assign.signBy')} iso={preview.signDueAt} testId="preview-sign" />
        <PreviewDate label={t('wz.assign.replyBy')} iso={preview.replyDueAt} testId="preview-reply" />
      </Stack>
      <Typography variant="caption" color="text.secondary">
        {t('wz.assign.previewHint')}
      </Typography>
    </Box>
  );
}

/** A date of the preview under its label (the exact instant in data-iso). */
function PreviewDate({ label, iso, testId }: { label: string; iso: string; testId: string }) {
  return (
    <Box>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography data-testid={testId} data-iso={iso}>
        {fmt(iso)}
      </Typography>
    </Box>
  );
}

/**
 * 交办; `initialLead` opens it with that lead unit chosen (a lead-unit suggestion accepted with one click), and
 * `initialAssists` with the assist units the dispatch catalogue names with it.
 */
export function AssignDialog({
  message: m,
  initialLead,
  initialAssists,
  label,
  testId,
}: {
  message: { id: string; version: number; isUrgent: boolean; isComplex: boolean; group?: Group | null };
  initialLead?: Unit;
  initialAssists?: Unit[];
  label?: string;
  testId?: string;
}) {
  const t = useTranslate();
  const { busy, perform } = usePerform();
  const [open, setOpen] = useState(false);
  const [lead, setLead] = useState<Unit | null>(null);
  const [assists, setAssists] = useState<Unit[]>([]);
  const [isUrgent, setUrgent] = useState(m.isUrgent);
  const [isComplex, setComplex] = useState(m.isComplex);
  const [note, setNote] = useState('');
  // 相似件归并: the lead of a group may be assigned with the group's other unassigned messages (Grouping.tsx)
  const together = openMembers(m);
  const [withGroup, setWithGroup] = useState(true);
  const start = () => {
    setLead(initialLead ? { id: initialLead.id, name: initialLead.name } : null);
    setAssists((initialAssists ?? []).map((u) => ({ id: u.id, name: u.name })));
    setUrgent(m.isUrgent);
    setComplex(m.isComplex);
    setNote('');
    setWithGroup(true);
    setOpen(true);
  };
  const run = () =>
    lead &&
    perform(
      async () => {
        const input = {
          messageId: m.id,
          expectedVersion: m.version,
          leadUnitId: lead.id,
          assistUnitIds: assists.map((u) => u.id),
          isUrgent,
          isComplex,
          note: note.trim() || undefined,
        };
        if (together.length && withGroup) {
          const r = await gql(Ops.AssignMessageGroup, { input });
          return { message: 'wz.grouping.assignedTogether', args: { n: r.assignMessageGroup.assigned.length } };
        }
        await gql(Ops.AssignMessage, { input });
      },
      () => setOpen(false),
    );
  return (
    <>
      <Button
        variant={initialLead ? 'outlined' : 'contained'}
        size="small"
        onClick={start}
        data-testid={testId ?? 'action-ASSIGN'}
        sx={initialLead ? undefined : { mr: 1, mb: 1 }}
      >
        {label ?? t('wz.actions.ASSIGN')}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="assign-title">
        <DialogTitle id="assign-title">{t('wz.actions.ASSIGN')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <UnitPicker label={t('wz.fields.leadUnit')} value={lead} onChange={setLead} filter={ASSIGNABLE} />
            <UnitPicker
              label={t('wz.fields.assistUnits')}
              multiple
              value={assists}
              onChange={(v) => setAssists(v ?? [])}
              filter={ASSIGNABLE}
              testId="assist-search"
            />
            <Stack direction="row" spacing={2}>
              <LabelledSwitch label={t('wz.assign.urgent')} checked={isUrgent} onChange={setUrgent} testId="switch-urgent" />
              <LabelledSwitch label={t('wz.assign.complex')} checked={isComplex} onChange={setComplex} testId="switch-complex" />
            </Stack>
            <DeadlinePreviewBox messageId={m.id} isUrgent={isUrgent} isComplex={isComplex} />
            {together.length > 0 && (
              <Box data-testid="assign-group-option">
                <LabelledSwitch
                  label={t('wz.grouping.assignTogether', { n: together.length })}
                  checked={withGroup}
                  onChange={setWithGroup}
                  testId="switch-with-group"
                />
                <Typography variant="body2" color="text.secondary">
                  {together.map((x) => x.message.serialNo).join('、')} · {t('wz.grouping.assignTogetherHint')}
                </Typography>
              </Box>
            )}
            <TextField
              label={t('wz.fields.note')}
              multiline
              minRows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              slotProps={{ htmlInput: { 'data-field': 'note' } }}
            />
          </Stack>
        </DialogContent>
        <DialogButtons onCancel={() => setOpen(false)} onConfirm={run} busy={busy} ready={!!lead} />
      </Dialog>
    </>
  );
}

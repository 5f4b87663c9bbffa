/**
 * 相似件归并 on the message page (docs/analysis.md, "Groups of similar messages"):
 *  - the group the message is in: its messages within reach with their serial numbers and states, the lead (主件)
 *    marked, the lead's state for a member and the lead's published reply for reference; 移出 a member and 解除归并
 *    where the server offers UNGROUP;
 *  - the dialog that links the similar messages chosen in the 相似留言 panel into a group with this message as the
 *    lead (or into the group this message is in), with a note;
 *  - the 交办 dialog's option to assign the lead's group together (assignMessageGroup) lives in AssignDialog.
 */
import { useState } from 'react';
import { Box, Button, Chip, Dialog, DialogContent, DialogContentText, DialogTitle, List, ListItem, ListItemText, TextField, Typography } from '@mui/material';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { fmt, UserText, usePerform } from '../../components/common';
import * as Ops from '../../generated/graphql';
import { DialogButtons } from '../../components/DialogButtons';

type Member = { isLead: boolean; message: { id: string; serialNo: string; title: string; state: string } };
type LeadReply = { id: string; kind: string; state: string; content: string; publishedAt?: string | null };
export type Group = {
  id: string;
  size: number;
  note?: string | null;
  lead?: { id: string; serialNo: string; state: string; replies?: LeadReply[] } | null;
  members: Member[];
};
type Msg = { id: string; version: number; serialNo: string; availableActions: string[]; group?: Group | null };

/** Members of the lead's group that 交办 of the lead would assign with it (still unassigned). */
export const openMembers = (m: { id: string; group?: Group | null }) =>
  m.group && m.group.lead?.id === m.id ? m.group.members.filter((x) => !x.isLead && ['RECEIVED', 'ACCEPTED'].includes(x.message.state)) : [];

/** A button asking for confirmation (and an optional note) before it runs. */
function Confirm({
  label,
  title,
  text,
  testId,
  run,
  color = 'primary',
  withNote = false,
  disabled = false,
  variant = 'outlined',
}: {
  label: string;
  title: string;
  text: string;
  testId: string;
  run: (note: string) => Promise<unknown>;
  color?: 'primary' | 'warning' | 'error';
  withNote?: boolean;
  disabled?: boolean;
  variant?: 'outlined' | 'contained' | 'text';
}) {
  const t = useTranslate();
  const { busy, perform } = usePerform();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const go = () =>
    perform(
      async () => {
        await run(note.trim());
      },
      () => setOpen(false),
    );
  return (
    <>
      <Button
        size="small"
        variant={variant}
        color={color}
        disabled={disabled}
        onClick={() => {
          setNote('');
          setOpen(true);
        }}
        data-testid={testId}
      >
        {label}
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} fullWidth maxWidth="sm" aria-labelledby={`${testId}-title`}>
        <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText>{text}</DialogContentText>
          {withNote && (
            <TextField
              sx={{ mt: 2 }}
              fullWidth
              multiline
              minRows={2}
              label={t('wz.grouping.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              slotProps={{ htmlInput: { 'data-field': 'group-note', maxLength: 500 } }}
            />
          )}
        </DialogContent>
        <DialogButtons onCancel={() => setOpen(false)} onConfirm={go} busy={busy} color={color} />
      </Dialog>
    </>
  );
}

/** 归并为一组: the chosen similar messages join this message's group, or a new group with this message as its lead. */
export function LinkSimilarButton({ message: m, chosen }: { message: Msg; chosen: Array<{ id: string; serialNo: string }> }) {
  const t = useTranslate();
  const serials = chosen.map((c) => c.serialNo).join('、');
  const run = (note: string) =>
    m.group
      ? gql(Ops.AddToMessageGroup, { input: { groupId: m.group.id, messageIds: chosen.map((c) => c.id), note: note || undefined } })
      : gql(Ops.CreateMessageGroup, {
          input: { leadMessageId: m.id, memberMessageIds: chosen.map((c) => c.id), note: note || undefined, expectedVersion: m.version },
        });
  return (
    <Confirm
      label={t('wz.grouping.link', { n: chosen.length })}
      title={t('wz.grouping.linkTitle')}
      testId="link-similar"
      variant="contained"
      withNote
      disabled={!chosen.length}
      text={m.group ? t('wz.grouping.linkInto', { serials, lead: m.group.lead?.serialNo ?? '' }) : t('wz.grouping.linkNew', { serials, lead: m.serialNo })}
      run={run}
    />
  );
}

/** The group the message is in. */
export function GroupSection({ message: m }: { message: Msg }) {
  const t = useTranslate();
  const createPath = useCreatePath();
  const g = m.group;
  if (!g) return null;
  const canChange = m.availableActions.includes('UNGROUP');
  const isLead = g.lead?.id === m.id;
  const hidden = g.size - g.members.length;
  // the lead's published answer, offered to a member's handlers for reference: each message is still answered on its own
  const leadReply = !isLead ? [...(g.lead?.replies ?? [])].reverse().find((r) => r.kind === 'FINAL' && r.state === 'PUBLISHED') : undefined;
  return (
    <Box data-testid="message-group" data-size={g.size}>
      <Typography variant="body2" sx={{ mb: 1 }} data-testid="group-summary">
        {isLead ? (
          t('wz.grouping.isLead', { n: g.size })
        ) : g.lead ? (
          <>
            {t('wz.grouping.isMember', { n: g.size })}{' '}
            <Link to={createPath({ resource: 'messages', type: 'show', id: g.lead.id })}>
              <span translate="no">{g.lead.serialNo}</span>
            </Link>{' '}
            · {t('wz.grouping.leadState', { state: t(`wz.enums.MessageState.${g.lead.state}`) })}
          </>
        ) : (
          t('wz.grouping.isMemberLeadHidden', { n: g.size })
        )}
      </Typography>
      {g.note && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="group-note">
          {t('wz.grouping.note')}：<UserText>{g.note}</UserText>
        </Typography>
      )}
      <List dense disablePadding aria-label={t('wz.grouping.title')}>
        {g.members.map((x) => (
          <ListItem
            key={x.message.id}
            disableGutters
            data-testid="group-member"
            data-serial={x.message.serialNo}
            data-state={x.message.state}
            data-lead={String(x.isLead)}
            secondaryAction={
              canChange && !x.isLead ? (
                <Confirm
                  label={t('wz.grouping.remove')}
                  title={t('wz.grouping.remove')}
                  text={t('wz.grouping.removeText', { serial: x.message.serialNo })}
                  testId={`remove-${x.message.serialNo}`}
                  color="warning"
                  withNote
                  run={(note) => gql(Ops.RemoveFromMessageGroup, { input: { messageId: x.message.id, note: note || undefined } })}
                  variant="text"
                />
              ) : undefined
            }
          >
            <ListItemText
              primary={
                <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                  {x.message.id === m.id ? (
                    <span translate="no">{x.message.serialNo}</span>
                  ) : (
                    <Link to={createPath({ resource: 'messages', type: 'show', id: x.message.id })}>
                      <span translate="no">{x.message.serialNo}</span>
                    </Link>
                  )}
                  {x.isLead && <Chip size="small" color="primary" label={t('wz.grouping.lead')} />}
                  <Chip size="small" variant="outlined" label={t(`wz.enums.MessageState.${x.message.state}`)} data-testid="member-state" />
                  <UserText>{x.message.title}</UserText>
                </Box>
              }
            />
          </ListItem>
        ))}
      </List>
      {hidden > 0 && (
        <Typography variant="body2" color="text.secondary">
          {t('wz.grouping.hidden', { n: hidden })}
        </Typography>
      )}
      {leadReply && (
        <Box sx={{ mt: 1, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }} data-testid="lead-reply">
          <Typography variant="subtitle2">{t('wz.grouping.leadReply', { serial: g.lead!.serialNo, at: fmt(leadReply.publishedAt) })}</Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }} data-user-text>
            {leadReply.content}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {t('wz.grouping.leadReplyHint')}
          </Typography>
        </Box>
      )}
      {canChange && (
        <Box sx={{ mt: 1 }}>
          <Confirm
            label={t('wz.grouping.dissolve')}
            title={t('wz.grouping.dissolve')}
            text={t('wz.grouping.dissolveText')}
            testId="dissolve-group"
            color="warning"
            withNote
            run={(note) => gql(Ops.DissolveMessageGroup, { input: { groupId: g.id, note: note || undefined } })}
          />
        </Box>
      )}
    </Box>
  );
}

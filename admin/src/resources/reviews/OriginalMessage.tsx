/**
 * The citizen's message as the reviewer reads it before deciding (审核时查看原留言): title, kind, channel, time,
 * content and attachments, the citizen masked, in a dialog over the review queue; the full message page is one
 * click further.
 */
import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useNotify, useRedirect, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { fmt, useErrorText } from '../../components/common';
import { Attachments } from '../messages/Attachments';
import { OriginalMessage as OriginalQuery, OriginalMessageResult } from '../../generated/graphql';

type M = NonNullable<OriginalMessageResult['message']>;

export function OriginalMessageButton({ messageId }: { messageId: string }) {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const errorText = useErrorText();
  const [m, setM] = useState<M | null>(null);
  const open = async () => {
    try {
      setM((await gql(OriginalQuery, { id: messageId })).message);
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  const e = (name: string, v?: string | null) => (v ? t(`wz.enums.${name}.${v}`) : '');
  return (
    <>
      <Button size="small" variant="outlined" onClick={open} data-testid="review-original" sx={{ whiteSpace: 'nowrap' }}>
        {t('bo.review.original')}
      </Button>
      <Dialog open={!!m} onClose={() => setM(null)} fullWidth maxWidth="md" data-testid="original-dialog">
        {m && (
          <>
            <DialogTitle>{t('bo.review.originalTitle', { serialNo: m.serialNo })}</DialogTitle>
            <DialogContent dividers>
              <Typography variant="h6" data-user-text="" data-testid="original-title">
                {m.title}
              </Typography>
              <Typography color="text.secondary" sx={{ mb: 2 }}>
                {[
                  e('MessageType', m.type),
                  e('Channel', m.channel),
                  fmt(m.submittedAt),
                  e('MessageState', m.state),
                  m.category?.name,
                  m.region?.name,
                  m.addressedLeader ? `${m.addressedLeader.name}（${m.addressedLeader.title}）` : null,
                  m.leadUnit ? `${t('wz.fields.leadUnit')}：${m.leadUnit.name}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-wrap', mb: 2 }} data-user-text="" data-testid="original-content">
                {m.content}
              </Typography>
              {/* Files kept by the server need the session's token: the shared component fetches them with it. */}
              <Box sx={{ mb: 2 }}>
                <Attachments items={m.attachments} testId="original-attachments" />
              </Box>
              <Typography variant="subtitle2">{t('bo.review.citizen')}</Typography>
              <Typography data-user-text="">{[m.pii.realName, m.pii.phone, m.pii.address].filter(Boolean).join('　') || '—'}</Typography>
            </DialogContent>
            <DialogActions>
              <Button
                onClick={() => {
                  setM(null);
                  redirect('show', 'messages', m.id);
                }}
                data-testid="original-open"
              >
                {t('bo.review.openMessage')}
              </Button>
              <Button variant="contained" onClick={() => setM(null)}>
                {t('bo.review.close')}
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </>
  );
}

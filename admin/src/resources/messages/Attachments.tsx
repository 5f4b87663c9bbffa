/** The files of a message or a reply: names that open the file (fetched with the session's token). */
import { Button, Stack, Typography } from '@mui/material';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import { useNotify, useTranslate } from 'react-admin';
import { openAttachment } from '../../api/attachments';
import { useErrorText } from '../../components/common';

export function Attachments({ items, testId }: { items?: Array<{ name: string; url: string }> | null; testId?: string }) {
  const t = useTranslate();
  const notify = useNotify();
  const errorText = useErrorText();
  if (!items?.length) return null;
  const open = (a: { name: string; url: string }) => {
    // Files kept by this server are fetched with the token; an address elsewhere opens as it is.
    if (a.url.startsWith('/attachments/')) openAttachment(a.url, a.name).catch((e) => notify(errorText(e), { type: 'error' }));
    else window.open(a.url, '_blank', 'noopener,noreferrer');
  };
  return (
    <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', gap: 1, alignItems: 'center' }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary">
        {t('wz.show.attachments')}：
      </Typography>
      {items.map((a) => (
        <Button key={a.url} size="small" startIcon={<AttachFileIcon />} onClick={() => open(a)} data-name={a.name} sx={{ textTransform: 'none' }}>
          <span data-user-text>{a.name}</span>
        </Button>
      ))}
    </Stack>
  );
}

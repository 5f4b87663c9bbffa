/** Shows a freshly issued API key once (it cannot be shown again), with a copy button. */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

export function KeyDialog({ apiKey, name, onClose }: { apiKey: string | null; name?: string; onClose: () => void }) {
  const t = useTranslate();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey ?? '');
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog open={!!apiKey} fullWidth maxWidth="sm" data-testid="key-dialog">
      <DialogTitle>{t('wz.apiClients.keyTitle', { name: name ?? '' })}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('wz.apiClients.keyOnce')}
        </Alert>
        <TextField
          fullWidth
          value={apiKey ?? ''}
          slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'api-key', style: { fontFamily: 'monospace' } } }}
          onFocus={(e) => e.target.select()}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={copy}>{t(copied ? 'wz.apiClients.copied' : 'wz.apiClients.copy')}</Button>
        <Button
          variant="contained"
          onClick={() => {
            setCopied(false);
            onClose();
          }}
          data-testid="key-dialog-close"
        >
          {t('wz.apiClients.saved')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

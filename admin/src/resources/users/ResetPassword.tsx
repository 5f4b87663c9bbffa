/**
 * 重置密码 in the user form (platform admins): a temporary password, typed twice; the server checks its strength,
 * ends the user's sessions and makes them change it at the next login.
 */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { useErrorText } from '../../components/common';
import { ResetUserPassword } from '../../generated/graphql';

export function ResetPasswordButton() {
  const user = useRecordContext<{ id: string; displayName: string }>();
  const t = useTranslate();
  const notify = useNotify();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [pw, setPw] = useState({ a: '', b: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  const start = () => {
    setPw({ a: '', b: '' });
    setError(null);
    setOpen(true);
  };
  const save = async () => {
    if (!/^(?=.*[A-Za-z])(?=.*\d).{8,72}$/.test(pw.a)) return setError(t('bo.users.passwordHint'));
    if (pw.a !== pw.b) return setError(t('bo.users.mismatch'));
    setBusy(true);
    try {
      await gql(ResetUserPassword, { input: { id: user.id, newPassword: pw.a } });
      setOpen(false);
      notify(t('bo.users.resetDone', { name: user.displayName }), { type: 'success' });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outlined" onClick={start} data-testid="reset-password">
        {t('bo.users.resetPassword')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>
          {t('bo.users.resetPassword')}：<span data-user-text="">{user.displayName}</span>
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              type="password"
              label={t('bo.users.newPassword')}
              value={pw.a}
              onChange={(e) => setPw((p) => ({ ...p, a: e.target.value }))}
              helperText={t('bo.users.passwordHint')}
              autoComplete="new-password"
              slotProps={{ htmlInput: { 'data-field': 'newPassword' } }}
            />
            <TextField
              type="password"
              label={t('bo.users.confirmPassword')}
              value={pw.b}
              onChange={(e) => setPw((p) => ({ ...p, b: e.target.value }))}
              autoComplete="new-password"
              slotProps={{ htmlInput: { 'data-field': 'confirmPassword' } }}
            />
            {error && (
              <Alert severity="error" data-testid="reset-error">
                {error}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('wz.actions.cancel')}</Button>
          <Button variant="contained" onClick={save} disabled={busy || !pw.a || !pw.b} data-testid="reset-confirm">
            {t('wz.actions.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

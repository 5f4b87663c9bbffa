/**
 * A temporary password (a new account, or one an administrator reset) must be replaced before anything else: the
 * server refuses every other operation with FORBIDDEN / PASSWORD_CHANGE_REQUIRED until then. While the session says
 * so, this gate shows the change-password form in place of the console; once changed, the console appears.
 */
import { useEffect, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useLogout, useTranslate } from 'react-admin';
import { ApiError, gql, loadSession, PASSWORD_CHANGE_EVENT, saveSession } from '../api/client';
import { ChangeMyPassword } from '../generated/graphql';

const mustChange = () => !!loadSession()?.user.mustChangePassword;

export function PasswordChangeGate({ children }: { children: ReactNode }) {
  const [required, setRequired] = useState(mustChange);
  useEffect(() => {
    const onRequired = () => setRequired(mustChange());
    window.addEventListener(PASSWORD_CHANGE_EVENT, onRequired);
    return () => window.removeEventListener(PASSWORD_CHANGE_EVENT, onRequired);
  }, []);
  return required ? <ChangePasswordForm onDone={() => setRequired(false)} /> : <>{children}</>;
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const t = useTranslate();
  const logout = useLogout();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return setError({ field: 'repeatPassword', text: t('wz.password.mismatch') });
    setBusy(true);
    setError(null);
    try {
      const r = await gql(ChangeMyPassword, { input: { currentPassword: current, newPassword: next } });
      const s = loadSession();
      if (s) saveSession({ ...s, user: { ...s.user, mustChangePassword: r.changeMyPassword.user.mustChangePassword } });
      onDone();
    } catch (err) {
      const field = err instanceof ApiError ? String(err.extensions.field ?? '') : '';
      const known: Record<string, string> = { currentPassword: 'wz.password.wrongCurrent', newPassword: 'wz.password.policy' };
      const text =
        err instanceof ApiError && err.code === 'RATE_LIMITED'
          ? t('wz.password.rateLimited', { n: Number(err.extensions.retryAfterSeconds ?? 0) })
          : known[field]
            ? t(known[field])
            : (err as Error).message; // an ApiError is worded in the console's language already
      setError({ field, text });
    } finally {
      setBusy(false);
    }
  };

  /** The props of one of the form's password boxes, marked when the error is about it. */
  const passwordBox = (name: string, label: string, autoComplete: string, value: string, set: (v: string) => void) => ({
    type: 'password',
    name,
    label: t(label),
    autoComplete,
    required: true,
    value,
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(e.target.value),
    error: error?.field === name,
  });

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }} data-testid="password-change">
        <CardContent>
          <Box component="form" onSubmit={submit} noValidate>
            <Stack spacing={2}>
              <Typography variant="h5" component="h1">
                {t('wz.password.title')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('wz.password.explain')}
              </Typography>
              <TextField {...passwordBox('currentPassword', 'wz.password.current', 'current-password', current, setCurrent)} />
              <TextField {...passwordBox('newPassword', 'wz.password.next', 'new-password', next, setNext)} helperText={t('wz.password.rule')} />
              <TextField {...passwordBox('repeatPassword', 'wz.password.repeat', 'new-password', repeat, setRepeat)} />
              {error && (
                <Alert severity="error" data-testid="password-change-error">
                  {error.text}
                </Alert>
              )}
              <Button type="submit" variant="contained" disabled={busy || !current || !next || !repeat}>
                {t('wz.password.submit')}
              </Button>
              <Button type="button" onClick={() => logout()}>
                {t('ra.auth.logout')}
              </Button>
            </Stack>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
}

/**
 * A dialog's 取消 and 确定. 取消 closes it and 确定 does what it asks; both wait while it is being done, and 确定 waits
 * until the dialog is filled in (`ready`).
 */
import { Button, DialogActions, type ButtonProps } from '@mui/material';
import { useTranslate } from 'react-admin';

interface Props {
  onCancel: () => void;
  onConfirm: () => void;
  busy: boolean;
  ready?: boolean;
  color?: ButtonProps['color'];
  /** The confirm button's test id. */
  confirmTestId?: string;
}

export function DialogButtons({ onCancel, onConfirm, busy, ready = true, color = 'primary', confirmTestId = 'dialog-confirm' }: Props) {
  const t = useTranslate();
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={busy}>
        {t('wz.actions.cancel')}
      </Button>
      <Button variant="contained" color={color} onClick={onConfirm} disabled={busy || !ready} data-testid={confirmTestId}>
        {t('wz.actions.confirm')}
      </Button>
    </DialogActions>
  );
}

/** A switch with its label beside it, which also names it to screen readers. */
import { FormControlLabel, Switch } from '@mui/material';

interface Props {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
}

export function LabelledSwitch({ label, checked, onChange, testId }: Props) {
  return (
    <FormControlLabel
      control={<Switch checked={checked} onChange={(e) => onChange(e.target.checked)} slotProps={{ input: { 'aria-label': label } }} data-testid={testId} />}
      label={label}
    />
  );
}

/**
 * 停用 / 启用 in an edit page's toolbar, in place of a 删除 that could never work: units, users, leaders and
 * categories are disabled, never deleted (their history stays). Asks for confirmation, then saves the one field
 * (the data provider sends `isActive` through the resource's own mutation).
 */
import { useState } from 'react';
import { Button, Chip, Stack } from '@mui/material';
import { Confirm, SaveButton, Toolbar, useNotify, useRecordContext, useRefresh, useResourceContext, useTranslate, useUpdate } from 'react-admin';
import { useErrorText } from './common';

export function ActiveToggleButton({ nameField = 'name' }: { nameField?: string }) {
  const record = useRecordContext<{ id: string; isActive: boolean; [k: string]: unknown }>();
  const resource = useResourceContext();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const errorText = useErrorText();
  const [asking, setAsking] = useState(false);
  const [update, { isPending }] = useUpdate();
  if (!record) return null;
  const name = String(record[nameField] ?? '');
  const enable = !record.isActive;
  const run = () =>
    update(
      resource,
      { id: record.id, data: { isActive: enable }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setAsking(false);
          notify(enable ? 'bo.active.enabled' : 'bo.active.disabled', { type: 'info', messageArgs: { name } });
          refresh();
        },
        onError: (e) => {
          setAsking(false);
          notify(errorText(e), { type: 'error' });
        },
      },
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Chip
        size="small"
        color={record.isActive ? 'success' : 'default'}
        label={t(record.isActive ? 'bo.active.statusActive' : 'bo.active.statusInactive')}
        data-testid="active-status"
      />
      <Button
        variant="outlined"
        color={enable ? 'success' : 'error'}
        onClick={() => setAsking(true)}
        disabled={isPending}
        data-testid={enable ? 'enable' : 'disable'}
      >
        {t(enable ? 'bo.active.enable' : 'bo.active.disable')}
      </Button>
      <Confirm
        isOpen={asking}
        loading={isPending}
        title={t(enable ? 'bo.active.confirmEnable' : 'bo.active.confirmDisable', { name })}
        content={t(enable ? 'bo.active.enableContent' : 'bo.active.disableContent')}
        onConfirm={run}
        onClose={() => setAsking(false)}
      />
    </Stack>
  );
}

/** An edit page's toolbar: 保存 on the left, 停用/启用 (and any extra tools) on the right; no 删除. */
export function EditToolbar({ nameField, children }: { nameField?: string; children?: React.ReactNode }) {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        {children}
        <ActiveToggleButton nameField={nameField} />
      </Stack>
    </Toolbar>
  );
}

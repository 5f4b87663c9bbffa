/**
 * API clients (第三方接入): third-party frontends calling the public API with a key. Creating one shows its
 * key once; admins change scopes, allowed origins and the rate limit, disable or enable a client (its key
 * stops or works again at once) and issue a new key. The key itself is never stored by the console.
 */
import { useState } from 'react';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import {
  BooleanField,
  BooleanInput,
  CheckboxGroupInput,
  Create,
  Datagrid,
  FunctionField,
  List,
  minValue,
  maxValue,
  NumberInput,
  required,
  SaveButton,
  SimpleForm,
  TextArrayInput,
  TextInput,
  Toolbar,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { gql } from '../../api/client';
import { enumChoices, fmt } from '../../components/common';
import { KeyDialog } from '../../components/KeyDialog';
import { RotateApiClientKey, type ApiClientFields } from '../../generated/graphql';
import { RecordEdit } from '../../components/RecordForm';

/** How a key starts (wz_<prefix>_…), to recognise it; the rest is never shown again. */
const keyStart = (prefix: string) => `wz_${prefix}_…`;

/** Enable or disable a client from its row. */
function ToggleActive() {
  const r = useRecordContext<ApiClientFields>();
  const t = useTranslate();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate();
  if (!r) return null;
  const toggle = (e: React.MouseEvent) => {
    e.stopPropagation();
    update(
      'api-clients',
      { id: r.id, data: { isActive: !r.isActive }, previousData: r },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => notify(r.isActive ? 'wz.apiClients.disabled' : 'wz.apiClients.enabled', { type: 'info', messageArgs: { name: r.name } }),
        onError: (err) => notify((err as Error).message, { type: 'error' }),
      },
    );
  };
  return (
    <Button size="small" color={r.isActive ? 'error' : 'success'} disabled={isPending} onClick={toggle} data-testid={`toggle-${r.id}`}>
      {t(r.isActive ? 'wz.apiClients.disable' : 'wz.apiClients.enable')}
    </Button>
  );
}

export function ApiClientList() {
  const t = useTranslate();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
      <Datagrid rowClick="edit" bulkActionButtons={false} data-testid="api-clients">
        <FunctionField
          source="name"
          sortable={false}
          render={(r: ApiClientFields) => (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <span data-user-text>{r.name}</span>
              {r.sandbox ? <Chip size="small" color="info" label={t('wz.apiClients.sandbox')} data-testid={`sandbox-${r.id}`} /> : null}
            </Stack>
          )}
        />
        <FunctionField source="owner" sortable={false} render={(r: ApiClientFields) => <span data-user-text>{r.owner}</span>} />
        <FunctionField
          source="scopes"
          sortable={false}
          render={(r: ApiClientFields) => (
            <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', gap: 0.5 }}>
              {r.scopes.map((s: string) => (
                <Chip key={s} size="small" label={t(`wz.enums.ApiScope.${s}`)} />
              ))}
            </Stack>
          )}
        />
        <FunctionField
          source="allowedOrigins"
          sortable={false}
          render={(r: ApiClientFields) => (r.allowedOrigins.length ? <span translate="no">{r.allowedOrigins.join('\n')}</span> : t('wz.apiClients.anyOrigin'))}
          sx={{ whiteSpace: 'pre-line' }}
        />
        <FunctionField
          source="rateLimitPerMinute"
          sortable={false}
          render={(r: ApiClientFields) => t('wz.apiClients.perMinute', { n: r.rateLimitPerMinute })}
        />
        <FunctionField source="keyPrefix" sortable={false} render={(r: ApiClientFields) => <code translate="no">{keyStart(r.keyPrefix)}</code>} />
        <FunctionField source="lastUsedAt" sortable={false} render={(r: ApiClientFields) => (r.lastUsedAt ? fmt(r.lastUsedAt) : t('wz.apiClients.never'))} />
        <BooleanField source="isActive" sortable={false} />
        <ToggleActive />
      </Datagrid>
    </List>
  );
}

function Fields() {
  const t = useTranslate();
  return (
    <>
      <TextInput source="name" validate={required()} sx={{ minWidth: 360 }} />
      <TextInput source="owner" validate={required()} sx={{ minWidth: 360 }} helperText="wz.apiClients.ownerHelp" />
      <CheckboxGroupInput source="scopes" choices={enumChoices('ApiScope')} validate={required()} />
      {/* Origins are addresses (never translated): the example in the help text as well. */}
      <Box translate="no">
        <TextArrayInput source="allowedOrigins" helperText={<>{t('wz.apiClients.originsHelp')}</>} sx={{ minWidth: 480 }} />
      </Box>
      <NumberInput source="rateLimitPerMinute" validate={[required(), minValue(1), maxValue(100000)]} />
      <BooleanInput source="mayPassEndUserIp" helperText="wz.apiClients.endUserIpHelp" />
    </>
  );
}

export function ApiClientCreate() {
  const redirect = useRedirect();
  const [issued, setIssued] = useState<{ key: string; name: string } | null>(null);
  return (
    <>
      <Create
        record={{ scopes: ['PUBLIC_READ'], allowedOrigins: [], rateLimitPerMinute: 600, mayPassEndUserIp: false, sandbox: false }}
        mutationOptions={{ onSuccess: (data: ApiClientFields & { key: string }) => setIssued({ key: data.key, name: data.name }) }}
      >
        <SimpleForm>
          <Fields />
          <BooleanInput source="sandbox" helperText="wz.apiClients.sandboxHelp" />
        </SimpleForm>
      </Create>
      <KeyDialog
        apiKey={issued?.key ?? null}
        name={issued?.name}
        onClose={() => {
          setIssued(null);
          redirect('list', 'api-clients');
        }}
      />
    </>
  );
}

/** Issues a new key (the old one stops at once) and shows it once. */
function RotateKey() {
  const r = useRecordContext<ApiClientFields>();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [key, setKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!r) return null;
  const rotate = async () => {
    if (!window.confirm(t('wz.apiClients.rotateConfirm'))) return;
    setBusy(true);
    try {
      setKey((await gql(RotateApiClientKey, { id: String(r.id) })).rotateApiClientKey.key);
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button color="warning" onClick={rotate} disabled={busy} data-testid="rotate-key" sx={{ ml: 'auto' }}>
        {t('wz.apiClients.rotate')}
      </Button>
      <KeyDialog
        apiKey={key}
        name={r.name}
        onClose={() => {
          setKey(null);
          refresh();
        }}
      />
    </>
  );
}

function EditToolbar() {
  return (
    <Toolbar>
      <SaveButton />
      <RotateKey />
    </Toolbar>
  );
}

function Meta() {
  const r = useRecordContext<ApiClientFields>();
  const t = useTranslate();
  if (!r) return null;
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
      {t('wz.apiClients.keyPrefix')} <code translate="no">{keyStart(r.keyPrefix)}</code> ·{' '}
      {t('wz.apiClients.meta', { created: fmt(r.createdAt), used: r.lastUsedAt ? fmt(r.lastUsedAt) : t('wz.apiClients.never') })}
    </Typography>
  );
}

export function ApiClientEdit() {
  return (
    <RecordEdit titleSource="name" redirect="list" toolbar={<EditToolbar />}>
      <Meta />
      <Fields />
      <BooleanInput source="sandbox" disabled helperText="wz.apiClients.sandboxHelp" />
      <BooleanInput source="isActive" helperText="wz.apiClients.activeHelp" />
    </RecordEdit>
  );
}

/**
 * Staff register messages from the hotline, letters or posts found elsewhere (登记留言). After 保存 the serial
 * number and the query code (查询码, shown this once) are shown for the clerk to read out to the caller; the
 * form is then either left for the new message or emptied for the next call, so a second click cannot register
 * the same message twice (and a save already under way ignores further clicks). The phone number is checked
 * here as the server checks it; the server's refusal of a field is shown on that field.
 */
import { useRef, useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  Create,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  useCreate,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { ApiError } from '../../api/client';
import { enumChoices, useErrorText } from '../../components/common';

/**
 * The server's phone rule (server/src/modules/message/phone.ts), so that the clerk hears of a mistyped number
 * before saving: a mobile number, or a landline with its area code and an optional extension.
 */
function isPhone(raw: string): boolean {
  const main = (s: string) => {
    const d = s.replace(/^(?:\+86|0086)/, '').replace(/[-\s]/g, '');
    const n = /^86(1[3-9]\d{9})$/.exec(d)?.[1] ?? d;
    return /^1[3-9]\d{9}$/.test(n) ? 'mobile' : /^(0[12]\d|0[3-9]\d{2})([2-9]\d{6,7})$/.test(n) ? 'landline' : null;
  };
  const s = raw.replace(/[()（）\u3000]/g, ' ').trim();
  if (s.length > 30) return false;
  if (main(s)) return true;
  const ext = /^(.+?)(?:-|转|分机|#)(\d{1,6})$/.exec(s);
  return !!ext && main(ext[1]) === 'landline';
}
const phoneRule = (value: unknown) => (!value || isPhone(String(value)) ? undefined : 'wz.create.phoneInvalid');

type Unit = { name: string; parent?: { name: string } | null };
const unitText = (u?: Unit) => (u ? (u.parent ? `${u.name}（${u.parent.name}）` : u.name) : '');
const leaderText = (l?: { name: string; title: string; unit?: { name: string } | null }) => (l ? `${l.name}（${l.unit?.name ?? ''}${l.title}）` : '');
const search = (q: string) => ({ q });

interface Created {
  id: string;
  serialNo: string;
  title: string;
  queryCode: string | null;
}

/** The serial number and query code, large and grouped for reading out; the clerk chooses what comes next. */
function CreatedDialog({ created, onOpen, onAnother }: { created: Created | null; onOpen: () => void; onAnother: () => void }) {
  const t = useTranslate();
  const code = created?.queryCode ?? '';
  return (
    <Dialog open={!!created} fullWidth maxWidth="sm" data-testid="created-dialog" aria-labelledby="created-title">
      <DialogTitle id="created-title">{t('wz.create.doneTitle')}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{t('wz.create.readOut')}</Typography>
        <Stack spacing={2}>
          <Box>
            <Typography variant="body2" color="text.secondary">
              {t('wz.create.serialNo')}
            </Typography>
            <Typography variant="h5" sx={{ fontFamily: 'monospace' }} data-testid="created-serial" translate="no">
              {created?.serialNo}
            </Typography>
          </Box>
          <Box>
            <Typography variant="body2" color="text.secondary">
              {t('wz.create.queryCode')}
            </Typography>
            {/* Grouped 4 + 4 for reading out; the code itself has no space (data-code). */}
            <Typography
              variant="h3"
              component="p"
              sx={{ fontFamily: 'monospace', letterSpacing: '0.2em' }}
              data-testid="created-query-code"
              data-code={code}
              translate="no"
            >
              {code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code}
            </Typography>
          </Box>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {t('wz.create.once')}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onAnother} data-testid="created-another">
          {t('wz.create.another')}
        </Button>
        <Button variant="contained" onClick={onOpen} data-testid="created-open">
          {t('wz.create.open')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function MessageCreate() {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const errorText = useErrorText();
  const [create] = useCreate();
  const saving = useRef(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async (values: Record<string, unknown>) => {
    if (saving.current) return undefined;
    saving.current = true;
    try {
      const record = (await create('messages', { data: values }, { returnPromise: true })) as unknown as Created;
      setCreated(record);
      return undefined;
    } catch (e) {
      const field = e instanceof ApiError ? (e.extensions.field as string | undefined) : undefined;
      const text = field === 'phone' ? t('wz.create.phoneInvalid') : errorText(e);
      notify(text, { type: 'error' });
      // Shown on the field the server refused, when it is one of this form's.
      return field && FIELDS.includes(field) ? { [field]: text } : undefined;
    } finally {
      saving.current = false;
    }
  };
  return (
    <Create>
      <SimpleForm
        key={formKey}
        onSubmit={submit}
        defaultValues={{ channel: 'HOTLINE_12345', type: 'CONSULT', isPublic: false, isUrgent: false }}
        data-testid="message-create-form"
      >
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
          <SelectInput source="channel" choices={enumChoices('Channel')} validate={required()} />
          <SelectInput source="type" choices={enumChoices('MessageType')} validate={required()} />
          <ReferenceInput source="categoryId" reference="categories" filter={{ isActive: true }}>
            <AutocompleteInput optionText={(c: Unit) => unitText(c)} filterToQuery={search} sx={{ minWidth: 260 }} />
          </ReferenceInput>
        </Stack>
        <TextInput source="title" validate={required()} fullWidth />
        <TextInput source="content" validate={required()} multiline minRows={5} fullWidth />
        <Typography variant="subtitle2" color="text.secondary">
          {t('wz.create.addressee')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
          <ReferenceInput source="regionUnitId" reference="units" filter={{ kind: 'REGION', isActive: true }}>
            <AutocompleteInput optionText={unitText} filterToQuery={search} sx={{ minWidth: 260 }} helperText="wz.create.regionHelp" />
          </ReferenceInput>
          <ReferenceInput source="addressedLeaderId" reference="leaders" filter={{ isActive: true }}>
            <AutocompleteInput optionText={leaderText} filterToQuery={search} sx={{ minWidth: 260 }} />
          </ReferenceInput>
          <ReferenceInput source="addressedUnitId" reference="units" filter={{ isActive: true }}>
            <AutocompleteInput optionText={unitText} filterToQuery={search} sx={{ minWidth: 260 }} />
          </ReferenceInput>
        </Stack>
        <Typography variant="subtitle2" color="text.secondary">
          {t('wz.create.citizen')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
          <TextInput source="realName" />
          <TextInput source="phone" validate={phoneRule} helperText="wz.create.phoneHelp" />
          <TextInput source="idNumber" />
        </Stack>
        <TextInput source="address" fullWidth />
        <Stack direction="row" spacing={2}>
          <BooleanInput source="isPublic" />
          <BooleanInput source="isUrgent" />
        </Stack>
      </SimpleForm>
      <CreatedDialog
        created={created}
        onOpen={() => {
          const id = created!.id;
          setCreated(null);
          redirect('show', 'messages', id);
        }}
        onAnother={() => {
          setCreated(null);
          setFormKey((k) => k + 1);
        }}
      />
    </Create>
  );
}

const FIELDS = [
  'channel',
  'type',
  'categoryId',
  'title',
  'content',
  'regionUnitId',
  'addressedLeaderId',
  'addressedUnitId',
  'realName',
  'phone',
  'idNumber',
  'address',
];

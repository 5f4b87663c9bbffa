/**
 * SLA policies (时限规则): which messages a policy matches (type, category, urgent, complex), its deadlines
 * (sign, first response, reply), extensions, automatic closing and the review levels its replies pass.
 * The server picks the matching active policy of highest priority; admins maintain them, dispatchers and
 * supervisors may read them.
 */
import { Chip, Stack, Typography } from '@mui/material';
import {
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  Edit,
  FunctionField,
  List,
  NullableBooleanInput,
  NumberField,
  NumberInput,
  ReferenceField,
  required,
  minValue,
  maxValue,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  Toolbar,
  useTranslate,
} from 'react-admin';
import { enumChoices } from '../../components/common';
import { RecordTitle } from '../../components/RecordTitle';
import type { SlaPolicyFields } from '../../generated/graphql';
import { useCan } from '../../capabilities';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

function Any() {
  const t = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" component="span">
      {t('wz.sla.any')}
    </Typography>
  );
}

const yesNoAny = (t: (k: string) => string, v: boolean | null | undefined) => (v === null || v === undefined ? <Any /> : t(v ? 'wz.sla.yes' : 'wz.sla.no'));

export function SlaPolicyList() {
  const t = useTranslate();
  const may = useCan();
  const admin = may('SLA_MANAGE');
  return (
    <List sort={{ field: 'priority', order: 'DESC' }} pagination={false} perPage={1000} exporter={false}>
      <Datagrid rowClick={admin ? 'edit' : false} bulkActionButtons={false} data-testid="sla-policies">
        <TextField source="name" />
        <NumberField source="priority" />
        <FunctionField source="messageType" render={(r: SlaPolicyFields) => (r.messageType ? t(`wz.enums.MessageType.${r.messageType}`) : <Any />)} />
        <FunctionField
          source="categoryId"
          render={(r: SlaPolicyFields) => (r.categoryId ? <ReferenceField source="categoryId" reference="categories" link={false} /> : <Any />)}
        />
        <FunctionField source="isUrgent" render={(r: SlaPolicyFields) => yesNoAny(t, r.isUrgent)} />
        <FunctionField source="isComplex" render={(r: SlaPolicyFields) => yesNoAny(t, r.isComplex)} />
        <NumberField source="signWorkingDays" />
        <NumberField source="firstResponseWorkingHours" />
        <FunctionField source="replyAmount" sortable={false} render={(r: SlaPolicyFields) => `${r.replyAmount} ${t(`wz.enums.DeadlineUnit.${r.replyUnit}`)}`} />
        <NumberField source="maxExtensions" />
        <NumberField source="autoCloseDays" />
        <FunctionField
          label="wz.sla.reviewLevels"
          sortable={false}
          render={(r: SlaPolicyFields) => (
            <Stack direction="row" spacing={0.5}>
              {r.unitReviewRequired && <Chip size="small" label={t('wz.sla.unitReview')} />}
              {r.platformReviewRequired && <Chip size="small" label={t('wz.sla.platformReview')} />}
              {!r.unitReviewRequired && !r.platformReviewRequired && <Any />}
            </Stack>
          )}
        />
        <BooleanField source="isActive" />
      </Datagrid>
    </List>
  );
}

function PolicyForm() {
  const t = useTranslate();
  const hours = [required(), minValue(1), maxValue(70)];
  return (
    <SimpleForm
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      <Typography variant="subtitle2" color="text.secondary">
        {t('wz.sla.matching')}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
        <TextInput source="name" validate={required()} sx={{ minWidth: 280 }} />
        <NumberInput source="priority" validate={required()} />
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <SelectInput source="messageType" choices={enumChoices('MessageType')} emptyText="wz.sla.any" />
        <ReferenceByNameInput source="categoryId" reference="categories" sx={{ minWidth: 220 }} />
        <NullableBooleanInput source="isUrgent" nullLabel="wz.sla.any" trueLabel="wz.sla.yes" falseLabel="wz.sla.no" sx={{ minWidth: 140 }} />
        <NullableBooleanInput source="isComplex" nullLabel="wz.sla.any" trueLabel="wz.sla.yes" falseLabel="wz.sla.no" sx={{ minWidth: 140 }} />
      </Stack>
      <Typography variant="subtitle2" color="text.secondary">
        {t('wz.sla.deadlines')}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <NumberInput source="signWorkingDays" validate={[required(), minValue(1), maxValue(10)]} />
        <NumberInput source="firstResponseWorkingHours" validate={hours} />
        <NumberInput source="replyAmount" validate={[required(), minValue(1), maxValue(720)]} />
        <SelectInput source="replyUnit" choices={enumChoices('DeadlineUnit')} validate={required()} />
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <NumberInput source="maxExtensions" validate={[required(), minValue(0), maxValue(5)]} />
        <NumberInput source="autoCloseDays" validate={[required(), minValue(1), maxValue(90)]} />
      </Stack>
      <Typography variant="subtitle2" color="text.secondary">
        {t('wz.sla.review')}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <BooleanInput source="unitReviewRequired" />
        <BooleanInput source="platformReviewRequired" />
        <BooleanInput source="assistOpinionRequired" />
      </Stack>
      <BooleanInput source="isActive" />
    </SimpleForm>
  );
}

/** Defaults of a new policy: the platform's defaults (docs/workflow.md). */
const DEFAULTS = {
  priority: 10,
  isActive: true,
  signWorkingDays: 1,
  firstResponseWorkingHours: 5,
  replyAmount: 10,
  replyUnit: 'WORKING_DAYS',
  maxExtensions: 2,
  autoCloseDays: 7,
  unitReviewRequired: true,
  platformReviewRequired: true,
  assistOpinionRequired: true,
  isUrgent: null,
  isComplex: null,
};

export function SlaPolicyCreate() {
  return (
    <Create redirect="list" record={DEFAULTS}>
      <PolicyForm />
    </Create>
  );
}

export function SlaPolicyEdit() {
  return (
    <Edit title={<RecordTitle source="name" />} mutationMode="pessimistic" redirect="list">
      <PolicyForm />
    </Edit>
  );
}

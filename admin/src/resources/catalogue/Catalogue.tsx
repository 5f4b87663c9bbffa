/**
 * 派单目录 (dispatch catalogue): which unit leads a matter (主办) and which assist (协办), by keywords, category and
 * region, between two days. Administrators keep it (each change a version: who, when, what changed); dispatchers and
 * supervisors read it. The lead-unit suggestion on a message follows it first (智能派单, docs/knowledge.md).
 */
import { Box, Chip, Stack, TableCell, TableRow, Typography } from '@mui/material';
import {
  AutocompleteArrayInput,
  BooleanInput,
  CreateButton,
  Datagrid,
  DateInput,
  EditButton,
  FunctionField,
  List,
  ReferenceArrayInput,
  required,
  SelectInput,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { fmt, UserText } from '../../components/common';
import { Fact, RecordShow, Section } from '../../components/RecordPage';
import { SmallTable } from '../../components/SmallTable';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import type { CatalogueEntryFull, CatalogueEntryRow } from '../../generated/graphql';
import { useCan } from '../../capabilities';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

const ASSIGNABLE = { handlesMessages: true };

function InForce({ r }: { r: CatalogueEntryRow }) {
  const t = useTranslate();
  const key = !r.isActive ? 'retired' : r.inForce ? 'inForce' : 'outOfDates';
  return <Chip size="small" variant="outlined" color={key === 'inForce' ? 'success' : 'default'} label={t(`wz.catalogue.${key}`)} data-in-force={key} />;
}

const validity = (t: (k: string) => string, r: CatalogueEntryRow) =>
  `${r.validFrom ?? ''}${r.validFrom || r.validUntil ? ' ~ ' : t('wz.catalogue.always')}${r.validUntil ?? ''}`;

function ListActions() {
  const may = useCan();
  return <TopToolbar>{may('CATALOGUE_MANAGE') && <CreateButton />}</TopToolbar>;
}

export function CatalogueList() {
  const t = useTranslate();
  const filters = [
    <TextInput key="q" source="q" alwaysOn placeholder={t('wz.catalogue.search')} sx={{ minWidth: 240 }} />,
    <SelectInput
      key="isActive"
      source="isActive"
      alwaysOn
      choices={
        [
          { id: true, name: 'wz.catalogue.active' },
          { id: false, name: 'wz.catalogue.retired' },
        ] as never
      }
      emptyText="wz.catalogue.all"
    />,
    <ReferenceByNameInput key="unitId" source="unitId" reference="units" filter={ASSIGNABLE} />,
  ];
  return (
    <List filters={filters} actions={<ListActions />} perPage={25} exporter={false} sort={{ field: 'updatedAt', order: 'DESC' }}>
      <Datagrid rowClick="show" bulkActionButtons={false} data-testid="catalogue-list" sx={{ '& td.column-leadUnit': { whiteSpace: 'nowrap' } }}>
        <FunctionField source="matter" sortable={false} render={(r: CatalogueEntryRow) => <UserText>{r.matter}</UserText>} />
        <FunctionField source="keywords" sortable={false} render={(r: CatalogueEntryRow) => <UserText>{r.keywords.join('、')}</UserText>} />
        <FunctionField source="category" sortable={false} render={(r: CatalogueEntryRow) => r.category?.name ?? ''} />
        <FunctionField source="region" sortable={false} render={(r: CatalogueEntryRow) => r.region?.name ?? t('wz.catalogue.everywhere')} />
        <FunctionField source="leadUnit" sortable={false} render={(r: CatalogueEntryRow) => r.leadUnit.name} />
        <FunctionField source="assistUnits" sortable={false} render={(r: CatalogueEntryRow) => r.assistUnits.map((u) => u.name).join('、')} />
        <FunctionField source="validity" sortable={false} render={(r: CatalogueEntryRow) => validity(t, r)} />
        <FunctionField source="inForce" sortable={false} render={(r: CatalogueEntryRow) => <InForce r={r} />} />
        <FunctionField source="versionNo" sortable={false} render={(r: CatalogueEntryRow) => t('wz.catalogue.version', { n: r.versionNo })} />
      </Datagrid>
    </List>
  );
}

function EntryBody() {
  const r = useRecordContext<CatalogueEntryFull>();
  const t = useTranslate();
  const may = useCan();
  if (!r || !Array.isArray(r.versions)) return null;
  const f = (k: string) => t(`resources.dispatch-catalogue.fields.${k}`);
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 2, alignItems: 'center' }}>
        <Typography variant="h5" component="h1" data-testid="catalogue-matter">
          <UserText>{r.matter}</UserText>
        </Typography>
        <InForce r={r} />
        <Box sx={{ flexGrow: 1 }} />
        {may('CATALOGUE_MANAGE') && <EditButton />}
      </Stack>
      <Section>
        <Fact label={f('keywords')}>
          <UserText>{r.keywords.join('、') || '—'}</UserText>
        </Fact>
        <Fact label={f('category')}>{r.category?.name ?? '—'}</Fact>
        <Fact label={f('region')}>{r.region?.name ?? t('wz.catalogue.everywhere')}</Fact>
        <Fact label={f('leadUnit')}>{r.leadUnit.name}</Fact>
        <Fact label={f('assistUnits')}>{r.assistUnits.map((u) => u.name).join('、') || '—'}</Fact>
        <Fact label={f('validity')}>{validity(t, r)}</Fact>
        <Fact label={f('basis')}>
          <UserText>{r.basis ?? '—'}</UserText>
        </Fact>
        <Fact label={f('updatedByName')}>
          <UserText>{r.updatedByName ?? ''}</UserText> {fmt(r.updatedAt)}
        </Fact>
      </Section>
      <Section title={t('wz.catalogue.versions')}>
        <SmallTable head={['version', 'action', 'actor', 'time', 'changed'].map((c) => t(`wz.catalogue.col.${c}`))} testId="catalogue-versions">
          {r.versions.map((v) => (
            <TableRow key={v.id} data-version={v.versionNo} data-action={v.action}>
              <TableCell>{t('wz.catalogue.version', { n: v.versionNo })}</TableCell>
              <TableCell>{t(`wz.catalogue.action.${v.action}`, { _: v.action })}</TableCell>
              <TableCell>
                <UserText>{v.actorName ?? ''}</UserText>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{fmt(v.createdAt)}</TableCell>
              <TableCell>
                {Object.keys(v.changes ?? {})
                  .map((k) => t(`resources.dispatch-catalogue.fields.${k}`, { _: k }))
                  .join('、')}
              </TableCell>
            </TableRow>
          ))}
        </SmallTable>
      </Section>
    </Box>
  );
}

export function CatalogueShow() {
  return (
    <RecordShow titleSource="matter">
      <EntryBody />
    </RecordShow>
  );
}

function Fields() {
  return (
    <>
      <TextInput source="matter" validate={required()} fullWidth />
      <TextInput source="keywordsText" multiline minRows={2} fullWidth helperText="wz.catalogue.keywordsHelp" />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <ReferenceByNameInput source="categoryId" reference="categories" sx={{ minWidth: 220 }} />
        <ReferenceByNameInput source="regionUnitId" reference="units" filter={{ kind: 'REGION' }} sx={{ minWidth: 220 }} />
      </Stack>
      <ReferenceByNameInput source="leadUnitId" reference="units" filter={ASSIGNABLE} validate={required()} sx={{ minWidth: 320 }} />
      <ReferenceArrayInput source="assistUnitIds" reference="units" filter={ASSIGNABLE}>
        <AutocompleteArrayInput optionText="name" filterToQuery={(q) => ({ q })} sx={{ minWidth: 320 }} />
      </ReferenceArrayInput>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <DateInput source="validFrom" />
        <DateInput source="validUntil" />
      </Stack>
      <TextInput source="basis" multiline fullWidth />
    </>
  );
}

export function CatalogueCreate() {
  return (
    <RecordCreate redirect="show" record={{ assistUnitIds: [] }}>
      <Fields />
    </RecordCreate>
  );
}

export function CatalogueEdit() {
  return (
    <RecordEdit titleSource="matter" redirect="show">
      <Fields />
      <BooleanInput source="isActive" />
    </RecordEdit>
  );
}

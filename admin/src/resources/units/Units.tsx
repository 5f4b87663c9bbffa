/**
 * Units (单位): a tree opened level by level (the default view), or a searchable flat list in path order,
 * indented by level; created under a parent, renamed, moved, disabled — never deleted.
 */
import { Card, ToggleButton, ToggleButtonGroup } from '@mui/material';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import ListIcon from '@mui/icons-material/ViewList';
import {
  BooleanField,
  BooleanInput,
  CreateButton,
  Datagrid,
  List,
  NumberInput,
  required,
  SelectInput,
  TextInput,
  Title,
  TopToolbar,
  useStore,
  useTranslate,
} from 'react-admin';
import { EnumField, enumChoices, CodeField, TreeNameField } from '../../components/common';
import { UnitTree } from './UnitTree';
import { EditToolbar } from '../../components/ActiveToggle';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={enumChoices('UnitKind')} />,
  <BooleanInput key="isActive" source="isActive" />,
];

function ViewSwitch({ view, setView }: { view: string; setView: (v: string) => void }) {
  const t = useTranslate();
  return (
    <ToggleButtonGroup size="small" exclusive value={view} onChange={(_e, v) => v && setView(v)} sx={{ mr: 'auto' }}>
      <ToggleButton value="tree" data-testid="units-view-tree">
        <AccountTreeIcon fontSize="small" sx={{ mr: 0.5 }} />
        {t('wz.units.tree')}
      </ToggleButton>
      <ToggleButton value="list" data-testid="units-view-list">
        <ListIcon fontSize="small" sx={{ mr: 0.5 }} />
        {t('wz.units.list')}
      </ToggleButton>
    </ToggleButtonGroup>
  );
}

export function UnitList() {
  const t = useTranslate();
  const [view, setView] = useStore('units.view', 'tree');
  if (view === 'tree') {
    return (
      <>
        <Title title={t('resources.units.name', { smart_count: 2 })} />
        <TopToolbar sx={{ justifyContent: 'flex-start' }}>
          <ViewSwitch view={view} setView={setView} />
          <CreateButton />
        </TopToolbar>
        <Card sx={{ px: 2 }}>
          <UnitTree />
        </Card>
      </>
    );
  }
  return (
    <List
      filters={filters}
      sort={{ field: 'path', order: 'ASC' }}
      perPage={50}
      actions={
        <TopToolbar sx={{ width: '100%' }}>
          <ViewSwitch view={view} setView={setView} />
          <CreateButton />
        </TopToolbar>
      }
    >
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TreeNameField source="name" sortable={false} />
        <CodeField source="code" sortable={false} />
        <EnumField source="kind" enumName="UnitKind" />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function UnitCreate() {
  return (
    <RecordCreate redirect="list">
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={enumChoices('UnitKind')} validate={required()} />
      <ReferenceByNameInput source="parentId" reference="units" />
      <NumberInput source="sortOrder" />
    </RecordCreate>
  );
}

export function UnitEdit() {
  return (
    <RecordEdit titleSource="name" redirect="list" toolbar={<EditToolbar />}>
      <TextInput source="code" disabled />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={enumChoices('UnitKind')} />
      <ReferenceByNameInput source="parentId" reference="units" hint="wz.units.moveHelp" />
      <NumberInput source="sortOrder" />
    </RecordEdit>
  );
}

/** Leaders (领导): the people citizens may address, attached to a unit. */
import { BooleanField, Datagrid, List, NumberInput, required, TextField, TextInput } from 'react-admin';
import { UnitNameField } from '../../components/common';

import { EditToolbar } from '../../components/ActiveToggle';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

const unitInput = <ReferenceByNameInput source="unitId" reference="units" validate={required()} />;

export function LeaderList() {
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" sortable={false} />
        <TextField source="title" sortable={false} />
        <UnitNameField source="unit" sortable={false} />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function LeaderCreate() {
  return (
    <RecordCreate redirect="list">
      <TextInput source="name" validate={required()} />
      <TextInput source="title" validate={required()} />
      {unitInput}
      <NumberInput source="sortOrder" />
    </RecordCreate>
  );
}

export function LeaderEdit() {
  return (
    <RecordEdit titleSource="name" toolbar={<EditToolbar />}>
      <TextInput source="name" />
      <TextInput source="title" />
      {unitInput}
      <NumberInput source="sortOrder" />
    </RecordEdit>
  );
}

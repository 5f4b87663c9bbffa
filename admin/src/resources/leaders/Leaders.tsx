/** Leaders (领导): the people citizens may address, attached to a unit. */
import { BooleanField, Create, Datagrid, Edit, FunctionField, List, NumberInput, required, SimpleForm, TextField, TextInput } from 'react-admin';

import { EditToolbar } from '../../components/ActiveToggle';
import { RecordTitle } from '../../components/RecordTitle';
import type { LeaderFields } from '../../generated/graphql';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

const unitInput = <ReferenceByNameInput source="unitId" reference="units" validate={required()} />;

export function LeaderList() {
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" sortable={false} />
        <TextField source="title" sortable={false} />
        <FunctionField source="unit" sortable={false} render={(r: LeaderFields) => r.unit?.name} />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function LeaderCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <TextInput source="title" validate={required()} />
        {unitInput}
        <NumberInput source="sortOrder" />
      </SimpleForm>
    </Create>
  );
}

export function LeaderEdit() {
  return (
    <Edit title={<RecordTitle source="name" />} mutationMode="pessimistic">
      <SimpleForm toolbar={<EditToolbar />}>
        <TextInput source="name" />
        <TextInput source="title" />
        {unitInput}
        <NumberInput source="sortOrder" />
      </SimpleForm>
    </Edit>
  );
}

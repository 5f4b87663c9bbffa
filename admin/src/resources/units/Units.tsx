/** Units (单位): the tree in path order, indented by level; created under a parent, renamed, disabled — never deleted. */
import { BooleanField, BooleanInput, Create, Datagrid, Edit, FunctionField, List, NumberInput, ReferenceInput, AutocompleteInput, required, SelectInput, SimpleForm, TextField, TextInput } from 'react-admin';
import { EnumField, enumChoices } from '../../components/common';

const filters = [<TextInput key="q" source="q" alwaysOn />, <SelectInput key="kind" source="kind" choices={enumChoices('UnitKind')} />, <BooleanInput key="isActive" source="isActive" />];

export function UnitList() {
  return (
    <List filters={filters} sort={{ field: 'path', order: 'ASC' }} perPage={50}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <FunctionField source="name" sortable={false} render={(r: any) => <span style={{ paddingLeft: r.level * 20 }}>{r.name}</span>} />
        <TextField source="code" sortable={false} />
        <EnumField source="kind" enumName="UnitKind" />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function UnitCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="code" validate={required()} />
        <TextInput source="name" validate={required()} fullWidth />
        <SelectInput source="kind" choices={enumChoices('UnitKind')} validate={required()} />
        <ReferenceInput source="parentId" reference="units"><AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} /></ReferenceInput>
        <NumberInput source="sortOrder" />
      </SimpleForm>
    </Create>
  );
}

export function UnitEdit() {
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <TextInput source="code" disabled />
        <TextInput source="name" validate={required()} fullWidth />
        <SelectInput source="kind" choices={enumChoices('UnitKind')} />
        <NumberInput source="sortOrder" />
      </SimpleForm>
    </Edit>
  );
}

/** Leaders (领导): the people citizens may address, attached to a unit. */
import { AutocompleteInput, BooleanField, BooleanInput, Create, Datagrid, Edit, FunctionField, List, NumberInput, ReferenceInput, required, SimpleForm, TextField, TextInput } from 'react-admin';

const unitInput = <ReferenceInput source="unitId" reference="units"><AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} validate={required()} /></ReferenceInput>;

export function LeaderList() {
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" sortable={false} />
        <TextField source="title" sortable={false} />
        <FunctionField source="unit" sortable={false} render={(r: any) => r.unit?.name} />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function LeaderCreate() {
  return <Create redirect="list"><SimpleForm><TextInput source="name" validate={required()} /><TextInput source="title" validate={required()} />{unitInput}<NumberInput source="sortOrder" /></SimpleForm></Create>;
}

export function LeaderEdit() {
  return <Edit mutationMode="pessimistic"><SimpleForm><TextInput source="name" /><TextInput source="title" />{unitInput}<NumberInput source="sortOrder" /><BooleanInput source="isActive" /></SimpleForm></Edit>;
}

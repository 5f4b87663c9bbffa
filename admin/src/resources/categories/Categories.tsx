/** Categories (领域): a tree, in path order, indented by level. */
import { AutocompleteInput, BooleanField, BooleanInput, Create, Datagrid, Edit, FunctionField, List, ReferenceInput, required, SimpleForm, TextField, TextInput } from 'react-admin';

export function CategoryList() {
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]} perPage={100}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <FunctionField source="name" sortable={false} render={(r: any) => <span style={{ paddingLeft: r.level * 20 }}>{r.name}</span>} />
        <TextField source="code" sortable={false} />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function CategoryCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="code" validate={required()} />
        <TextInput source="name" validate={required()} />
        <ReferenceInput source="parentId" reference="categories"><AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} /></ReferenceInput>
      </SimpleForm>
    </Create>
  );
}

export function CategoryEdit() {
  return <Edit mutationMode="pessimistic"><SimpleForm><TextInput source="code" disabled /><TextInput source="name" /><BooleanInput source="isActive" /></SimpleForm></Edit>;
}

/** Categories (领域): a tree, in path order, indented by level. */
import { BooleanField, Create, Datagrid, Edit, FunctionField, List, required, SimpleForm, TextInput } from 'react-admin';
import { EditToolbar } from '../../components/ActiveToggle';
import { RecordTitle } from '../../components/RecordTitle';
import type { CategoryFields } from '../../generated/graphql';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

export function CategoryList() {
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]} perPage={100}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <FunctionField source="name" sortable={false} render={(r: CategoryFields) => <span style={{ paddingLeft: r.level * 20 }}>{r.name}</span>} />
        <FunctionField source="code" sortable={false} render={(r: CategoryFields) => <span translate="no">{r.code}</span>} />
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
        <ReferenceByNameInput source="parentId" reference="categories" />
      </SimpleForm>
    </Create>
  );
}

export function CategoryEdit() {
  return (
    <Edit title={<RecordTitle source="name" />} mutationMode="pessimistic">
      <SimpleForm toolbar={<EditToolbar />}>
        <TextInput source="code" disabled />
        <TextInput source="name" />
      </SimpleForm>
    </Edit>
  );
}

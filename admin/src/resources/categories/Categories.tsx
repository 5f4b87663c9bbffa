/** Categories (领域): a tree, in path order, indented by level. */
import { BooleanField, Datagrid, List, required, TextInput } from 'react-admin';
import { CodeField, TreeNameField } from '../../components/common';
import { EditToolbar } from '../../components/ActiveToggle';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

export function CategoryList() {
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]} perPage={100}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TreeNameField source="name" sortable={false} />
        <CodeField source="code" sortable={false} />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

export function CategoryCreate() {
  return (
    <RecordCreate redirect="list">
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} />
      <ReferenceByNameInput source="parentId" reference="categories" />
    </RecordCreate>
  );
}

export function CategoryEdit() {
  return (
    <RecordEdit titleSource="name" toolbar={<EditToolbar />}>
      <TextInput source="code" disabled />
      <TextInput source="name" />
    </RecordEdit>
  );
}

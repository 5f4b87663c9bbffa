/** Staff users (用户): admins create them with an initial password and change roles, units and status. */
import { BooleanField, Datagrid, FunctionField, List, PasswordInput, required, SelectInput, TextField, TextInput } from 'react-admin';
import { EnumField, enumChoices, fmt, CodeField, UnitNameField } from '../../components/common';
import { EditToolbar } from '../../components/ActiveToggle';
import { ResetPasswordButton } from './ResetPassword';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import type { UserFields } from '../../generated/graphql';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

const filters = [<TextInput key="q" source="q" alwaysOn />, <SelectInput key="role" source="role" choices={enumChoices('Role')} alwaysOn />];
const unitInput = <ReferenceByNameInput source="unitId" reference="units" validate={required()} />;

export function UserList() {
  return (
    <List filters={filters} sort={{ field: 'username', order: 'ASC' }}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <CodeField source="username" />
        <TextField source="displayName" />
        <EnumField source="role" enumName="Role" />
        <UnitNameField source="unit" sortable={false} />
        <BooleanField source="isActive" sortable={false} />
        <FunctionField source="lastLoginAt" render={(r: UserFields) => fmt(r.lastLoginAt)} />
      </Datagrid>
    </List>
  );
}

export function UserCreate() {
  return (
    <RecordCreate redirect="list">
      <TextInput source="username" validate={required()} />
      <TextInput source="displayName" validate={required()} />
      <SelectInput source="role" choices={enumChoices('Role')} validate={required()} />
      {unitInput}
      <PasswordInput source="password" validate={required()} />
    </RecordCreate>
  );
}

export function UserEdit() {
  return (
    // Users are disabled, never deleted: 停用/启用 and 重置密码 in the toolbar, no 删除.
    <RecordEdit
      titleSource="displayName"
      toolbar={
        <EditToolbar nameField="displayName">
          <ResetPasswordButton />
        </EditToolbar>
      }
    >
      <TextInput source="username" disabled />
      <TextInput source="displayName" />
      <SelectInput source="role" choices={enumChoices('Role')} />
      {unitInput}
    </RecordEdit>
  );
}

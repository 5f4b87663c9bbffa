/**
 * 常用语 (reply templates): unit reviewers keep their unit's, administrators any unit's; handlers pick them in the
 * reply dialog. Templates are disabled, never deleted.
 */
import { BooleanField, BooleanInput, Create, Datagrid, Edit, FunctionField, List, NumberInput, required, SimpleForm, TextInput } from 'react-admin';
import { UserText } from '../../components/common';
import { RecordTitle } from '../../components/RecordTitle';
import type { ReplyTemplateFields } from '../../generated/graphql';
import { useCan } from '../../capabilities';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

export function ReplyTemplateList() {
  return (
    <List sort={{ field: 'sortOrder', order: 'ASC' }} exporter={false} perPage={50}>
      <Datagrid rowClick="edit" bulkActionButtons={false} data-testid="reply-templates">
        <FunctionField source="title" sortable={false} render={(r: ReplyTemplateFields) => <UserText>{r.title}</UserText>} />
        <FunctionField source="text" sortable={false} render={(r: ReplyTemplateFields) => <UserText block>{r.text}</UserText>} />
        <FunctionField source="unit" sortable={false} render={(r: ReplyTemplateFields) => r.unit?.name} />
        <FunctionField source="sortOrder" render={(r: ReplyTemplateFields) => r.sortOrder} />
        <BooleanField source="isActive" sortable={false} />
      </Datagrid>
    </List>
  );
}

function Fields({ creating }: { creating?: boolean }) {
  const may = useCan();
  return (
    <>
      {creating && may('TEMPLATE_MANAGE_ALL_UNITS') && <ReferenceByNameInput source="unitId" reference="units" hint="resources.reply-templates.unitHelp" />}
      <TextInput source="title" validate={required()} sx={{ minWidth: 360 }} />
      <TextInput source="text" validate={required()} multiline minRows={4} fullWidth />
      <NumberInput source="sortOrder" />
    </>
  );
}

export function ReplyTemplateCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <Fields creating />
      </SimpleForm>
    </Create>
  );
}

export function ReplyTemplateEdit() {
  return (
    <Edit title={<RecordTitle source="title" />} mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <Fields />
        <BooleanInput source="isActive" />
      </SimpleForm>
    </Edit>
  );
}

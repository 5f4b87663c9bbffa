/**
 * 常用语 (reply templates): unit reviewers keep their unit's, administrators any unit's; handlers pick them in the
 * reply dialog. Templates are disabled, never deleted.
 */
import { BooleanField, BooleanInput, Datagrid, FunctionField, List, NumberInput, required, TextInput } from 'react-admin';
import { UserText, UnitNameField } from '../../components/common';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import type { ReplyTemplateFields } from '../../generated/graphql';
import { useCan } from '../../capabilities';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

export function ReplyTemplateList() {
  return (
    <List sort={{ field: 'sortOrder', order: 'ASC' }} exporter={false} perPage={50}>
      <Datagrid rowClick="edit" bulkActionButtons={false} data-testid="reply-templates">
        <FunctionField source="title" sortable={false} render={(r: ReplyTemplateFields) => <UserText>{r.title}</UserText>} />
        <FunctionField source="text" sortable={false} render={(r: ReplyTemplateFields) => <UserText block>{r.text}</UserText>} />
        <UnitNameField source="unit" sortable={false} />
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
    <RecordCreate redirect="list">
      <Fields creating />
    </RecordCreate>
  );
}

export function ReplyTemplateEdit() {
  return (
    <RecordEdit titleSource="title" redirect="list">
      <Fields />
      <BooleanInput source="isActive" />
    </RecordEdit>
  );
}

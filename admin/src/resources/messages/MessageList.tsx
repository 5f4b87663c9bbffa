import { CreateButton, Datagrid, DateInput, FunctionField, List, SelectInput, TextField, TextInput, TopToolbar, usePermissions } from 'react-admin';
import { EnumField, enumChoices, fmt, WarningField } from '../../components/common';
import { hasBulkActions, MessageBulkActions } from './BulkActions';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="state" source="state" choices={enumChoices('MessageState')} alwaysOn />,
  <SelectInput key="warningLevel" source="warningLevel" choices={enumChoices('WarningLevel')} alwaysOn />,
  <SelectInput key="type" source="type" choices={enumChoices('MessageType')} />,
  <SelectInput key="channel" source="channel" choices={enumChoices('Channel')} />,
  <DateInput key="submittedFrom" source="submittedFrom" />,
  <DateInput key="submittedTo" source="submittedTo" />,
];

function Actions() {
  const { permissions } = usePermissions();
  return <TopToolbar>{['PLATFORM_ADMIN', 'DISPATCHER'].includes(permissions) && <CreateButton />}</TopToolbar>;
}

export function MessageList() {
  const { permissions } = usePermissions();
  return (
    <List filters={filters} sort={{ field: 'submittedAt', order: 'DESC' }} actions={<Actions />} perPage={25}>
      <Datagrid rowClick="show" bulkActionButtons={hasBulkActions(permissions) ? <MessageBulkActions /> : false}>
        <TextField source="serialNo" sortable={false} />
        <TextField source="title" sortable={false} />
        <EnumField source="type" enumName="MessageType" />
        <EnumField source="state" enumName="MessageState" />
        <FunctionField source="leadUnit" sortable={false} render={(r: any) => r.leadUnit?.name ?? ''} />
        <FunctionField source="submittedAt" render={(r: any) => fmt(r.submittedAt)} />
        <FunctionField source="replyDueAt" render={(r: any) => fmt(r.replyDueAt)} />
        <WarningField source="warningLevel" />
      </Datagrid>
    </List>
  );
}

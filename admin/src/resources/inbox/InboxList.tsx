/**
 * The unit inbox (待办): the unit's assignments (and its subtree's), earliest due first, with warning colours.
 * It refreshes itself every 15 seconds until the realtime subscription replaces the polling.
 */
import { useEffect } from 'react';
import { Datagrid, FunctionField, List, SelectInput, useListContext, useRedirect } from 'react-admin';
import { EnumField, enumChoices, fmt, WarningField } from '../../components/common';

const filters = [
  <SelectInput key="state" source="state" choices={enumChoices('AssignmentState')} alwaysOn />,
  <SelectInput key="warningLevel" source="warningLevel" choices={enumChoices('WarningLevel')} alwaysOn />,
];

function AutoRefresh() {
  const { refetch } = useListContext();
  useEffect(() => {
    const timer = setInterval(() => refetch(), 15_000);
    return () => clearInterval(timer);
  }, [refetch]);
  return null;
}

export function InboxList() {
  const redirect = useRedirect();
  return (
    <List filters={filters} sort={{ field: 'replyDueAt', order: 'ASC' }} perPage={25} exporter={false} empty={false}>
      <AutoRefresh />
      <Datagrid bulkActionButtons={false} rowClick={(_id, _res, r: any) => { redirect('show', 'messages', r.message.id); return false; }}>
        <FunctionField source="message" sortable={false} render={(r: any) => `${r.message.serialNo} ${r.message.title}`} />
        <FunctionField source="unit" sortable={false} render={(r: any) => r.unit.name} />
        <EnumField source="role" enumName="AssignmentRole" />
        <EnumField source="state" enumName="AssignmentState" />
        <FunctionField source="signDueAt" sortable={false} render={(r: any) => fmt(r.signDueAt)} />
        <FunctionField source="replyDueAt" sortable={false} render={(r: any) => fmt(r.replyDueAt)} />
        <WarningField source="warningLevel" />
      </Datagrid>
    </List>
  );
}

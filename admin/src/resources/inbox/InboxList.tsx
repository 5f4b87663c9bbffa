/**
 * The unit inbox (待办): the unit's assignments (and its subtree's), earliest due first, with warning colours.
 * New assignments arrive live (subscription `assignmentEvents`) with a notification; a slow poll covers gaps.
 */
import { useEffect } from 'react';
import { Datagrid, FunctionField, List, SelectInput, TextInput, useListContext, useNotify, useRedirect } from 'react-admin';
import { loadSession } from '../../api/client';
import { live } from '../../api/live';
import { EnumField, enumChoices, fmt, UserText } from '../../components/common';
import { DeadlineChip } from '../../components/DeadlineChip';
import type { InboxFields } from '../../generated/graphql';

const filters = [
  <TextInput key="q" source="q" alwaysOn sx={{ minWidth: 220 }} />,
  <SelectInput key="state" source="state" choices={enumChoices('AssignmentState')} alwaysOn />,
  <SelectInput key="warningLevel" source="warningLevel" choices={enumChoices('WarningLevel')} alwaysOn />,
];

const EVENTS = `subscription($u: ID!) { assignmentEvents(unitId: $u) { type serialNo title } }`;

function LiveRefresh() {
  const { refetch } = useListContext();
  const notify = useNotify();
  useEffect(() => {
    const unitId = loadSession()?.user.unitId;
    const stop = unitId
      ? live<{ assignmentEvents: { type: string; serialNo: string; title: string } }>(
          EVENTS,
          { u: unitId },
          (d) => {
            refetch();
            if (d.assignmentEvents.type === 'ASSIGNED' || d.assignmentEvents.type === 'DELEGATED') {
              notify(`新交办：${d.assignmentEvents.serialNo} ${d.assignmentEvents.title}`, { type: 'info' });
            }
          },
          () => refetch(),
        )
      : () => undefined;
    const timer = setInterval(() => refetch(), 60_000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [refetch, notify]);
  return null;
}

export function InboxList() {
  const redirect = useRedirect();
  return (
    <List filters={filters} sort={{ field: 'replyDueAt', order: 'ASC' }} perPage={25} exporter={false} empty={false}>
      <LiveRefresh />
      <Datagrid
        bulkActionButtons={false}
        rowClick={(_id, _res, r) => {
          redirect('show', 'messages', r.message.id);
          return false;
        }}
      >
        <FunctionField
          source="message"
          sortable={false}
          render={(r: InboxFields) => (
            <>
              {r.message.serialNo} <UserText>{r.message.title}</UserText>
            </>
          )}
        />
        <FunctionField source="unit" sortable={false} render={(r: InboxFields) => r.unit.name} />
        <EnumField source="role" enumName="AssignmentRole" />
        <EnumField source="state" enumName="AssignmentState" />
        <FunctionField source="signDueAt" sortable={false} render={(r: InboxFields) => fmt(r.signDueAt)} />
        <FunctionField source="replyDueAt" sortable={false} render={(r: InboxFields) => fmt(r.replyDueAt)} />
        <FunctionField source="deadline" sortable={false} render={(r: InboxFields) => <DeadlineChip deadline={r.deadline} />} />
      </Datagrid>
    </List>
  );
}

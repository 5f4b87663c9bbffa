import { Chip, Tooltip } from '@mui/material';
import { CreateButton, Datagrid, DateInput, FilterButton, FunctionField, List, SelectInput, TextField, TextInput, TopToolbar, useTranslate } from 'react-admin';
import { EnumField, enumChoices, fmt, UserText } from '../../components/common';
import type { MessageListFields } from '../../generated/graphql';
import { DeadlineField } from '../../components/DeadlineChip';
import { CappedPagination } from '../../components/CappedPagination';
import { hasBulkActions, MessageBulkActions } from './BulkActions';
import { ExportCsvButton, FilterChips } from './ListTools';
import { useCan } from '../../capabilities';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

/**
 * The search box is always there (serial number, phone, name or words: the server decides); every other filter is
 * added from the 筛选 button, and every active one shows as a chip above the list (FilterChips).
 */
function useFilters() {
  const t = useTranslate();
  return [
    <TextInput key="q" source="q" alwaysOn placeholder={t('bo.search.placeholder')} sx={{ minWidth: 260 }} />,
    <SelectInput key="state" source="state" choices={enumChoices('MessageState')} />,
    <SelectInput key="warningLevel" source="warningLevel" choices={enumChoices('WarningLevel')} />,
    <SelectInput key="type" source="type" choices={enumChoices('MessageType')} />,
    <SelectInput key="channel" source="channel" choices={enumChoices('Channel')} />,
    <DateInput key="submittedFrom" source="submittedFrom" />,
    <DateInput key="submittedTo" source="submittedTo" />,
    <ReferenceByNameInput key="unitId" source="unitId" reference="units" />,
    <ReferenceByNameInput key="categoryId" source="categoryId" reference="categories" />,
  ];
}

/** 相似件归并 on the row: the lead says how many the group holds, a member which lead it is in (the server's groupMark). */
function GroupMark({ r }: { r: MessageListFields }) {
  const t = useTranslate();
  const g = r.groupMark;
  if (!g) return null;
  const label = g.isLead
    ? t('wz.grouping.markLead', { n: g.size })
    : g.leadSerialNo
      ? t('wz.grouping.markMember', { serial: g.leadSerialNo })
      : t('wz.grouping.markMemberHidden');
  return (
    <Tooltip title={t('wz.grouping.markTitle', { n: g.size })}>
      <Chip
        size="small"
        variant="outlined"
        color="secondary"
        label={label}
        sx={{ ml: 1 }}
        data-testid="group-mark"
        data-lead={g.isLead ? 'true' : 'false'}
        data-size={g.size}
      />
    </Tooltip>
  );
}

function Actions() {
  const may = useCan();
  return (
    <TopToolbar>
      <FilterButton disableSaveQuery />
      <ExportCsvButton />
      {may('MESSAGE_CREATE') && <CreateButton />}
    </TopToolbar>
  );
}

export function MessageList() {
  const may = useCan();
  const t = useTranslate();
  return (
    <List
      filters={useFilters()}
      sort={{ field: 'submittedAt', order: 'DESC' }}
      actions={<Actions />}
      perPage={25}
      exporter={false}
      pagination={<CappedPagination />}
    >
      <FilterChips />
      <Datagrid
        rowClick="show"
        bulkActionButtons={hasBulkActions(may) ? <MessageBulkActions /> : false}
        sx={{ '& td.column-type, & td.column-state': { whiteSpace: 'nowrap' } }}
      >
        <TextField source="serialNo" sortable={false} />
        <FunctionField
          source="title"
          sortable={false}
          render={(r: MessageListFields) => (
            <>
              <UserText>{r.title}</UserText>
              <GroupMark r={r} />
            </>
          )}
        />
        <EnumField source="type" enumName="MessageType" />
        <FunctionField
          source="state"
          sortable={false}
          render={(r: MessageListFields) => (r?.state ? `${t(`wz.enums.MessageState.${r.state}`)}${r.archivedAt ? ` · ${t('wz.show.archived')}` : ''}` : '')}
        />
        <FunctionField source="leadUnit" sortable={false} render={(r: MessageListFields) => r.leadUnit?.name ?? ''} />
        <FunctionField source="submittedAt" render={(r: MessageListFields) => fmt(r.submittedAt)} />
        <FunctionField source="replyDueAt" render={(r: MessageListFields) => fmt(r.replyDueAt)} />
        <DeadlineField source="deadline" />
      </Datagrid>
    </List>
  );
}

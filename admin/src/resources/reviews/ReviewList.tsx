/** Drafts waiting for the viewer's review level (审核队列), approved or sent back right here. */
import { useEffect } from 'react';
import { Datagrid, FunctionField, List, useListContext, useRecordContext } from 'react-admin';
import { live } from '../../api/live';
import { EnumField, fmt } from '../../components/common';
import { ReplyActions } from '../messages/WorkActions';

function Decide() {
  const r = useRecordContext<any>();
  return r ? <ReplyActions reply={r} /> : null;
}

/** Drafts arrive and leave live (subscription `reviewQueue`). */
function LiveRefresh() {
  const { refetch } = useListContext();
  useEffect(() => live(`subscription { reviewQueue { type } }`, {}, () => refetch()), [refetch]);
  return null;
}

export function ReviewList() {
  return (
    <List perPage={25} exporter={false} empty={false}>
      <LiveRefresh />
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <FunctionField source="message" render={(r: any) => `${r.message.serialNo} ${r.message.title}`} />
        <FunctionField source="unit" render={(r: any) => r.unit?.name ?? '平台直办'} />
        <EnumField source="kind" enumName="ReplyKind" />
        <EnumField source="state" enumName="ReplyState" />
        <FunctionField source="content" render={(r: any) => <span style={{ whiteSpace: 'pre-wrap' }}>{r.content}</span>} />
        <FunctionField source="submittedAt" render={(r: any) => fmt(r.submittedAt)} />
        <Decide />
      </Datagrid>
    </List>
  );
}

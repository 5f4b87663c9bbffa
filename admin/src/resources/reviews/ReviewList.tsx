/** Drafts waiting for the viewer's review level (审核队列), approved or sent back right here. */
import { Datagrid, FunctionField, List, useRecordContext } from 'react-admin';
import { EnumField, fmt } from '../../components/common';
import { ReplyActions } from '../messages/WorkActions';

function Decide() {
  const r = useRecordContext<any>();
  return r ? <ReplyActions reply={r} /> : null;
}

export function ReviewList() {
  return (
    <List perPage={25} exporter={false} empty={false}>
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

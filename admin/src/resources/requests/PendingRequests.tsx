/**
 * 待审批申请: the return and extension requests units made, oldest first, each with what the unit wrote (the
 * reason, the days asked, who asked when) and the current deadline, decided right here. The decision buttons are
 * the server's `availableActions` of the assignment; refusing needs a comment, granting an extension may grant
 * fewer or more days than asked.
 */
import { Chip, Typography } from '@mui/material';
import { FunctionField, Link, List, SelectInput, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { action, ActionDialog, type ActionSpec, type FieldSpec, optional, text } from '../../components/ActionDialog';
import { fmt } from '../../components/common';
import { HintedDatagrid } from '../../components/HintedDatagrid';
import * as Ops from '../../generated/graphql';
import { objectionDialogs } from '../messages/WorkActions';

type Row = Ops.PendingRequestFields;

function Decide() {
  const r = useRecordContext<Row>();
  const t = useTranslate();
  if (!r) return null;
  const a = r.assignment;
  const base = { assignmentId: a.id, expectedVersion: a.message.version };
  const comment = (required: boolean): FieldSpec => ({ name: 'comment', kind: 'multiline', label: t('wz.fields.comment'), required });
  const days: FieldSpec = { name: 'days', kind: 'number', label: t('bo.requests.grantDays'), required: true, initial: String(r.requestedDays ?? '') };
  const specs: Partial<Record<Ops.AssignmentAction, ActionSpec>> = {
    APPROVE_RETURN: action({
      doc: Ops.DecideReturn,
      color: 'success',
      fields: [comment(false)],
      variables: (v) => ({ input: { ...base, approve: true, comment: optional(v.comment) } }),
    }),
    REJECT_RETURN: action({
      doc: Ops.DecideReturn,
      color: 'error',
      fields: [comment(true)],
      variables: (v) => ({ input: { ...base, approve: false, comment: text(v.comment) } }),
    }),
    APPROVE_EXTENSION: action({
      doc: Ops.DecideExtension,
      color: 'success',
      fields: [days, comment(false)],
      variables: (v) => ({ input: { ...base, approve: true, days: Number(v.days) || undefined, comment: optional(v.comment) } }),
    }),
    REJECT_EXTENSION: action({
      doc: Ops.DecideExtension,
      color: 'error',
      fields: [comment(true)],
      variables: (v) => ({ input: { ...base, approve: false, comment: text(v.comment) } }),
    }),
  };
  Object.assign(specs, objectionDialogs(t, a, a.message.version, `${a.message.serialNo} · ${a.unit.name}`));
  const mine: Ops.AssignmentAction[] =
    r.kind === 'RETURN'
      ? ['APPROVE_RETURN', 'REJECT_RETURN']
      : r.kind === 'OBJECTION'
        ? ['UPHOLD_OBJECTION', 'REJECT_OBJECTION']
        : ['APPROVE_EXTENSION', 'REJECT_EXTENSION'];
  return (
    <div onClick={(e) => e.stopPropagation()} style={{ whiteSpace: 'nowrap' }}>
      {mine
        .filter((x) => a.availableActions.includes(x))
        .map((x) => {
          const s = specs[x];
          return s ? <ActionDialog key={x} label={t(`wz.actions.${x}`)} testId={`request-${x}`} {...s} /> : null;
        })}
    </div>
  );
}

function MessageCell() {
  const r = useRecordContext<Row>();
  const createPath = useCreatePath();
  if (!r) return null;
  const m = r.assignment.message;
  return (
    <Link to={createPath({ resource: 'messages', type: 'show', id: m.id })} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
      {m.serialNo} <span data-user-text="">{m.title}</span>
    </Link>
  );
}

const filters = [
  <SelectInput
    key="kind"
    source="kind"
    alwaysOn
    choices={[
      { id: 'RETURN', name: 'bo.requests.kind.RETURN' },
      { id: 'EXTENSION', name: 'bo.requests.kind.EXTENSION' },
      { id: 'OBJECTION', name: 'bo.requests.kind.OBJECTION' },
    ]}
  />,
];

export function PendingRequestList() {
  const t = useTranslate();
  return (
    <List filters={filters} perPage={25} exporter={false} empty={false} sort={{ field: 'requestedAt', order: 'ASC' }}>
      <HintedDatagrid hint={t('bo.requests.hint')} rowClick={false} data-testid="pending-requests">
        <FunctionField
          source="kind"
          sortable={false}
          render={(r: Row) => (
            <Chip
              size="small"
              color={r.kind === 'RETURN' ? 'warning' : r.kind === 'OBJECTION' ? 'secondary' : 'info'}
              label={t(`bo.requests.kind.${r.kind}`)}
              data-kind={r.kind}
            />
          )}
        />
        <FunctionField source="message" sortable={false} render={() => <MessageCell />} />
        <FunctionField source="unit" sortable={false} render={(r: Row) => r.assignment.unit.name} />
        <FunctionField
          source="reason"
          sortable={false}
          render={(r: Row) => (
            <div>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', minWidth: 220 }} data-user-text="" data-testid="request-reason">
                {r.reason}
              </Typography>
              {r.requestedByName && (
                <Typography variant="caption" color="text.secondary">
                  {t('bo.requests.by', { name: r.requestedByName, at: fmt(r.requestedAt) })}
                </Typography>
              )}
            </div>
          )}
        />
        <FunctionField
          source="requestedDays"
          sortable={false}
          render={(r: Row) => (r.requestedDays ? <span data-testid="request-days">{t('bo.requests.days', { n: r.requestedDays })}</span> : '')}
        />
        <FunctionField source="requestedAt" sortable={false} render={(r: Row) => fmt(r.requestedAt)} />
        <FunctionField source="replyDueAt" sortable={false} render={(r: Row) => fmt(r.assignment.replyDueAt)} />
        <Decide />
      </HintedDatagrid>
    </List>
  );
}

/**
 * 督办跟踪: formal supervisions (督办) by status: waiting for the unit's response (earliest due first, overdue ones
 * marked by the server), overdue, or answered (with the response). A row opens its message, where the supervisor
 * urges or supervises again.
 */
import { Chip, Typography } from '@mui/material';
import { FunctionField, List, SelectInput, useRedirect, useTranslate } from 'react-admin';
import { fmt } from '../../components/common';
import { HintedDatagrid } from '../../components/HintedDatagrid';
import type { SupervisionRowFields } from '../../generated/graphql';

type Row = SupervisionRowFields;

const filters = [
  <SelectInput key="status" source="status" alwaysOn choices={['OPEN', 'OVERDUE', 'ANSWERED'].map((s) => ({ id: s, name: `bo.supervisions.status.${s}` }))} />,
];

export function SupervisionList() {
  const t = useTranslate();
  const redirect = useRedirect();
  return (
    <List filters={filters} filterDefaultValues={{ status: 'OPEN' }} perPage={25} exporter={false} empty={false}>
      <HintedDatagrid
        hint={t('bo.supervisions.hint')}
        data-testid="supervisions"
        rowClick={(_id, _res, r) => {
          redirect('show', 'messages', (r as Row).message.id);
          return false;
        }}
      >
        <FunctionField
          source="message"
          sortable={false}
          render={(r: Row) => (
            <>
              {r.message.serialNo} <span data-user-text="">{r.message.title}</span>
            </>
          )}
        />
        <FunctionField source="unit" sortable={false} render={(r: Row) => r.unit?.name ?? t('bo.supervisions.allUnits')} />
        <FunctionField
          source="content"
          sortable={false}
          render={(r: Row) => (
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', minWidth: 180 }} data-user-text="">
              {r.content}
            </Typography>
          )}
        />
        <FunctionField
          source="createdAt"
          sortable={false}
          render={(r: Row) => (
            <>
              {fmt(r.createdAt)}
              {r.authorName ? (
                <Typography variant="caption" color="text.secondary" component="div">
                  {r.authorName}
                </Typography>
              ) : null}
            </>
          )}
        />
        <FunctionField
          source="dueAt"
          sortable={false}
          render={(r: Row) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {fmt(r.dueAt)} {r.overdue && <Chip size="small" color="error" label={t('bo.supervisions.overdue')} data-testid="supervision-overdue" />}
            </span>
          )}
        />
        <FunctionField
          source="response"
          sortable={false}
          render={(r: Row) =>
            r.response ? (
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', minWidth: 180 }} data-user-text="" data-testid="supervision-response">
                {r.response}
              </Typography>
            ) : (
              <Typography variant="body2" color="text.secondary">
                {t('bo.supervisions.waiting')}
              </Typography>
            )
          }
        />
        <FunctionField source="respondedAt" sortable={false} render={(r: Row) => fmt(r.respondedAt)} />
      </HintedDatagrid>
    </List>
  );
}

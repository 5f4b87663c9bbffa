/**
 * 致我的留言: the messages citizens addressed to the leader logged in, newest first, with the instructions given
 * (who wrote each, when) and a 批示 button where the server allows one (`availableActions`). A row opens the
 * message.
 */
import { Box, Typography } from '@mui/material';
import { FunctionField, List, TextInput, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { ActionDialog, text } from '../../components/ActionDialog';
import { EnumField, fmt, WarningField } from '../../components/common';
import { HintedDatagrid } from '../../components/HintedDatagrid';
import * as Ops from '../../generated/graphql';

type Row = Ops.AddressedMessageFields;

function Instructions() {
  const r = useRecordContext<Row>();
  const t = useTranslate();
  if (!r) return null;
  const given = r.supervisions.filter((s) => s.kind === 'INSTRUCTION');
  if (!given.length)
    return (
      <Typography variant="body2" color="text.secondary" data-testid="no-instruction">
        {t('bo.addressed.none')}
      </Typography>
    );
  return (
    <Box data-testid="instructions" sx={{ minWidth: 220 }}>
      {given.map((s) => (
        <Box key={s.id} sx={{ mb: 0.5 }} data-testid="instruction">
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }} data-user-text="">
            {s.content}
          </Typography>
          <Typography variant="caption" color="text.secondary" data-testid="instruction-by">
            {t('bo.addressed.by', { name: s.authorName ?? '', at: fmt(s.createdAt) })}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function Instruct() {
  const r = useRecordContext<Row>();
  const t = useTranslate();
  if (!r || !r.availableActions.includes('INSTRUCT')) return null;
  return (
    <div onClick={(e) => e.stopPropagation()}>
      <ActionDialog
        label={t('wz.actions.INSTRUCT')}
        testId="addressed-INSTRUCT"
        color="secondary"
        doc={Ops.InstructMessage}
        fields={[{ name: 'content', kind: 'multiline', label: t('wz.fields.content'), required: true }]}
        variables={(v) => ({ input: { messageId: r.id, content: text(v.content) } })}
      />
    </div>
  );
}

export function AddressedList() {
  const t = useTranslate();
  const redirect = useRedirect();
  return (
    <List filters={[<TextInput key="q" source="q" alwaysOn />]} sort={{ field: 'submittedAt', order: 'DESC' }} perPage={25} exporter={false} empty={false}>
      <HintedDatagrid
        hint={t('bo.addressed.hint')}
        data-testid="addressed"
        sx={{ '& td.column-state': { whiteSpace: 'nowrap' }, '& td.column-title': { minWidth: 180 } }}
        rowClick={(id) => {
          redirect('show', 'messages', id);
          return false;
        }}
      >
        <FunctionField source="serialNo" sortable={false} render={(r: Row) => r.serialNo} />
        <FunctionField source="title" sortable={false} render={(r: Row) => <span data-user-text="">{r.title}</span>} />
        <EnumField source="state" enumName="MessageState" />
        <FunctionField source="leadUnit" sortable={false} render={(r: Row) => r.leadUnit?.name ?? ''} />
        <FunctionField source="submittedAt" render={(r: Row) => fmt(r.submittedAt)} />
        <WarningField source="warningLevel" label="resources.messages.fields.warningLevel" />
        <FunctionField source="instructions" sortable={false} render={() => <Instructions />} />
        <Instruct />
      </HintedDatagrid>
    </List>
  );
}

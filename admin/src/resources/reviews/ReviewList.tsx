/** Drafts waiting for the viewer's review level (审核队列), approved or sent back right here. */
import { useEffect } from 'react';
import { Datagrid, FunctionField, List, useListContext, useRecordContext, useTranslate } from 'react-admin';
import { live } from '../../api/live';
import { EnumField, fmt, UserText } from '../../components/common';
import { ReplyActions } from '../messages/WorkActions';
import { OriginalMessageButton } from './OriginalMessage';
import { Chip, Stack, Tooltip } from '@mui/material';
import type { ReviewFields } from '../../generated/graphql';

/** The server's reply checks (答复质量): what to look at, never a verdict. */
function QualityFlags({ flags }: { flags: Array<{ code: string; detail: string }> }) {
  const t = useTranslate();
  if (!flags.length) return <Chip size="small" color="success" variant="outlined" label={t('wz.analysis.flagsNone')} data-testid="quality-ok" />;
  return (
    <Stack spacing={0.5} data-testid="quality-flags">
      {flags.map((f) => (
        <Tooltip key={f.code} title={<span data-user-text>{f.detail}</span>}>
          <Chip size="small" color="warning" label={t(`wz.enums.ReplyFlagCode.${f.code}`)} data-code={f.code} />
        </Tooltip>
      ))}
    </Stack>
  );
}

function Decide() {
  const r = useRecordContext<ReviewFields>();
  return r ? <ReplyActions reply={r} subject={r.message?.serialNo} /> : null;
}

/** Drafts arrive and leave live (subscription `reviewQueue`). */
function LiveRefresh() {
  const { refetch } = useListContext();
  useEffect(
    () =>
      live(
        `subscription { reviewQueue { type } }`,
        {},
        () => refetch(),
        () => refetch(),
      ),
    [refetch],
  );
  return null;
}

export function ReviewList() {
  const t = useTranslate();
  return (
    <List perPage={25} exporter={false} empty={false}>
      <LiveRefresh />
      {/* Headers stay on one line; the reply's text takes the room it needs. */}
      <Datagrid
        bulkActionButtons={false}
        rowClick={false}
        rowSx={() => ({ verticalAlign: 'top' })}
        sx={{
          '& .RaDatagrid-headerCell': { whiteSpace: 'nowrap' },
          '& td.column-content': { minWidth: 320 },
          '& td.column-kind, & td.column-state': { whiteSpace: 'nowrap' },
          '& td.column-unit': { minWidth: 120 },
        }}
      >
        <FunctionField
          source="message"
          render={(r: ReviewFields) => (
            <>
              <div>
                {r.message.serialNo} <UserText>{r.message.title}</UserText>
              </div>
              <OriginalMessageButton messageId={r.message.id} />
            </>
          )}
        />
        <FunctionField source="unit" render={(r: ReviewFields) => r.unit?.name ?? t('wz.show.direct')} />
        <EnumField source="kind" enumName="ReplyKind" />
        <EnumField source="state" enumName="ReplyState" />
        <FunctionField source="content" render={(r: ReviewFields) => <UserText block>{r.content}</UserText>} />
        <FunctionField source="qualityFlags" render={(r: ReviewFields) => <QualityFlags flags={r.qualityFlags ?? []} />} />
        <FunctionField source="submittedAt" render={(r: ReviewFields) => fmt(r.submittedAt)} />
        <Decide />
      </Datagrid>
    </List>
  );
}

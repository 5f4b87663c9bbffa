/**
 * Holiday overrides (节假日调整): dates an admin makes a working day (调休上班) or a day off (放假) for years the
 * official calendar library lacks or gets wrong. Keyed by date; an override may be removed (the library's
 * answer applies again). Beside the list, the server's working calendar of a month shows the result.
 */
import { useEffect, useState } from 'react';
import { Box, Card, CardContent, Chip, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import ChevronLeft from '@mui/icons-material/ChevronLeft';
import ChevronRight from '@mui/icons-material/ChevronRight';
import {
  BooleanInput,
  CreateButton,
  Datagrid,
  DateInput,
  DeleteButton,
  FunctionField,
  List,
  NumberInput,
  regex,
  required,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { useGqlQuery } from '../../api/useGqlQuery';
import { WorkingCalendar, type HolidayOverrideFields } from '../../generated/graphql';
import { shanghaiNow } from '../../components/common';
import { useCan } from '../../capabilities';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';

const thisYear = () => shanghaiNow().getUTCFullYear();
const thisMonth = () => shanghaiNow().getUTCMonth() + 1;
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

function KindChip({ working }: { working: boolean }) {
  const t = useTranslate();
  return <Chip size="small" color={working ? 'warning' : 'success'} label={t(working ? 'wz.holidays.working' : 'wz.holidays.off')} />;
}

/**
 * A month of the working calendar as the server computes it (overrides, the library, or the Mon-Fri fallback).
 * Admins click a day to override it, or to change its override.
 */
function MonthCalendar({ admin }: { admin: boolean }) {
  const t = useTranslate();
  const redirect = useRedirect();
  const open = (d: { date: string; source: string }) => {
    if (!admin) return;
    if (d.source === 'OVERRIDE') redirect('edit', 'holidays', d.date);
    else redirect(`/holidays/create?source=${encodeURIComponent(JSON.stringify({ date: d.date }))}`);
  };
  const { filterValues, data } = useListContext();
  const year = Number(filterValues.year) || thisYear();
  // The month shown: this month in the current year, January in another, until the arrows pick one of that year.
  const [picked, setPicked] = useState<{ year: number; month: number } | null>(null);
  const month = picked?.year === year ? picked.month : year === thisYear() ? thisMonth() : 1;
  const setMonth = (m: number) => setPicked({ year, month: m });
  const validYear = year >= 2000 && year <= 2100;
  const mm = String(month).padStart(2, '0');
  const calendar = useGqlQuery(
    WorkingCalendar,
    { from: `${year}-${mm}-01`, to: `${year}-${mm}-${new Date(Date.UTC(year, month, 0)).getUTCDate()}` },
    { enabled: validYear, quiet: true },
  );
  // An override saved or deleted changes the list's rows: the month is asked again.
  const { refetch } = calendar;
  useEffect(() => {
    if (validYear) void refetch();
  }, [data, validYear, refetch]);
  const days = (validYear && calendar.data?.workingCalendar) || [];
  const lead = days.length ? (weekday(days[0].date) + 6) % 7 : 0;
  return (
    <Card sx={{ ml: 2, mt: 8, width: 300, flexShrink: 0 }} data-testid="working-calendar">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <IconButton size="small" disabled={month === 1} onClick={() => setMonth(month - 1)} aria-label={t('wz.holidays.prevMonth')}>
            <ChevronLeft />
          </IconButton>
          <Typography variant="subtitle1">{t('wz.holidays.month', { year, month })}</Typography>
          <IconButton size="small" disabled={month === 12} onClick={() => setMonth(month + 1)} aria-label={t('wz.holidays.nextMonth')}>
            <ChevronRight />
          </IconButton>
        </Stack>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 0.5, mt: 1, textAlign: 'center' }}>
          {(t('wz.holidays.weekdays') as string).split(',').map((w) => (
            <Typography key={w} variant="caption" color="text.secondary">
              {w}
            </Typography>
          ))}
          {Array.from({ length: lead }, (_, i) => (
            <span key={`x${i}`} />
          ))}
          {days.map((d) => (
            <Tooltip
              key={d.date}
              title={`${d.date} ${t(d.isWorkingDay ? 'wz.holidays.workday' : 'wz.holidays.off')}${d.name ? ` · ${d.name}` : ''} (${t(`wz.holidays.source.${d.source}`)})`}
            >
              <Box
                data-date={d.date}
                data-working={d.isWorkingDay}
                data-source={d.source}
                onClick={() => open(d)}
                sx={{
                  py: 0.5,
                  cursor: admin ? 'pointer' : 'default',
                  borderRadius: 1,
                  fontSize: 13,
                  bgcolor: d.isWorkingDay ? 'transparent' : 'success.main',
                  color: d.isWorkingDay ? 'text.primary' : 'success.contrastText',
                  outline: d.source === 'OVERRIDE' ? '2px solid' : 'none',
                  outlineColor: 'warning.main',
                }}
              >
                {Number(d.date.slice(8))}
              </Box>
            </Tooltip>
          ))}
        </Box>
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
          {t('wz.holidays.legend')}
          {admin ? ` ${t('wz.holidays.clickHint')}` : ''}
        </Typography>
      </CardContent>
    </Card>
  );
}

export function HolidayList() {
  const t = useTranslate();
  const may = useCan();
  const admin = may('SLA_MANAGE');
  const filters = [<NumberInput key="year" source="year" alwaysOn min={2000} max={2100} />];
  return (
    <List
      filters={filters}
      filterDefaultValues={{ year: thisYear() }}
      sort={{ field: 'date', order: 'ASC' }}
      pagination={false}
      perPage={1000}
      exporter={false}
      aside={<MonthCalendar admin={admin} />}
      actions={<TopToolbar>{admin && <CreateButton />}</TopToolbar>}
      empty={false}
    >
      <Datagrid
        rowClick={admin ? 'edit' : false}
        bulkActionButtons={false}
        data-testid="holidays"
        empty={
          <Typography sx={{ p: 2 }} color="text.secondary">
            {t('wz.holidays.none')}
          </Typography>
        }
      >
        <TextField source="date" />
        <FunctionField
          label="wz.holidays.weekday"
          render={(r: HolidayOverrideFields) => (t('wz.holidays.weekdays') as string).split(',')[(weekday(r.date) + 6) % 7]}
        />
        <FunctionField source="isWorkingDay" render={(r: HolidayOverrideFields) => <KindChip working={r.isWorkingDay} />} />
        <TextField source="note" emptyText="" />
        {admin && <DeleteButton mutationMode="pessimistic" confirmTitle="wz.holidays.deleteTitle" confirmContent="wz.holidays.deleteContent" />}
      </Datagrid>
    </List>
  );
}

const dateFormat = regex(/^\d{4}-\d{2}-\d{2}$/, 'wz.holidays.badDate');

export function HolidayCreate() {
  return (
    <RecordCreate redirect="list" record={{ isWorkingDay: false }}>
      <DateInput source="date" validate={[required(), dateFormat]} />
      <BooleanInput source="isWorkingDay" helperText="wz.holidays.kindHelp" />
      <TextInput source="note" />
    </RecordCreate>
  );
}

export function HolidayEdit() {
  return (
    <RecordEdit redirect="list">
      <TextInput source="date" disabled />
      <BooleanInput source="isWorkingDay" helperText="wz.holidays.kindHelp" />
      <TextInput source="note" />
    </RecordEdit>
  );
}

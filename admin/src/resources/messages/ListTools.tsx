/**
 * Tools of the message list: the active filters as chips (every filter, also those set by a click on the
 * dashboard, in words, each removable), and the export of the list as it is filtered (the server's
 * /export/messages.csv with the same filter; private data masked there).
 */
import { useState } from 'react';
import { Box, Chip, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import CancelIcon from '@mui/icons-material/Cancel';
import { Button, type TranslateFunction as Translate, useGetOne, useListContext, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { loadSession } from '../../api/client';
import { wordError } from '../../api/errorText';
import { fmtDate } from '../../components/common';
import { messageFilterInput } from '../../dataProvider';

const ENUM_OF: Record<string, string> = { state: 'MessageState', type: 'MessageType', channel: 'Channel', warningLevel: 'WarningLevel' };

/** The name of a unit, category or leader a filter names by id (read from the API, never the id itself). */
function RefName({ resource, id }: { resource: string; id: string }) {
  const { data } = useGetOne(resource, { id });
  return <>{(data as { name?: string } | undefined)?.name ?? '…'}</>;
}

function valueText(key: string, value: unknown, t: Translate) {
  const values = Array.isArray(value) ? value : [value];
  if (ENUM_OF[key]) return values.map((v) => t(`wz.enums.${ENUM_OF[key]}.${v}`)).join('、');
  if (key === 'submittedFrom' || key === 'submittedTo') return String(value).slice(0, 10);
  if (key === 'ids') return t('bo.filters.ids', { n: values.length });
  return String(value);
}

const REFERENCES: Record<string, string> = { unitId: 'units', categoryId: 'categories', leaderId: 'leaders', regionUnitId: 'units' };

/** The active filters as chips; removing a chip removes the filter (and hides its input). */
export function FilterChips() {
  const t = useTranslate();
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const active = Object.entries(filterValues ?? {}).filter(
    ([k, v]) => k !== 'q' && v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length),
  );
  if (!active.length) return null;
  const remove = (key: string) => {
    const { [key]: _gone, ...rest } = filterValues;
    const { [key]: _hidden, ...shown } = displayedFilters ?? {};
    setFilters(rest, shown);
  };
  const label = (key: string) => t(`resources.messages.fields.${key}`, { _: key === 'addressedToMe' ? t('bo.filters.addressedToMe') : key });
  return (
    <Stack direction="row" spacing={1} sx={{ px: 2, py: 1, flexWrap: 'wrap', alignItems: 'center', rowGap: 1 }} data-testid="filter-chips">
      <Typography variant="body2" color="text.secondary">
        {t('bo.filters.active')}
      </Typography>
      {active.map(([key, value]) => (
        <Chip
          key={key}
          data-filter={key}
          color="primary"
          variant="outlined"
          label={
            <>
              {label(key)}：{REFERENCES[key] ? <RefName resource={REFERENCES[key]} id={String(value)} /> : valueText(key, value, t)}
            </>
          }
          onDelete={() => remove(key)}
          deleteIcon={<CancelIcon aria-label={t('bo.filters.remove', { label: label(key) })} />}
        />
      ))}
      {active.length > 1 && (
        <Chip label={t('bo.filters.clearAll')} onClick={() => setFilters(filterValues.q ? { q: filterValues.q } : {}, {})} data-testid="filter-clear" />
      )}
    </Stack>
  );
}

/** Query parameters of /export/messages.csv from the API filter (lists as comma lists, the rest as they are). */
export function exportParams(filter: Record<string, unknown>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    if (k === 'ids' || k === 'serialNo' || k === 'addressedToMe') continue; // not export filters
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return p;
}

/** Downloads the list as filtered (the server streams the CSV; the console adds the session token). */
export function ExportCsvButton() {
  const t = useTranslate();
  const notify = useNotify();
  const { filterValues, total } = useListContext();
  const [locale] = useLocaleState();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      // The header row in the console's language (the server names the columns in Chinese with lang=zh).
      const params = exportParams(messageFilterInput(filterValues ?? {}));
      if (locale !== 'en') params.set('lang', 'zh');
      const res = await fetch(`/export/messages.csv?${params}`, { headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` } });
      if (!res.ok) {
        const err = (await res.json().catch(() => null))?.errors?.[0];
        throw new Error(wordError(err?.extensions?.code, err?.extensions ?? {}));
      }
      const url = URL.createObjectURL(await res.blob());
      const a = Object.assign(document.createElement('a'), { href: url, download: `留言台账-${fmtDate(new Date().toISOString()).replace(/\//g, '-')}.csv` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      notify(t('bo.export.failed', { error: (e as Error).message }), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box component="span" title={t('bo.export.hint')}>
      <Button label="bo.export.button" onClick={download} disabled={busy || !total} data-testid="export-csv">
        <DownloadIcon />
      </Button>
    </Box>
  );
}

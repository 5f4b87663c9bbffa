import type { ComponentType } from 'react';
import { Pagination, PaginationProps, useListContext, useTranslate } from 'react-admin';

/** react-admin's Pagination passes its other props to MUI's TablePagination (its typings leave this one out). */
const LabelledPagination = Pagination as ComponentType<PaginationProps & { labelDisplayedRows: (p: { from: number; to: number }) => string }>;

/**
 * A list's pagination whose total may be capped: the server counts up to 10,000 rows (or to the page's end) and says
 * `totalIsCapped` when more match (docs/search.md), shown as "1-25 / 10,000+" (zh "1-25 / 10,000+ 条"). The data provider passes the flag as
 * the list's `meta`.
 */
export function CappedPagination() {
  const { meta, total } = useListContext();
  const t = useTranslate();
  if (!meta?.totalIsCapped) return <Pagination />;
  return (
    <LabelledPagination
      labelDisplayedRows={({ from, to }) =>
        t('ra.navigation.page_range_info', { offsetBegin: from, offsetEnd: to, total: t('wz.cappedTotal', { total: (total ?? 0).toLocaleString('en-US') }) })
      }
    />
  );
}

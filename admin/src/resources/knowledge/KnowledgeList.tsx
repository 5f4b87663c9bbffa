/**
 * 知识库: the articles the viewer may read. Views: all, 待审核 (the platform's review queue, oldest first), 需处理
 * (the viewer's units' articles that are expired, near or past their review date or end, sent back or poorly rated:
 * the server's `attention` filter, counted by `knowledgeAttention`) and 本单位维护 (the articles the viewer may edit).
 */
import { Chip, Stack, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { CreateButton, Datagrid, FunctionField, List, TextInput, TopToolbar, useListContext, useTranslate } from 'react-admin';
import { fmt, UserText } from '../../components/common';
import { useGqlQuery } from '../../api/useGqlQuery';
import { KnowledgeAttention, type KnowledgeArticleRow } from '../../generated/graphql';
import { useCan } from '../../capabilities';

const WARNING_COLOR: Record<string, 'error' | 'warning' | 'default'> = {
  EXPIRED: 'error',
  REVIEW_OVERDUE: 'error',
  POOR_RATINGS: 'warning',
  REJECTED: 'warning',
  EXPIRES_SOON: 'warning',
  REVIEW_DUE_SOON: 'warning',
};

export function KnowledgeWarnings({ warnings }: { warnings: string[] }) {
  const t = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
      {warnings.map((w) => (
        <Chip key={w} size="small" color={WARNING_COLOR[w] ?? 'default'} label={t(`wz.enums.KnowledgeWarning.${w}`)} data-warning={w} />
      ))}
    </Stack>
  );
}

const STATUS_COLOR: Record<string, 'success' | 'error' | 'default' | 'info'> = {
  LIVE: 'success',
  EXPIRED: 'error',
  REVIEW_OVERDUE: 'error',
  SCHEDULED: 'info',
};
export function KnowledgeStatusChip({ status }: { status: string }) {
  const t = useTranslate();
  return (
    <Chip size="small" variant="outlined" color={STATUS_COLOR[status] ?? 'default'} label={t(`wz.enums.KnowledgeStatus.${status}`)} data-status={status} />
  );
}

/** The views of the list as one choice. */
function Views() {
  const t = useTranslate();
  const may = useCan();
  const { filterValues, setFilters } = useListContext();
  const attention = useGqlQuery(KnowledgeAttention, {}, { quiet: true }).data?.knowledgeAttention ?? 0;
  const view = filterValues.review ? 'review' : filterValues.attention ? 'attention' : filterValues.mine ? 'mine' : 'all';
  const choose = (v: string | null) => {
    if (!v) return;
    const q = filterValues.q ? { q: filterValues.q } : {};
    setFilters(v === 'all' ? q : { ...q, [v]: true }, {});
  };
  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={view}
      onChange={(_e, v) => choose(v)}
      sx={{ px: 2, pt: 1 }}
      data-testid="knowledge-views"
      aria-label={t('resources.knowledge.name', { smart_count: 2 })}
    >
      <ToggleButton value="all" data-testid="view-all">
        {t('wz.kb.all')}
      </ToggleButton>
      {may('KNOWLEDGE_REVIEW') && (
        <ToggleButton value="review" data-testid="view-review">
          {t('wz.kb.review')}
        </ToggleButton>
      )}
      <ToggleButton value="attention" data-testid="view-attention">
        {t('wz.kb.attention')}
        {attention ? `（${attention}）` : ''}
      </ToggleButton>
      {may('KNOWLEDGE_WRITE') && (
        <ToggleButton value="mine" data-testid="view-mine">
          {t('wz.kb.mine')}
        </ToggleButton>
      )}
    </ToggleButtonGroup>
  );
}

function Actions() {
  const may = useCan();
  return <TopToolbar>{may('KNOWLEDGE_WRITE') && <CreateButton />}</TopToolbar>;
}

export function KnowledgeList() {
  const t = useTranslate();
  return (
    <List
      filters={[<TextInput key="q" source="q" alwaysOn placeholder={t('wz.kb.search')} sx={{ minWidth: 260 }} />]}
      actions={<Actions />}
      sort={{ field: 'updatedAt', order: 'DESC' }}
      perPage={25}
      exporter={false}
    >
      <Views />
      <Datagrid
        rowClick="show"
        bulkActionButtons={false}
        data-testid="knowledge-list"
        sx={{ '& td.column-state, & td.column-status': { whiteSpace: 'nowrap' } }}
      >
        <FunctionField source="title" sortable={false} render={(r: KnowledgeArticleRow) => <UserText>{r.title}</UserText>} />
        <FunctionField source="unit" sortable={false} render={(r: KnowledgeArticleRow) => r.unit.name} />
        <FunctionField source="category" sortable={false} render={(r: KnowledgeArticleRow) => r.category?.name ?? ''} />
        <FunctionField source="state" sortable={false} render={(r: KnowledgeArticleRow) => t(`wz.enums.KnowledgeState.${r.state}`)} />
        <FunctionField source="status" sortable={false} render={(r: KnowledgeArticleRow) => <KnowledgeStatusChip status={r.status} />} />
        <FunctionField source="warnings" sortable={false} render={(r: KnowledgeArticleRow) => <KnowledgeWarnings warnings={r.warnings} />} />
        <FunctionField source="versionNo" sortable={false} render={(r: KnowledgeArticleRow) => t('wz.kb.version', { n: r.versionNo })} />
        <FunctionField source="updatedAt" sortable={false} render={(r: KnowledgeArticleRow) => fmt(r.updatedAt)} />
      </Datagrid>
    </List>
  );
}

/**
 * Labels of the knowledge base (知识库: articles, review, validity warnings, versions and ledger, suggestions in the
 * screening and reply dialogs), in both languages, merged into each language's messages by i18nProvider.ts.
 */
type Messages = Record<string, unknown>;

const zh = {
  wz: {
    stats: {
      objections: { title: '派单异议', none: '本期没有派单异议', unit: '单位', raised: '提出', upheld: '成立', rejected: '不成立', pending: '待决定', upheldRate: '异议成立率' },
      gaps: {
        title: '派单目录空白', hint: '本期交办的留言中，交办时没有任何生效的派单目录条目覆盖的，宜补充进派单目录', assigned: '交办留言', covered: '目录覆盖', gaps: '目录空白', gapRate: '空白率',
        unrecorded: '%{n} 件交办时尚未记录目录覆盖情况，未计入', categories: '空白较多的领域', keywords: '空白留言高频词', region: '地区', none: '本期没有交办留言', noneGap: '无',
      },
    },
    catalogue: {
      search: '事项或关键词', all: '全部', active: '启用中', retired: '已停用', inForce: '生效中', outOfDates: '不在有效期内', always: '长期', everywhere: '全部地区',
      version: '第 %{n} 版', versions: '历史版本', keywordsHelp: '每行一个（也可用逗号、顿号分隔）；留言标题或内容含其中任一即匹配',
      col: { version: '版本', action: '操作', actor: '操作人', time: '时间', changed: '改动' },
      action: { CREATED: '新建', EDITED: '修改', RETIRED: '停用', ENABLED: '启用' },
    },
    kb: {
      all: '全部', review: '待审核', attention: '需处理', mine: '本单位维护', search: '搜索', content: '条目内容', versions: '历史版本', ledger: '台账',
      rating: '引用与评价', uses: '被引用 %{uses} 次，有评价 %{rated} 件，满意 %{satisfied} 件', noRating: '尚未被已发布的答复引用',
      questionsHelp: '每行一种问法', sourcesTitle: '政策依据', version: '第 %{n} 版', inForce: '现行版本：第 %{n} 版', noneInForce: '尚无生效版本',
      workingNote: '正在修改第 %{n} 版（%{state}）：审核通过前，第 %{published} 版继续有效', changed: '修改了：%{fields}', basedOn: '基于第 %{n} 版',
      everywhere: '全部地区', noEnd: '长期有效', fromApproval: '审核通过之日起', suggestions: '知识推荐', noSuggestions: '没有找到相关的知识条目',
      quote: '引用', quoted: '已引用', matched: '匹配词：', quotedHint: '已引用 %{n} 条知识，答复发布后计入引用统计', loading: '正在查找…', open: '查看',
      col: { time: '时间', action: '操作', actor: '操作人', version: '版本', detail: '内容', state: '状态', author: '编写人', reviewer: '审核人', comment: '审核意见' },
      action: { CREATED: '新建', EDITED: '修改', SUBMITTED: '提交审核', APPROVED: '审核通过', REJECTED: '退回', WITHDRAWN: '停用', RESTORED: '重新启用' },
      field: { title: '标题', questions: '常见问法', answer: '答复口径', categoryId: '领域', regionUnitId: '适用地区', visibility: '公开范围', sources: '政策依据', validFrom: '生效日期', validUntil: '失效日期', reviewBy: '复核日期' },
      act: { EDIT: '修改', SUBMIT: '提交审核', APPROVE: '审核通过', REJECT: '退回', WITHDRAW: '停用', RESTORE: '重新启用' },
    },
    enums: {
      KnowledgeState: { DRAFT: '草稿', IN_REVIEW: '待审核', REJECTED: '已退回', APPROVED: '已通过', WITHDRAWN: '已停用' },
      KnowledgeVersionState: { DRAFT: '草稿', IN_REVIEW: '待审核', REJECTED: '已退回', APPROVED: '现行版本', SUPERSEDED: '已被替代' },
      KnowledgeStatus: { UNPUBLISHED: '未发布', SCHEDULED: '未到生效日期', LIVE: '生效中', EXPIRED: '已过有效期', REVIEW_OVERDUE: '已过复核日期', WITHDRAWN: '已停用' },
      KnowledgeVisibility: { PUBLIC: '公开', STAFF: '仅内部' },
      KnowledgeWarning: { EXPIRED: '已过有效期', EXPIRES_SOON: '即将到期', REVIEW_OVERDUE: '已过复核日期', REVIEW_DUE_SOON: '即将复核', POOR_RATINGS: '答复评价偏低', REJECTED: '审核退回' },
    },
  },
  resources: {
    'dispatch-catalogue': {
      name: '派单目录 |||| 派单目录',
      fields: {
        matter: '事项', keywords: '关键词', keywordsText: '关键词', categoryId: '领域', category: '领域', regionUnitId: '适用地区', region: '适用地区', leadUnitId: '主办单位', leadUnit: '主办单位',
        assistUnitIds: '协办单位', assistUnits: '协办单位', validFrom: '生效日期', validUntil: '失效日期', validity: '有效期', basis: '依据', isActive: '启用', inForce: '状态', versionNo: '版本',
        updatedByName: '维护人', unitId: '单位', q: '搜索',
      },
    },
    knowledge: {
      name: '知识库 |||| 知识库',
      fields: {
        title: '标题', questionsText: '常见问法', questions: '常见问法', answer: '答复口径', categoryId: '领域', category: '领域', regionUnitId: '适用地区', region: '适用地区',
        visibility: '公开范围', validFrom: '生效日期', validUntil: '失效日期', reviewBy: '复核日期', unitId: '维护单位', unit: '维护单位', state: '状态', status: '生效状态',
        warnings: '需处理', versionNo: '版本', updatedAt: '更新时间', sources: '政策依据', sourceTitle: '文件名称', sourceNumber: '文号', sourceDate: '发文日期', sourceUrl: '链接', q: '搜索',
      },
    },
  },
};

const en = {
  wz: {
    stats: {
      objections: { title: 'Objections to assignments', none: 'No objection in the period', unit: 'Unit', raised: 'Raised', upheld: 'Upheld', rejected: 'Rejected', pending: 'Waiting', upheldRate: 'Upheld share' },
      gaps: {
        title: 'Catalogue gaps', hint: 'Messages assigned in the period that no dispatch catalogue entry in force covered when assigned: matters to add to the catalogue', assigned: 'Assigned', covered: 'Covered', gaps: 'Gaps', gapRate: 'Gap share',
        unrecorded: '%{n} assigned before coverage was recorded, not counted', categories: 'Categories with most gaps', keywords: 'Frequent words among gaps', region: 'Region', none: 'Nothing assigned in the period', noneGap: 'None',
      },
    },
    catalogue: {
      search: 'Matter or keyword', all: 'All', active: 'In use', retired: 'Retired', inForce: 'In force', outOfDates: 'Outside its dates', always: 'No limit', everywhere: 'Everywhere',
      version: 'version %{n}', versions: 'Versions', keywordsHelp: 'One per line (or separated by commas); a message whose title or text holds any of them matches',
      col: { version: 'Version', action: 'Action', actor: 'By', time: 'Time', changed: 'Changed' },
      action: { CREATED: 'Created', EDITED: 'Edited', RETIRED: 'Retired', ENABLED: 'Enabled' },
    },
    kb: {
      all: 'All', review: 'To review', attention: 'Needs attention', mine: 'My units\' articles', search: 'Search', content: 'Article', versions: 'Versions', ledger: 'Ledger',
      rating: 'Uses and ratings', uses: 'Quoted %{uses} times, %{rated} rated, %{satisfied} satisfied', noRating: 'Not yet quoted by a published reply',
      questionsHelp: 'One way of asking per line', sourcesTitle: 'Policy sources', version: 'version %{n}', inForce: 'In force: version %{n}', noneInForce: 'No version in force yet',
      workingNote: 'Version %{n} is being changed (%{state}): version %{published} stays in force until it is approved', changed: 'Changed: %{fields}', basedOn: 'based on version %{n}',
      everywhere: 'Everywhere', noEnd: 'No end', fromApproval: 'From approval', suggestions: 'Knowledge suggestions', noSuggestions: 'No related article found',
      quote: 'Quote', quoted: 'Quoted', matched: 'Words: ', quotedHint: '%{n} article(s) quoted; counted once the reply is published', loading: 'Looking…', open: 'Open',
      col: { time: 'Time', action: 'Action', actor: 'By', version: 'Version', detail: 'Details', state: 'State', author: 'Writer', reviewer: 'Reviewer', comment: 'Review comment' },
      action: { CREATED: 'Created', EDITED: 'Edited', SUBMITTED: 'Submitted', APPROVED: 'Approved', REJECTED: 'Sent back', WITHDRAWN: 'Withdrawn', RESTORED: 'Restored' },
      field: { title: 'Title', questions: 'Questions', answer: 'Answer', categoryId: 'Category', regionUnitId: 'Region', visibility: 'Visibility', sources: 'Sources', validFrom: 'Valid from', validUntil: 'Valid until', reviewBy: 'Review by' },
      act: { EDIT: 'Edit', SUBMIT: 'Submit for review', APPROVE: 'Approve', REJECT: 'Send back', WITHDRAW: 'Withdraw', RESTORE: 'Restore' },
    },
    enums: {
      KnowledgeState: { DRAFT: 'Draft', IN_REVIEW: 'In review', REJECTED: 'Sent back', APPROVED: 'Approved', WITHDRAWN: 'Withdrawn' },
      KnowledgeVersionState: { DRAFT: 'Draft', IN_REVIEW: 'In review', REJECTED: 'Sent back', APPROVED: 'In force', SUPERSEDED: 'Superseded' },
      KnowledgeStatus: { UNPUBLISHED: 'Unpublished', SCHEDULED: 'Scheduled', LIVE: 'Live', EXPIRED: 'Expired', REVIEW_OVERDUE: 'Review overdue', WITHDRAWN: 'Withdrawn' },
      KnowledgeVisibility: { PUBLIC: 'Public', STAFF: 'Staff only' },
      KnowledgeWarning: { EXPIRED: 'Expired', EXPIRES_SOON: 'Expires soon', REVIEW_OVERDUE: 'Review overdue', REVIEW_DUE_SOON: 'Review due soon', POOR_RATINGS: 'Poorly rated', REJECTED: 'Sent back' },
    },
  },
  resources: {
    'dispatch-catalogue': {
      name: 'Catalogue entry |||| Dispatch catalogue',
      fields: {
        matter: 'Matter', keywords: 'Keywords', keywordsText: 'Keywords', categoryId: 'Category', category: 'Category', regionUnitId: 'Region', region: 'Region', leadUnitId: 'Lead unit', leadUnit: 'Lead unit',
        assistUnitIds: 'Assist units', assistUnits: 'Assist units', validFrom: 'Valid from', validUntil: 'Valid until', validity: 'Valid', basis: 'Basis', isActive: 'In use', inForce: 'Status', versionNo: 'Version',
        updatedByName: 'Kept by', unitId: 'Unit', q: 'Search',
      },
    },
    knowledge: {
      name: 'Knowledge article |||| Knowledge base',
      fields: {
        title: 'Title', questionsText: 'Questions', questions: 'Questions', answer: 'Answer', categoryId: 'Category', category: 'Category', regionUnitId: 'Region', region: 'Region',
        visibility: 'Visibility', validFrom: 'Valid from', validUntil: 'Valid until', reviewBy: 'Review by', unitId: 'Owning unit', unit: 'Owning unit', state: 'State', status: 'Status',
        warnings: 'Attention', versionNo: 'Version', updatedAt: 'Updated', sources: 'Policy sources', sourceTitle: 'Document', sourceNumber: 'Number', sourceDate: 'Date', sourceUrl: 'Link', q: 'Search',
      },
    },
  },
};

function merge(a: Messages, b: Messages): Messages {
  const out: Messages = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? merge(out[k] as Messages, v as Messages) : v;
  }
  return out;
}

export const withKnowledge = (messages: Messages, locale: 'zh' | 'en') => merge(messages, locale === 'en' ? en : zh);

/**
 * Labels of the analysis screens (issue 15: similar messages, suggestions at screening, hot problems, reply
 * checks), in both languages, merged into each language's messages by i18nProvider.ts.
 */
type Messages = Record<string, unknown>;

const zh = {
  wz: {
    analysis: {
      suggestions: '智能建议', similar: '相似留言（一事多诉）', loading: '正在分析…', noSimilar: '没有发现相似留言',
      similarity: '相似度 %{pct}', sameCitizen: '同一人', places: '共同地点：', terms: '共同关键词：',
      categories: '建议领域（点击即设置）', useCategory: '设为领域：%{name}', currentCategory: '当前领域：%{name}',
      units: '建议主办单位', noUnits: '暂无建议', assignTo: '交办给该单位', flagsNone: '未发现问题',
    },
    grouping: {
      title: '相似件归并', lead: '主件', note: '归并说明', choose: '选择 %{serial} 归并', link: '归并为一组（%{n} 件）', linkTitle: '相似件归并',
      linkNew: '将 %{serials} 与本件（%{lead}，作为主件）归并为一组，一并办理：交办主件时可一同交办组内未交办的留言，每件留言仍各自答复、各自计时。',
      linkInto: '将 %{serials} 加入以 %{lead} 为主件的归并组。',
      hint: '勾选同一事项的其他群众留言；同一人重复提交请用并单。', inThisGroup: '已在本组', inOtherGroup: '已归并到其他组',
      isLead: '本件是归并组的主件，组内共 %{n} 件留言。', isMember: '本件已归并，组内共 %{n} 件留言，主件', isMemberLeadHidden: '本件已归并，组内共 %{n} 件留言。',
      leadState: '主件状态：%{state}', hidden: '另有 %{n} 件不在您的职责范围内，未列出。',
      remove: '移出', removeText: '将 %{serial} 移出归并组？它的办理不受影响。', dissolve: '解除归并', dissolveText: '解除该组的归并？各件留言的办理不受影响。',
      assignTogether: '同时交办组内 %{n} 件未交办的留言', assignTogetherHint: '交给相同的单位，附相同的交办意见；每件留言各自计算期限、各自答复。',
      assignedTogether: '已交办主件及组内 %{n} 件留言',
      ledgerAsLead: '作为主件', ledgerLeadIs: '主件 %{serial}', ledgerMember: '留言 %{serial}',
      markLead: '归并 %{n} 件', markMember: '并入 %{serial}', markMemberHidden: '已归并', markTitle: '相似件归并：组内共 %{n} 件留言', why: { REMOVED: '移出', DISSOLVED: '解除归并' },
      assignedAsLead: '连同归并组 %{n} 件一并交办', assignedWithLead: '随主件 %{serial} 一并交办',
      leadReply: '主件 %{serial} 的答复（%{at} 发布）', leadReplyHint: '供参考：本件仍须由承办单位单独答复、单独计时和评价。',
    },
    hot: {
      title: '热点问题', from: '开始日期', to: '结束日期', region: '地区（可选）', download: '下载专报', downloadFailed: '专报下载失败',
      summary: '本期留言 %{total} 件，热点问题 %{n} 个（环比上期 %{prevFrom} 至 %{prevTo}）', none: '本期没有多人反映的同一问题', new: '新出现',
      cols: { label: '热点问题', messages: '留言', citizens: '人数', likes: '点赞', growth: '环比', heat: '热度', dates: '时间', representative: '代表性留言' },
    },
    dashboard: { hotProblems: '热点问题', problemCount: '%{messages} 件 · %{citizens} 人' },
    actions: { GROUP: '相似件归并', UNGROUP: '移出归并组' },
    enums: {
      ReplyFlagCode: { NOT_ADDRESSED: '未回应诉求', NO_OUTCOME: '无办理结果', NO_CONTACT: '无联系方式', TEMPLATE: '套话模板' },
    },
  },
  resources: {
    'hot-problems': { name: '热点问题 |||| 热点问题' },
    reviews: { fields: { qualityFlags: '答复质量' } },
  },
};

const en = {
  wz: {
    analysis: {
      suggestions: 'Suggestions', similar: 'Similar messages', loading: 'Analysing…', noSimilar: 'No similar messages found',
      similarity: 'similarity %{pct}', sameCitizen: 'same citizen', places: 'places: ', terms: 'words: ',
      categories: 'Suggested categories (click to set)', useCategory: 'Set category: %{name}', currentCategory: 'Current category: %{name}',
      units: 'Suggested lead units', noUnits: 'No suggestion', assignTo: 'Assign to this unit', flagsNone: 'Nothing found',
    },
    grouping: {
      title: 'Group of similar messages', lead: 'Lead', note: 'Note', choose: 'Choose %{serial}', link: 'Link into a group (%{n})', linkTitle: 'Link similar messages',
      linkNew: 'Link %{serials} with this message (%{lead}, the lead) into a group handled together: assigning the lead can assign the unassigned ones with it; each message keeps its own reply and deadline.',
      linkInto: 'Add %{serials} to the group led by %{lead}.',
      hint: 'Choose other citizens\' messages about the same matter; merge the same citizen\'s repeats instead.', inThisGroup: 'in this group', inOtherGroup: 'in another group',
      isLead: 'This message leads a group of %{n} messages.', isMember: 'This message is in a group of %{n} messages, led by', isMemberLeadHidden: 'This message is in a group of %{n} messages.',
      leadState: 'lead: %{state}', hidden: '%{n} more outside your reach are not listed.',
      remove: 'Take out', removeText: 'Take %{serial} out of the group? Its handling is not affected.', dissolve: 'Dissolve the group', dissolveText: 'Dissolve this group? The handling of its messages is not affected.',
      assignTogether: 'Also assign the %{n} unassigned messages of its group', assignTogetherHint: 'To the same units with the same instructions; each message keeps its own deadlines and reply.',
      assignedTogether: 'Assigned, with %{n} messages of its group',
      ledgerAsLead: 'as the lead', ledgerLeadIs: 'lead %{serial}', ledgerMember: 'message %{serial}',
      markLead: 'Group of %{n}', markMember: 'In %{serial}', markMemberHidden: 'Grouped', markTitle: 'Group of similar messages: %{n} messages', why: { REMOVED: 'taken out', DISSOLVED: 'group dissolved' },
      assignedAsLead: 'with %{n} messages of its group', assignedWithLead: 'with its lead %{serial}',
      leadReply: 'Reply to the lead %{serial} (published %{at})', leadReplyHint: 'For reference: this message is still answered, timed and rated on its own.',
    },
    hot: {
      title: 'Hot problems', from: 'From', to: 'To', region: 'Region (optional)', download: 'Download report', downloadFailed: 'The report could not be downloaded',
      summary: '%{total} messages in the period, %{n} hot problems (growth against %{prevFrom} to %{prevTo})', none: 'No matter raised by several people in the period', new: 'new',
      cols: { label: 'Problem', messages: 'Messages', citizens: 'Citizens', likes: 'Likes', growth: 'Growth', heat: 'Heat', dates: 'Dates', representative: 'Representative message' },
    },
    dashboard: { hotProblems: 'Hot problems', problemCount: '%{messages} messages · %{citizens} citizens' },
    actions: { GROUP: 'Link similar messages', UNGROUP: 'Take out of the group' },
    enums: {
      ReplyFlagCode: { NOT_ADDRESSED: 'Does not address it', NO_OUTCOME: 'No result or next step', NO_CONTACT: 'No contact', TEMPLATE: 'Template text' },
    },
  },
  resources: {
    'hot-problems': { name: 'Hot problem |||| Hot problems' },
    reviews: { fields: { qualityFlags: 'Reply checks' } },
  },
};

function merge(a: Messages, b: Messages): Messages {
  const out: Messages = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? merge(out[k] as Messages, v as Messages) : v;
  }
  return out;
}

export const withAnalysis = (messages: Messages, locale: 'zh' | 'en') => merge(messages, locale === 'en' ? en : zh);

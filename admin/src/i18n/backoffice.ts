/**
 * Labels of the back-office screens (the platform's queue of requests, supervision tracking, a leader's own
 * messages, the bell, ranking, monthly report, print view, list filters and export, account tools), in both
 * languages, merged into each language's messages by i18nProvider.ts.
 */
type Messages = Record<string, unknown>;

const zh = {
  bo: {
    filters: { remove: '移除条件“%{label}”', active: '当前筛选', clearAll: '清除全部筛选', ids: '指定的 %{n} 条留言', addressedToMe: '致我的留言' },
    export: { button: '导出', failed: '导出失败：%{error}', hint: '按当前筛选条件导出留言台账（个人信息已脱敏）' },
    search: { placeholder: '编号、电话、姓名或标题内容' },
    requests: {
      kind: { RETURN: '退单', EXTENSION: '延期', OBJECTION: '派单异议' }, days: '%{n} 个工作日', by: '%{name} 于 %{at} 申请', grantDays: '批准延期工作日数',
      hint: '单位提出的退单和延期申请，按提出时间先后排列；同意或驳回前请看清理由。', empty: '暂无待审批的申请',
    },
    supervisions: {
      status: { OPEN: '待反馈', OVERDUE: '逾期未反馈', ANSWERED: '已反馈' }, overdue: '逾期', waiting: '未反馈', allUnits: '全部承办单位',
      hint: '督查督办事项：待反馈的按反馈期限先后排列，已反馈的按反馈时间倒序。点击一行打开留言。',
    },
    addressed: { none: '尚未批示', by: '%{name} · %{at}', hint: '网民写给您的留言。点击一行查看详情，或直接批示。' },
    bell: { open: '通知', title: '通知', markAll: '全部标为已读', empty: '暂无通知', unread: '%{n} 条未读', more: '仅显示最近 %{n} 条' },
    ranking: {
      title: '单位排名', period: '排名期间', range: '%{from} 至 %{to}', periods: { lastMonth: '上月', thisMonth: '本月（截至今天）', lastQuarter: '最近三个月', thisYear: '今年（截至今天）' }, rank: '名次', unit: '单位', score: '综合得分', responseRate: '响应率', resolutionRate: '解决率', satisfactionRate: '满意率', sample: '样本（保留的主办件）', change: '较上期',
      insufficient: '样本不足', up: '上升 %{n} 位', down: '下降 %{n} 位', same: '持平', none: '—',
      weights: '综合得分 = 响应率 × %{response} + 解决率 × %{resolution} + 满意率 × %{satisfaction}（按比例，没有评价等无从计算的比率不计入）；保留的主办件少于 %{min} 件的单位列为“样本不足”，不参与排名。',
    },
    report: {
      title: '月度通报', monthName: '%{year}年%{month}月', region: '通报范围（地区或单位）', month: '月份', summary: '通报摘要', figures: '主要指标', thisMonth: '本月', previousMonth: '上月',
      topUnits: '办结率最高的单位', responsive: '答复最多的单位', topCategories: '交办最多的领域', none: '暂无', print: '打印',
      cols: {
        label: '名称', received: '收到留言', assigned: '交办', replied: '已答复', responsesGiven: '答复次数', replyRate: '回复率', closeRate: '办结率',
        onTimeRate: '按时办结率', satisfactionRate: '满意率', averageSatisfaction: '平均满意度',
      },
    },
    print: {
      button: '打印办理单', title: '网络问政办理单', back: '返回', print: '打印', printedAt: '打印时间：%{at}', basic: '基本信息', content: '留言内容', citizen: '留言人（已脱敏）',
      assignments: '交办情况', replies: '答复', supervisions: '督查督办', ledger: '办理过程（台账）', none: '无', serialNo: '编号', type: '类型', channel: '渠道',
      submittedAt: '留言时间', state: '状态', category: '领域', region: '地区', leader: '留言对象', leadUnit: '主办单位', replyDueAt: '答复期限', unit: '单位', role: '承办角色',
      assignedAt: '交办时间', signedAt: '签收时间', kind: '类型', time: '时间', action: '操作', actor: '操作人', detail: '内容', by: '撰写人', dueAt: '期限', response: '反馈', moreLedger: '台账共 %{n} 条，此处列出前 %{shown} 条',
    },
    review: { original: '查看原留言', originalTitle: '原留言 %{serialNo}', openMessage: '打开留言页面', close: '关闭', citizen: '留言人（已脱敏）' },
    users: {
      resetPassword: '重置密码', newPassword: '新密码', confirmPassword: '再次输入新密码', mismatch: '两次输入的密码不一致', resetDone: '已重置“%{name}”的密码：其登录已全部失效，下次登录须修改密码',
      passwordHint: '8-72 个字符，须包含字母和数字；把临时密码当面或电话告知本人',
    },
    active: {
      disable: '停用', enable: '启用', confirmDisable: '停用“%{name}”？', confirmEnable: '启用“%{name}”？', disabled: '已停用“%{name}”', enabled: '已启用“%{name}”',
      disableContent: '停用后不再能使用，历史记录全部保留；可随时重新启用。', enableContent: '启用后恢复使用。', statusActive: '启用中', statusInactive: '已停用',
    },
  },
  wz: { actions: { REVISE: '修改答复内容' } },
  ra: { action: { add_filter: '筛选' } },
  resources: {
    'pending-requests': { name: '待审批申请 |||| 待审批申请', fields: { kind: '申请', message: '留言', unit: '申请单位', reason: '理由', requestedDays: '申请延期', requestedAt: '申请时间', replyDueAt: '当前答复期限' } },
    supervisions: { name: '督办跟踪 |||| 督办跟踪', fields: { status: '状态', message: '留言', unit: '承办单位', content: '督办内容', dueAt: '反馈期限', response: '单位反馈', respondedAt: '反馈时间', authorName: '督办人', createdAt: '督办时间' } },
    addressed: { name: '致我的留言 |||| 致我的留言', fields: { serialNo: '编号', title: '标题', state: '状态', leadUnit: '主办单位', submittedAt: '留言时间', replyDueAt: '答复期限', instructions: '批示', q: '关键词' } },
    messages: { fields: { unitId: '主办单位', categoryId: '领域', leaderId: '留言对象', regionUnitId: '地区', ids: '指定留言' } },
    ranking: { name: '单位排名 |||| 单位排名' },
    'monthly-report': { name: '月度通报 |||| 月度通报' },
  },
};

const en: typeof zh = {
  bo: {
    filters: { remove: 'Remove “%{label}”', active: 'Filtered by', clearAll: 'Clear all filters', ids: '%{n} chosen messages', addressedToMe: 'Addressed to me' },
    export: { button: 'Export', failed: 'Export failed: %{error}', hint: 'Export the ledger of the messages matching the filters (private data masked)' },
    search: { placeholder: 'No., phone, name or words' },
    requests: {
      kind: { RETURN: 'Return', EXTENSION: 'Extension', OBJECTION: 'Objection' }, days: '%{n} working days', by: 'asked by %{name} on %{at}', grantDays: 'Working days granted',
      hint: 'Returns and extensions the units asked for, oldest first; read the reason before deciding.', empty: 'No request waiting',
    },
    supervisions: {
      status: { OPEN: 'Waiting', OVERDUE: 'Overdue', ANSWERED: 'Answered' }, overdue: 'Overdue', waiting: 'Not answered', allUnits: 'All units on the message',
      hint: 'Supervision: waiting ones by due date, answered ones latest first. Click a row to open the message.',
    },
    addressed: { none: 'No instruction yet', by: '%{name} · %{at}', hint: 'Messages citizens addressed to you. Click a row to read it, or instruct right here.' },
    bell: { open: 'Notifications', title: 'Notifications', markAll: 'Mark all read', empty: 'No notifications', unread: '%{n} unread', more: 'The latest %{n} shown' },
    ranking: {
      title: 'Unit ranking', period: 'Period', range: '%{from} to %{to}', periods: { lastMonth: 'Last month', thisMonth: 'This month so far', lastQuarter: 'Last three months', thisYear: 'This year so far' }, rank: 'Rank', unit: 'Unit', score: 'Score', responseRate: 'Response', resolutionRate: 'Solved', satisfactionRate: 'Satisfied', sample: 'Sample (lead assignments kept)', change: 'Change',
      insufficient: 'Insufficient data', up: 'up %{n}', down: 'down %{n}', same: 'same', none: '—',
      weights: 'Score = response rate × %{response} + resolution rate × %{resolution} + satisfaction rate × %{satisfaction} (in proportion; a rate over nothing, e.g. without ratings, is left out); units that kept fewer than %{min} lead assignments are listed as insufficient data, not ranked.',
    },
    report: {
      title: 'Monthly report', monthName: '%{month}/%{year}', region: 'Region or unit covered', month: 'Month', summary: 'Summary', figures: 'Figures', thisMonth: 'This month', previousMonth: 'Month before',
      topUnits: 'Highest closing rate', responsive: 'Most replies', topCategories: 'Most assigned categories', none: 'None', print: 'Print',
      cols: {
        label: 'Name', received: 'Received', assigned: 'Assigned', replied: 'Replied', responsesGiven: 'Replies given', replyRate: 'Reply rate', closeRate: 'Close rate',
        onTimeRate: 'On time', satisfactionRate: 'Satisfaction', averageSatisfaction: 'Average rating',
      },
    },
    print: {
      button: 'Print handling form', title: 'Message handling form', back: 'Back', print: 'Print', printedAt: 'Printed %{at}', basic: 'Message', content: 'Content', citizen: 'Citizen (masked)',
      assignments: 'Assignments', replies: 'Replies', supervisions: 'Supervision', ledger: 'Ledger', none: 'None', serialNo: 'No.', type: 'Type', channel: 'Channel',
      submittedAt: 'Submitted', state: 'State', category: 'Category', region: 'Region', leader: 'Addressed to', leadUnit: 'Lead unit', replyDueAt: 'Reply due', unit: 'Unit', role: 'Role',
      assignedAt: 'Assigned', signedAt: 'Signed', kind: 'Kind', time: 'Time', action: 'Action', actor: 'By', detail: 'Details', by: 'Written by', dueAt: 'Due', response: 'Response', moreLedger: '%{n} ledger entries, the first %{shown} listed',
    },
    review: { original: 'Read the message', originalTitle: 'Message %{serialNo}', openMessage: 'Open the message page', close: 'Close', citizen: 'Citizen (masked)' },
    users: {
      resetPassword: 'Reset password', newPassword: 'New password', confirmPassword: 'New password again', mismatch: 'The two passwords differ', resetDone: 'Password of “%{name}” reset: their sessions ended, they must change it at next login',
      passwordHint: '8-72 characters with a letter and a digit; tell the user in person or by phone',
    },
    active: {
      disable: 'Disable', enable: 'Enable', confirmDisable: 'Disable “%{name}”?', confirmEnable: 'Enable “%{name}”?', disabled: '“%{name}” disabled', enabled: '“%{name}” enabled',
      disableContent: 'It can no longer be used; its history stays. It can be enabled again at any time.', enableContent: 'It can be used again.', statusActive: 'Enabled', statusInactive: 'Disabled',
    },
  },
  wz: { actions: { REVISE: 'Revise the text' } },
  ra: { action: { add_filter: 'Filter' } },
  resources: {
    'pending-requests': { name: 'Pending request |||| Pending requests', fields: { kind: 'Request', message: 'Message', unit: 'Unit', reason: 'Reason', requestedDays: 'Asked for', requestedAt: 'Asked', replyDueAt: 'Reply due now' } },
    supervisions: { name: 'Supervision tracking |||| Supervision tracking', fields: { status: 'Status', message: 'Message', unit: 'Unit', content: 'Supervision', dueAt: 'Due', response: 'Response', respondedAt: 'Answered', authorName: 'By', createdAt: 'Supervised' } },
    addressed: { name: 'Addressed to me |||| Addressed to me', fields: { serialNo: 'No.', title: 'Title', state: 'State', leadUnit: 'Lead unit', submittedAt: 'Submitted', replyDueAt: 'Reply due', instructions: 'Instructions', q: 'Keyword' } },
    messages: { fields: { unitId: 'Lead unit', categoryId: 'Category', leaderId: 'Addressed to', regionUnitId: 'Region', ids: 'Chosen messages' } },
    ranking: { name: 'Unit ranking |||| Unit ranking' },
    'monthly-report': { name: 'Monthly report |||| Monthly report' },
  },
};

const isObject = (v: unknown): v is Messages => !!v && typeof v === 'object' && !Array.isArray(v);
/** A deep merge: the back office's labels added to a language's messages (nested keys merged, not replaced). */
function merge(base: Messages, extra: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = isObject(v) && isObject(base[k]) ? merge(base[k], v) : v;
  return out;
}

export const withBackoffice = (messages: Messages, locale: 'zh' | 'en') => merge(messages, locale === 'en' ? en : zh);

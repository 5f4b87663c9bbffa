/** 中文 (default): the console's own labels, and react-admin's merged with them. */
import { raChinese } from './ra-zh';

export const zhApp = {
  wz: {
    title: '网络问政办理平台',
    menu: { work: '办理', admin: '系统管理' },
    dashboard: {
      title: '工作台', today: '今日收件', thisMonth: '本月收件', intakeSub: '答复 %{replied} · 办结 %{closed}', received: '待受理', open: '在办', openSub: '待签收和办理中的主办件',
      yellow: '临期（黄灯）', red: '超期（红灯）', review: '待我审核', inbox: '本单位待办', asOf: '数据截至 %{at}', days: '统计范围', lastDays: '近 %{n} 天',
      trend: '近 %{days} 天收办趋势', series: { received: '收件', assigned: '交办', responsesGiven: '答复' }, satisfaction: '本月满意度分布', ratings: '共 %{n} 条评价', ratingCount: '评价数',
      topUnits: '本月单位排名（前 5）', rank: '名次', unit: '单位', score: '综合得分', sample: '样本', insufficient: '样本不足', up: '上升 %{n} 位', down: '下降 %{n} 位',
      hotTopics: '近 %{days} 天热点', hotCategories: '热点领域', hotKeywords: '热词', noData: '暂无数据', hint: '所有数字由服务器按当前账号的职责范围统计；点击卡片、领域或热词可进入对应留言列表。',
    },
    actions: {
      ACCEPT: '受理', MARK_INVALID: '不予受理', MERGE: '并单', ASSIGN: '交办', REASSIGN: '改派', DIRECT_ANSWER: '直办答复', HOLD: '挂起（待群众补充）', RESUME: '恢复办理',
      URGE: '催办', SUPERVISE: '督办', INSTRUCT: '批示', RECORD_EVALUATION: '回访评价', REOPEN: '重办', CLOSE: '办结', REVEAL_PII: '查看隐私信息',
      SIGN: '签收', DELEGATE: '下派', REQUEST_RETURN: '申请退单', APPROVE_RETURN: '同意退单', REJECT_RETURN: '驳回退单', REQUEST_EXTENSION: '申请延期',
      APPROVE_EXTENSION: '同意延期', REJECT_EXTENSION: '驳回延期', DRAFT_REPLY: '拟写答复', RESPOND_SUPERVISION: '督办反馈', CANCEL: '撤销交办',
      EDIT: '修改并提交', SUBMIT: '提交审核', UNIT_APPROVE: '审核通过', UNIT_REJECT: '退回修改', PLATFORM_APPROVE: '审核通过并发布', PLATFORM_REJECT: '退回修改',
      done: '操作成功', confirm: '确定', cancel: '取消',
    },
    fields: {
      reason: '理由', note: '说明', content: '内容', unit: '单位', leadUnit: '主办单位', assistUnits: '协办单位', days: '延期工作日数', comment: '意见', dueAt: '反馈期限',
      kind: '答复类型', contactedCitizen: '已先行回访群众', contactMethod: '联系方式', resolved: '问题已解决', target: '并入的留言', resolution: '解决程度', attitude: '办理态度', speed: '办理速度',
      invalidReason: '不予受理原因', response: '反馈内容', approve: '同意',
    },
    show: { content: '留言内容', pii: '留言人信息（已脱敏）', piiRevealed: '留言人信息（已记录查看）', assignments: '交办情况', replies: '答复', evaluations: '评价', supervisions: '督查督办', timeline: '办理过程（台账）', actions: '可执行操作', duplicates: '疑似重复件', none: '无' },
    enums: {
      MessageState: { RECEIVED: '待受理', ACCEPTED: '已受理', ASSIGNED: '已交办', IN_PROGRESS: '办理中', REPLIED: '已答复', CLOSED: '已办结', INVALID: '不予受理', MERGED: '已并单' },
      MessageType: { CONSULT: '咨询', SUGGEST: '建言', COMPLAIN: '投诉', HELP: '求助' },
      Channel: { WEB: '网站', APP: '客户端', WECHAT: '微信', WEIBO: '微博', DOUYIN: '抖音', HOTLINE_12345: '12345热线', LETTER: '信件', API: '第三方接口', EXTERNAL_SITE: '网络舆情' },
      WarningLevel: { GREEN: '正常', YELLOW: '临期', RED: '超期' },
      AssignmentRole: { LEAD: '主办', ASSIST: '协办' },
      AssignmentState: { PENDING: '待签收', SIGNED: '办理中', RETURN_REQUESTED: '退单申请中', RETURNED: '已退回', REPLIED: '已答复', DONE: '已完成', CANCELLED: '已撤销' },
      ReplyKind: { FINAL: '答复', PROGRESS: '阶段性答复', ASSIST_OPINION: '协办意见' },
      ReplyState: { DRAFT: '草稿', UNIT_REVIEW: '待单位审核', PLATFORM_REVIEW: '待平台审核', REJECTED: '已退回', APPROVED: '已通过', PUBLISHED: '已发布' },
      InvalidReason: { EMPTY: '内容空洞', DUPLICATE: '重复件', ABUSIVE: '辱骂', ADVERTISING: '广告', NOT_GOVERNMENT: '非政务事项', OTHER: '其他' },
      Role: { PLATFORM_ADMIN: '平台管理员', DISPATCHER: '受理交办员', SUPERVISOR: '督查员', LEADER: '领导', UNIT_HANDLER: '承办人', UNIT_REVIEWER: '单位审核人' },
      UnitKind: { REGION: '行政区域', DEPARTMENT: '职能部门', ENTERPRISE: '企事业单位', OTHER: '其他' },
      SupervisionKind: { URGE: '催办', SUPERVISE: '督办', INSTRUCTION: '批示' },
      SatisfactionBand: { VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', DISSATISFIED: '不满意', VERY_DISSATISFIED: '非常不满意' },
      ApiScope: { PUBLIC_READ: '读取公开留言（public:read）', MESSAGES_SUBMIT: '代网民提交留言（messages:submit）', STATS_READ: '读取公开统计（stats:read）' },
      DeadlineUnit: { WORKING_DAYS: '个工作日', WORKING_HOURS: '个工作小时', CALENDAR_HOURS: '个自然小时' },
    },
    ledger: {
      CREATED: '留言提交', ACCEPTED: '受理', MARKED_INVALID: '不予受理', MERGED: '并单', ASSIGNED: '交办', REASSIGNED: '改派', SIGNED: '签收', DELEGATED: '下派',
      RETURN_REQUESTED: '申请退单', RETURN_APPROVED: '同意退单', RETURN_REJECTED: '驳回退单', EXTENSION_REQUESTED: '申请延期', EXTENSION_APPROVED: '同意延期', EXTENSION_REJECTED: '驳回延期',
      REPLY_DRAFTED: '拟写答复', REPLY_EDITED: '修改答复', REPLY_SUBMITTED: '提交审核', REPLY_APPROVED: '审核通过', REPLY_REJECTED: '退回修改', REPLY_PUBLISHED: '答复发布',
      PROGRESS_REPLIED: '阶段性答复', ASSIST_OPINION_GIVEN: '协办意见', URGED: '催办', SUPERVISED: '督办', SUPERVISION_ANSWERED: '督办反馈', INSTRUCTED: '批示', EVALUATED: '评价',
      REOPENED: '重办', CLOSED: '办结', ARCHIVED: '归档', PII_VIEWED: '查看隐私信息', ON_HOLD: '挂起', RESUMED: '恢复办理', OVERDUE: '超期', ASSIGNMENT_CANCELLED: '撤销交办', DUE_SOON: '临期', SIGN_OVERDUE: '签收超期',
    },
    stats: {
      download: '导出 CSV', downloadFailed: '导出失败', title: '统计分析', from: '开始日期', to: '结束日期', groupBy: '统计维度', assigned: '交办量', replied: '答复量', replyRate: '回复率', closeRate: '办结率', onTimeRate: '按时办结率',
      timelySignRate: '及时签收率', returnRate: '回退率', reopenRate: '重办率', satisfactionRate: '满意率', averageSatisfaction: '平均满意度', overdueOpen: '超期未办结',
      received: '收到留言', responsesGiven: '答复次数', hint: '交办类指标按期间内交办的主办件统计；收到留言、答复次数按期间内发生的事件统计。比率后括号内为分子/分母。',
      groups: { UNIT: '承办单位', REGION: '地区', CATEGORY: '领域', TYPE: '类型', CHANNEL: '渠道', LEADER: '领导' },
    },
    sla: { any: '不限', yes: '是', no: '否', reviewLevels: '审核层级', unitReview: '单位审核', platformReview: '平台审核', matching: '适用范围（条件越具体、优先级越高者优先）', deadlines: '办理时限', review: '答复审核' },
    holidays: {
      clickHint: '点击某日即可为其设置调整。',
      working: '调休上班', off: '放假', workday: '工作日', month: '%{year}年%{month}月', weekdays: '一,二,三,四,五,六,日', weekday: '星期',
      source: { OVERRIDE: '管理员调整', LIBRARY: '官方日历', FALLBACK: '周一至周五规则' },
      legend: '绿色为休息日，橙色框为管理员调整的日期；数据由服务器按工作日历计算。', none: '本年度没有调整。',
      deleteTitle: '删除 %{id} 的调整', deleteContent: '删除后该日期按官方日历计算，确定吗？', badDate: '日期格式应为 YYYY-MM-DD', kindHelp: '打开：该日上班（调休）；关闭：该日放假',
    },
    apiClients: {
      keyTitle: '“%{name}”的接口密钥', keyOnce: '密钥只显示这一次，请立即复制并妥善保存；遗失后只能更换新密钥。', copy: '复制', copied: '已复制', saved: '我已保存',
      disabled: '已停用“%{name}”，其密钥立即失效', enabled: '已启用“%{name}”', disable: '停用', enable: '启用', anyOrigin: '（仅服务器调用）', perMinute: '%{n} 次/分钟', never: '从未使用',
      ownerHelp: '运营单位及联系人', originsHelp: '允许调用的网页来源（CORS），如 https://www.changsha.gov.cn；不填则只允许服务器端调用',
      rotateConfirm: '更换密钥后旧密钥立即失效，确定吗？', rotate: '更换密钥', meta: '密钥前缀 %{prefix} · 创建于 %{created} · 最近使用：%{used}', activeHelp: '关闭即停用，密钥立即失效',
    },
    settings: {
      title: '系统设置', ranking: '单位排名', rankingHint: '综合得分为响应率、解决率、满意率的加权平均；权重可为 0-100 的任意数，按比例生效。', reply: '响应率（回复率）权重', close: '解决率（办结率）权重',
      satisfaction: '满意率权重', minimumSample: '最小样本量', minimumSampleHint: '期间内主办件少于此数的单位显示为“样本不足”，不参与排名', updatedAt: '最近修改：%{at}', defaults: '当前为默认设置（响应率 30、解决率 35、满意率 35，最小样本 5）',
      saved: '设置已保存', reviewHint: '审核层级（单位审核、平台审核）、办理时限和延期次数按留言类型分别在时限规则中设置：',
    },
    units: {
      tree: '树形', list: '列表', expand: '展开', collapse: '收起', noChildren: '无下级单位', inactive: '已停用', addChild: '添加下级', disable: '停用', enable: '启用',
      enabled: '已启用“%{name}”', disabled: '已停用“%{name}”', more: '再显示（还有 %{n} 个）', moveHelp: '改变上级单位即移动该单位及其下级', activeHelp: '停用前须先停用其下级单位；停用的单位不再接收交办',
    },
    bulk: {
      ACCEPT: '批量受理', ASSIGN: '批量交办', MARK_INVALID: '批量不予受理', URGE: '批量催办', CLOSE: '批量办结',
      title: '%{action}（已选 %{n} 条）', oneByOne: '将对选中的 %{n} 条留言逐条执行，服务器逐条检查能否执行。', progress: '正在处理 %{done}/%{total}…',
      summary: '%{action}：成功 %{ok} 条，失败 %{failed} 条。', failedStaySelected: '失败的留言仍保持选中，可逐条查看原因后处理。', notFound: '找不到该留言或无权查看',
    },
    errors: { invalidTransition: '留言当前为“%{state}”状态，不能“%{action}”。' },
    lang: { zh: '中文', en: 'English' },
  },
  resources: {
    'sla-policies': { name: '时限规则 |||| 时限规则', fields: {
      name: '名称', priority: '优先级', isActive: '启用', messageType: '留言类型', categoryId: '领域', isUrgent: '紧急件', isComplex: '复杂件', signWorkingDays: '签收时限（工作日）',
      firstResponseWorkingHours: '首次响应（工作小时）', replyAmount: '答复时限', replyUnit: '时限单位', maxExtensions: '最多延期次数', autoCloseDays: '自动办结（天）',
      unitReviewRequired: '需单位审核', platformReviewRequired: '需平台审核', assistOpinionRequired: '协办意见必填',
    } },
    holidays: { name: '节假日调整 |||| 节假日调整', fields: { date: '日期', isWorkingDay: '类型', note: '说明', year: '年份' } },
    'api-clients': { name: '第三方接入 |||| 第三方接入', fields: {
      name: '名称', owner: '负责单位/联系人', scopes: '接口权限', allowedOrigins: '允许的来源', rateLimitPerMinute: '限流', keyPrefix: '密钥前缀', lastUsedAt: '最近使用', isActive: '启用', createdAt: '创建时间',
    } },
    settings: { name: '系统设置 |||| 系统设置' },
    statistics: { name: '统计分析 |||| 统计分析' },
    messages: { name: '留言 |||| 留言', fields: { serialNo: '编号', title: '标题', type: '类型', channel: '渠道', state: '状态', submittedAt: '留言时间', replyDueAt: '答复期限', warningLevel: '红黄灯', leadUnit: '主办单位', category: '领域', q: '关键词', content: '内容', isUrgent: '紧急', isPublic: '公开', submittedFrom: '留言时间起', submittedTo: '留言时间止', realName: '姓名', phone: '电话', idNumber: '身份证号', address: '地址' } },
    inbox: { name: '本单位待办 |||| 本单位待办', fields: { message: '留言', role: '承办角色', state: '状态', signDueAt: '签收期限', replyDueAt: '答复期限', warningLevel: '红黄灯', unit: '承办单位', assignedAt: '交办时间' } },
    reviews: { name: '审核队列 |||| 审核队列', fields: { message: '留言', kind: '答复类型', state: '状态', content: '答复内容', unit: '单位', submittedAt: '提交时间', rejectionCount: '退回次数' } },
    units: { name: '单位 |||| 单位', fields: { code: '编码', name: '名称', kind: '类型', parent: '上级单位', parentId: '上级单位', level: '层级', isActive: '启用', sortOrder: '排序', q: '搜索' } },
    users: { name: '用户 |||| 用户', fields: { username: '登录名', displayName: '姓名', role: '角色', unit: '所属单位', unitId: '所属单位', isActive: '启用', lastLoginAt: '最近登录', password: '初始密码', q: '搜索' } },
    leaders: { name: '领导 |||| 领导', fields: { name: '姓名', title: '职务', unit: '所属单位', unitId: '所属单位', isActive: '在任', sortOrder: '排序', q: '搜索' } },
    categories: { name: '领域 |||| 领域', fields: { code: '编码', name: '名称', parent: '上级领域', parentId: '上级领域', isActive: '启用', level: '层级', q: '搜索' } },
  },
};

export const zhMessages = { ...raChinese, ...zhApp };

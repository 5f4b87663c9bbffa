/** English: the console's own labels, and react-admin's. */
import englishMessages from 'ra-language-english';

export const enApp = {
  wz: {
    title: 'Online petition desk',
    menu: { work: 'Handling', admin: 'Administration' },
    dashboard: {
      title: 'Dashboard', today: 'Received today', thisMonth: 'Received this month', intakeSub: '%{replied} replied · %{closed} closed', received: 'Waiting for screening', open: 'Open', openSub: 'Lead assignments to sign or in progress',
      yellow: 'Due soon (yellow)', red: 'Overdue (red)', review: 'Waiting for my review', inbox: 'My unit inbox', asOf: 'As of %{at}', days: 'Span', lastDays: 'Last %{n} days',
      trend: 'Intake and output, last %{days} days', series: { received: 'Received', assigned: 'Assigned', responsesGiven: 'Replied' }, satisfaction: 'Satisfaction this month', ratings: '%{n} ratings', ratingCount: 'Ratings',
      topUnits: 'Best units this month (top 5)', rank: 'Rank', unit: 'Unit', score: 'Score', sample: 'Sample', insufficient: 'Insufficient data', up: 'up %{n}', down: 'down %{n}',
      hotTopics: 'Hot topics, last %{days} days', hotCategories: 'Categories', hotKeywords: 'Keywords', noData: 'No data yet', hint: 'Every figure is computed by the server within your scope; click a card, a category or a keyword to open the messages.',
    },
    actions: {
      ACCEPT: 'Accept', MARK_INVALID: 'Mark invalid', MERGE: 'Merge', ASSIGN: 'Assign', REASSIGN: 'Reassign', DIRECT_ANSWER: 'Answer directly', HOLD: 'Wait for the citizen', RESUME: 'Resume',
      URGE: 'Urge', SUPERVISE: 'Supervise', INSTRUCT: 'Instruct', RECORD_EVALUATION: 'Record rating', REOPEN: 'Reopen', CLOSE: 'Close', REVEAL_PII: 'Reveal private data',
      SIGN: 'Sign', DELEGATE: 'Hand down', REQUEST_RETURN: 'Ask to return', APPROVE_RETURN: 'Approve return', REJECT_RETURN: 'Refuse return', REQUEST_EXTENSION: 'Ask for more time',
      APPROVE_EXTENSION: 'Grant extension', REJECT_EXTENSION: 'Refuse extension', DRAFT_REPLY: 'Draft reply', RESPOND_SUPERVISION: 'Answer supervision', CANCEL: 'Withdraw',
      EDIT: 'Edit and submit', SUBMIT: 'Submit for review', UNIT_APPROVE: 'Approve', UNIT_REJECT: 'Send back', PLATFORM_APPROVE: 'Approve and publish', PLATFORM_REJECT: 'Send back',
      done: 'Done', confirm: 'OK', cancel: 'Cancel',
    },
    fields: {
      reason: 'Reason', note: 'Note', content: 'Content', unit: 'Unit', leadUnit: 'Lead unit', assistUnits: 'Assisting units', days: 'Working days', comment: 'Comment', dueAt: 'Due',
      kind: 'Kind', contactedCitizen: 'Citizen contacted first', contactMethod: 'How', resolved: 'Resolved', target: 'Merge into', resolution: 'Resolution', attitude: 'Attitude', speed: 'Speed',
      invalidReason: 'Reason', response: 'Response', approve: 'Approve',
    },
    show: { content: 'Message', pii: 'Citizen (masked)', piiRevealed: 'Citizen (view logged)', assignments: 'Assignments', replies: 'Replies', evaluations: 'Ratings', supervisions: 'Supervision', timeline: 'Ledger', actions: 'Actions', duplicates: 'Possible repeats', none: 'None' },
    enums: {
      MessageState: { RECEIVED: 'Received', ACCEPTED: 'Accepted', ASSIGNED: 'Assigned', IN_PROGRESS: 'In progress', REPLIED: 'Replied', CLOSED: 'Closed', INVALID: 'Invalid', MERGED: 'Merged' },
      MessageType: { CONSULT: 'Question', SUGGEST: 'Suggestion', COMPLAIN: 'Complaint', HELP: 'Help' },
      Channel: { WEB: 'Website', APP: 'App', WECHAT: 'WeChat', WEIBO: 'Weibo', DOUYIN: 'Douyin', HOTLINE_12345: '12345 hotline', LETTER: 'Letter', API: 'API', EXTERNAL_SITE: 'Found online' },
      WarningLevel: { GREEN: 'In time', YELLOW: 'Due soon', RED: 'Overdue' },
      AssignmentRole: { LEAD: 'Lead', ASSIST: 'Assist' },
      AssignmentState: { PENDING: 'To sign', SIGNED: 'In progress', RETURN_REQUESTED: 'Return asked', RETURNED: 'Returned', REPLIED: 'Replied', DONE: 'Done', CANCELLED: 'Withdrawn' },
      ReplyKind: { FINAL: 'Reply', PROGRESS: 'Progress reply', ASSIST_OPINION: 'Assist opinion' },
      ReplyState: { DRAFT: 'Draft', UNIT_REVIEW: 'Unit review', PLATFORM_REVIEW: 'Platform review', REJECTED: 'Sent back', APPROVED: 'Approved', PUBLISHED: 'Published' },
      InvalidReason: { EMPTY: 'Empty', DUPLICATE: 'Duplicate', ABUSIVE: 'Abusive', ADVERTISING: 'Advertising', NOT_GOVERNMENT: 'Not a government matter', OTHER: 'Other' },
      Role: { PLATFORM_ADMIN: 'Platform admin', DISPATCHER: 'Dispatcher', SUPERVISOR: 'Supervisor', LEADER: 'Leader', UNIT_HANDLER: 'Handler', UNIT_REVIEWER: 'Unit reviewer' },
      UnitKind: { REGION: 'Region', DEPARTMENT: 'Department', ENTERPRISE: 'Enterprise', OTHER: 'Other' },
      SupervisionKind: { URGE: 'Urge', SUPERVISE: 'Supervise', INSTRUCTION: 'Instruction' },
      SatisfactionBand: { VERY_SATISFIED: 'Very satisfied', SATISFIED: 'Satisfied', BASICALLY_SATISFIED: 'Basically satisfied', DISSATISFIED: 'Dissatisfied', VERY_DISSATISFIED: 'Very dissatisfied' },
      ApiScope: { PUBLIC_READ: 'Read public messages (public:read)', MESSAGES_SUBMIT: 'Submit messages (messages:submit)', STATS_READ: 'Read public statistics (stats:read)' },
      DeadlineUnit: { WORKING_DAYS: 'working days', WORKING_HOURS: 'working hours', CALENDAR_HOURS: 'calendar hours' },
    },
    ledger: {
      CREATED: 'Submitted', ACCEPTED: 'Accepted', MARKED_INVALID: 'Marked invalid', MERGED: 'Merged', ASSIGNED: 'Assigned', REASSIGNED: 'Reassigned', SIGNED: 'Signed', DELEGATED: 'Handed down',
      RETURN_REQUESTED: 'Return asked', RETURN_APPROVED: 'Return approved', RETURN_REJECTED: 'Return refused', EXTENSION_REQUESTED: 'Extension asked', EXTENSION_APPROVED: 'Extension granted', EXTENSION_REJECTED: 'Extension refused',
      REPLY_DRAFTED: 'Reply drafted', REPLY_EDITED: 'Reply edited', REPLY_SUBMITTED: 'Reply submitted', REPLY_APPROVED: 'Reply approved', REPLY_REJECTED: 'Reply sent back', REPLY_PUBLISHED: 'Reply published',
      PROGRESS_REPLIED: 'Progress reply', ASSIST_OPINION_GIVEN: 'Assist opinion', URGED: 'Urged', SUPERVISED: 'Supervised', SUPERVISION_ANSWERED: 'Supervision answered', INSTRUCTED: 'Instructed', EVALUATED: 'Rated',
      REOPENED: 'Reopened', CLOSED: 'Closed', ARCHIVED: 'Archived', PII_VIEWED: 'Private data viewed', ON_HOLD: 'On hold', RESUMED: 'Resumed', OVERDUE: 'Overdue', ASSIGNMENT_CANCELLED: 'Withdrawn', DUE_SOON: 'Due soon', SIGN_OVERDUE: 'Not signed in time',
    },
    stats: {
      download: 'Download CSV', downloadFailed: 'Download failed', title: 'Statistics', from: 'From', to: 'To', groupBy: 'Group by', assigned: 'Assigned', replied: 'Replied', replyRate: 'Reply rate', closeRate: 'Closing rate', onTimeRate: 'On time',
      timelySignRate: 'Signed in time', returnRate: 'Returned', reopenRate: 'Reopened', satisfactionRate: 'Satisfied', averageSatisfaction: 'Avg. rating', overdueOpen: 'Overdue open',
      received: 'Received', responsesGiven: 'Responses', hint: 'Cohort figures count lead assignments made in the period; received and responses count events in the period. Counts in brackets: numerator/denominator.',
      groups: { UNIT: 'Unit', REGION: 'Region', CATEGORY: 'Category', TYPE: 'Type', CHANNEL: 'Channel', LEADER: 'Leader' },
    },
    sla: { any: 'Any', yes: 'Yes', no: 'No', reviewLevels: 'Review levels', unitReview: 'Unit review', platformReview: 'Platform review', matching: 'Applies to (the matching active policy of highest priority wins)', deadlines: 'Deadlines', review: 'Reply review' },
    holidays: {
      clickHint: 'Click a day to override it.',
      working: 'Working day (swap)', off: 'Day off', workday: 'Working day', month: '%{month}/%{year}', weekdays: 'Mo,Tu,We,Th,Fr,Sa,Su', weekday: 'Weekday',
      source: { OVERRIDE: 'admin override', LIBRARY: 'official calendar', FALLBACK: 'Mon-Fri rule' },
      legend: 'Green: days off; orange outline: dates overridden by an admin. Computed by the server from the working calendar.', none: 'No overrides this year.',
      deleteTitle: 'Remove the override of %{id}', deleteContent: 'The official calendar applies to this date again. Remove it?', badDate: 'Use the YYYY-MM-DD format', kindHelp: 'On: a working day (swapped); off: a day off',
    },
    apiClients: {
      keyTitle: 'API key of "%{name}"', keyOnce: 'The key is shown this once: copy it now and keep it safe. If it is lost, issue a new one.', copy: 'Copy', copied: 'Copied', saved: 'I have saved it',
      disabled: '"%{name}" disabled: its key stops working at once', enabled: '"%{name}" enabled', disable: 'Disable', enable: 'Enable', anyOrigin: '(server-to-server only)', perMinute: '%{n} / minute', never: 'never',
      ownerHelp: 'Unit running it and a contact', originsHelp: 'Web origins allowed to call (CORS), e.g. https://www.changsha.gov.cn; none: server-to-server calls only',
      rotateConfirm: 'The old key stops working at once. Issue a new key?', rotate: 'New key', meta: 'Key prefix %{prefix} · created %{created} · last used: %{used}', activeHelp: 'Off: disabled, the key stops working at once',
    },
    settings: {
      title: 'Settings', ranking: 'Unit ranking', rankingHint: 'The composite score is the weighted mean of the reply, closing and satisfaction rates; weights are any numbers 0-100, used in proportion.', reply: 'Reply rate weight', close: 'Closing rate weight',
      satisfaction: 'Satisfaction rate weight', minimumSample: 'Minimum sample', minimumSampleHint: 'Units with fewer lead assignments in the period are listed as "insufficient data", not ranked', updatedAt: 'Last changed: %{at}', defaults: 'Defaults apply (reply 30, closing 35, satisfaction 35, minimum sample 5)',
      saved: 'Settings saved', reviewHint: 'Review levels (unit, platform), deadlines and extensions are set per message type in the SLA policies:',
    },
    units: {
      tree: 'Tree', list: 'List', expand: 'Open', collapse: 'Close', noChildren: 'No units below', inactive: 'Disabled', addChild: 'Add below', disable: 'Disable', enable: 'Enable',
      enabled: '"%{name}" enabled', disabled: '"%{name}" disabled', more: 'Show more (%{n} left)', moveHelp: 'A new parent moves the unit with its subtree', activeHelp: 'Disable the units below first; a disabled unit receives no new assignments',
    },
    bulk: {
      ACCEPT: 'Accept', ASSIGN: 'Assign', MARK_INVALID: 'Mark invalid', URGE: 'Urge', CLOSE: 'Close',
      title: '%{action} (%{n} selected)', oneByOne: 'Each of the %{n} selected messages is sent to the server one by one; the server checks each.', progress: 'Working %{done}/%{total}…',
      summary: '%{action}: %{ok} succeeded, %{failed} failed.', failedStaySelected: 'The messages that failed stay selected.', notFound: 'Message not found or not visible to you',
    },
    errors: { invalidTransition: 'Not possible while it is "%{state}": %{action}.' },
    lang: { zh: '中文', en: 'English' },
  },
  resources: {
    'sla-policies': { name: 'SLA policy |||| SLA policies', fields: {
      name: 'Name', priority: 'Priority', isActive: 'Active', messageType: 'Message type', categoryId: 'Category', isUrgent: 'Urgent', isComplex: 'Complex', signWorkingDays: 'Sign within (working days)',
      firstResponseWorkingHours: 'First response (working hours)', replyAmount: 'Reply within', replyUnit: 'Unit', maxExtensions: 'Max. extensions', autoCloseDays: 'Auto-close (days)',
      unitReviewRequired: 'Unit review', platformReviewRequired: 'Platform review', assistOpinionRequired: 'Assist opinions required',
    } },
    holidays: { name: 'Holiday override |||| Holiday overrides', fields: { date: 'Date', isWorkingDay: 'Kind', note: 'Note', year: 'Year' } },
    'api-clients': { name: 'API client |||| API clients', fields: {
      name: 'Name', owner: 'Owner', scopes: 'Scopes', allowedOrigins: 'Allowed origins', rateLimitPerMinute: 'Rate limit', keyPrefix: 'Key prefix', lastUsedAt: 'Last used', isActive: 'Active', createdAt: 'Created',
    } },
    settings: { name: 'Settings |||| Settings' },
    statistics: { name: 'Statistics |||| Statistics' },
    messages: { name: 'Message |||| Messages', fields: { serialNo: 'No.', title: 'Title', type: 'Type', channel: 'Channel', state: 'State', submittedAt: 'Posted', replyDueAt: 'Reply due', warningLevel: 'Warning', leadUnit: 'Lead unit', category: 'Category', q: 'Keyword', content: 'Content', isUrgent: 'Urgent', isPublic: 'Public', submittedFrom: 'Posted from', submittedTo: 'Posted to', realName: 'Name', phone: 'Phone', idNumber: 'ID number', address: 'Address' } },
    inbox: { name: 'Unit inbox |||| Unit inbox', fields: { message: 'Message', role: 'Role', state: 'State', signDueAt: 'Sign due', replyDueAt: 'Reply due', warningLevel: 'Warning', unit: 'Unit', assignedAt: 'Assigned' } },
    reviews: { name: 'Review queue |||| Review queue', fields: { message: 'Message', kind: 'Kind', state: 'State', content: 'Reply', unit: 'Unit', submittedAt: 'Submitted', rejectionCount: 'Sent back' } },
    units: { name: 'Unit |||| Units', fields: { code: 'Code', name: 'Name', kind: 'Kind', parent: 'Parent', parentId: 'Parent', level: 'Level', isActive: 'Active', sortOrder: 'Order', q: 'Search' } },
    users: { name: 'User |||| Users', fields: { username: 'Login', displayName: 'Name', role: 'Role', unit: 'Unit', unitId: 'Unit', isActive: 'Active', lastLoginAt: 'Last login', password: 'Initial password', q: 'Search' } },
    leaders: { name: 'Leader |||| Leaders', fields: { name: 'Name', title: 'Title', unit: 'Unit', unitId: 'Unit', isActive: 'In office', sortOrder: 'Order', q: 'Search' } },
    categories: { name: 'Category |||| Categories', fields: { code: 'Code', name: 'Name', parent: 'Parent', parentId: 'Parent', isActive: 'Active', level: 'Level', q: 'Search' } },
  },
};

export const enMessages = { ...englishMessages, ...enApp };

/**
 * The knowledge base (issue 16, docs/knowledge.md) through the API: an article's life (draft → approved → public →
 * expired → hidden), its versions and its ledger; the author may not approve; the reach rule; search and
 * suggestions; a direct answer quoting an article counts in 直办率 and in the article's uses; poor ratings flag an
 * article; the public API shows public articles in force only.
 */
import { codeOf } from './helpers';
import { newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { DEMO_API_KEY } from '../src/demo/seed';

jest.setTimeout(120_000);

let otherHandler: string;

const { s, w } = worldPerFile();
beforeAll(async () => {
  otherHandler = await userIn(w, 'jtj.handler', 'UNIT_HANDLER', 'hn-cs-jtj');
});
afterEach(() => {
  s.app.services.workflow.now = () => new Date();
});

const ARTICLE = `id version state versionNo publishedVersionNo title questions answer visibility validFrom validUntil reviewBy status warnings
  availableActions blockedActions { action reason } unit { id } sources { title number date url }
  versions { versionNo state title answer authorName reviewerName reviewComment } history { action versionNo fromState toState actorName payload }
  rating { uses rated satisfied averageOverall poor }`;
const M = (name: string, type: string) => `mutation($i: ${type}!) { ${name}(input: $i) { article { ${ARTICLE} } } }`;
const CREATE = M('createKnowledgeArticle', 'CreateKnowledgeArticleInput');
const UPDATE = M('updateKnowledgeArticle', 'UpdateKnowledgeArticleInput');
const SUBMIT = M('submitKnowledgeArticle', 'KnowledgeActionInput');
const REVIEW = M('reviewKnowledgeArticle', 'ReviewKnowledgeArticleInput');
const WITHDRAW = M('withdrawKnowledgeArticle', 'KnowledgeActionInput');
const GET = `query($id: ID!) { knowledgeArticle(id: $id) { ${ARTICLE} } }`;
const PUBLIC_LIST = `query($f: PublicKnowledgeFilter) { publicKnowledgeArticles(filter: $f, first: 20) { totalCount nodes { id title answer questions category region unitName sources { title number } validUntil updatedOn matchedTerms } } }`;
const PUBLIC_ONE = `query($id: ID!) { publicKnowledgeArticle(id: $id) { id title answer } }`;
const pub = (query: string, variables: Record<string, unknown> = {}) => s.gql(query, variables, null, { 'x-api-key': DEMO_API_KEY });
const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
const later = (days: number) => {
  s.app.services.workflow.now = () => new Date(Date.now() + days * 86400_000);
};

const FUND = {
  title: '住房公积金贷款的申请条件和额度',
  questions: ['公积金贷款需要满足什么条件？', '住房公积金最多能贷多少钱？', '首套房公积金贷款额度怎么算'],
  answer:
    '申请住房公积金个人住房贷款，须连续足额缴存住房公积金满6个月。贷款额度按缴存余额的15倍计算，单人最高50万元、夫妻双方最高70万元。详情请拨打12329热线或访问 https://gjj.example.gov.cn 查询。',
  visibility: 'PUBLIC',
  sources: [{ title: '住房公积金个人住房贷款管理办法', number: '示例公积金发〔2024〕3号', date: '2024-03-01' }],
};

test("an article's life: drafted by its unit, approved by a platform reviewer who did not write it, public, edited (the approved version stays in force), expired and hidden", async () => {
  // the housing bureau's handler drafts it for their unit
  const created = (await ok(s.gql(CREATE, { i: { ...FUND, validUntil: day(40), reviewBy: day(200) } }, w.t.handler))).createKnowledgeArticle.article;
  expect(created).toMatchObject({ state: 'DRAFT', versionNo: 1, publishedVersionNo: null, status: 'UNPUBLISHED', unit: { id: w.unit['hn-cs-zjj'] } });
  expect(created.availableActions).toEqual(expect.arrayContaining(['EDIT', 'SUBMIT', 'WITHDRAW']));
  expect(created.history.map((e: any) => e.action)).toEqual(['CREATED']);
  // a draft is neither public nor found by staff search
  expect((await ok(pub(PUBLIC_LIST, { f: { search: '公积金贷款' } }))).publicKnowledgeArticles.totalCount).toBe(0);
  // edited in place while a draft: the ledger keeps what changed
  const edited = (
    await ok(s.gql(UPDATE, { i: { id: created.id, expectedVersion: created.version, questions: [...FUND.questions, '公积金贷款能贷几年'] } }, w.t.handler))
  ).updateKnowledgeArticle.article;
  expect(edited.versionNo).toBe(1);
  const change = edited.history.find((e: any) => e.action === 'EDITED');
  expect(change.payload.changes.questions.to).toContain('公积金贷款能贷几年');
  expect(change.actorName).toBe('住建局承办人');
  // a stale version is a conflict, and nothing is written
  expect(codeOf(await s.gql(SUBMIT, { i: { id: created.id, expectedVersion: created.version } }, w.t.handler))).toBe('CONFLICT');
  const submitted = (await ok(s.gql(SUBMIT, { i: { id: created.id, expectedVersion: edited.version } }, w.t.handler))).submitKnowledgeArticle.article;
  expect(submitted.state).toBe('IN_REVIEW');
  // the unit may not approve; a platform reviewer does
  expect(codeOf(await s.gql(REVIEW, { i: { id: created.id, approve: true } }, w.t.handler))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(REVIEW, { i: { id: created.id, approve: false } }, w.t.dispatcher))).toBe('BAD_USER_INPUT'); // a comment is needed
  const approved = (await ok(s.gql(REVIEW, { i: { id: created.id, approve: true, comment: '口径准确' } }, w.t.dispatcher))).reviewKnowledgeArticle.article;
  expect(approved).toMatchObject({ state: 'APPROVED', publishedVersionNo: 1, status: 'LIVE' });
  expect(approved.versions[0]).toMatchObject({ versionNo: 1, state: 'APPROVED', reviewerName: '受理交办员', reviewComment: '口径准确' });
  // public now: listed, found by its words, readable by id
  const listed = (await ok(pub(PUBLIC_LIST, { f: { search: '公积金 最高 贷多少' } }))).publicKnowledgeArticles;
  expect(listed.nodes[0]).toMatchObject({
    id: created.id,
    title: FUND.title,
    unitName: '长沙市住房和城乡建设局',
    sources: [{ title: FUND.sources[0].title, number: FUND.sources[0].number }],
  });
  expect(listed.nodes[0].matchedTerms).toEqual(expect.arrayContaining(['公积金']));
  expect((await ok(pub(PUBLIC_ONE, { id: created.id }))).publicKnowledgeArticle.title).toBe(FUND.title);

  // a change after approval starts version 2; version 1 stays in force (public) until version 2 is approved
  const v2 = (await ok(s.gql(UPDATE, { i: { id: created.id, answer: `${FUND.answer}2025年起单人最高额度调整为60万元。` } }, w.t.reviewer)))
    .updateKnowledgeArticle.article;
  expect(v2).toMatchObject({ state: 'DRAFT', versionNo: 2, publishedVersionNo: 1, status: 'LIVE' });
  expect((await ok(pub(PUBLIC_ONE, { id: created.id }))).publicKnowledgeArticle.answer).toBe(FUND.answer);
  // another unit's handler reads the version in force, not the draft
  const outside = (await ok(s.gql(GET, { id: created.id }, otherHandler))).knowledgeArticle;
  expect(outside.answer).toBe(FUND.answer);
  expect(outside.versions.map((v: any) => v.versionNo)).toEqual([1]);
  expect(codeOf(await s.gql(UPDATE, { i: { id: created.id, title: '改个标题试试' } }, otherHandler))).toBe('FORBIDDEN');
  await ok(s.gql(SUBMIT, { i: { id: created.id } }, w.t.reviewer));
  const v2on = (await ok(s.gql(REVIEW, { i: { id: created.id, approve: true } }, w.t.admin))).reviewKnowledgeArticle.article;
  expect(v2on.versions.map((v: any) => [v.versionNo, v.state])).toEqual([
    [2, 'APPROVED'],
    [1, 'SUPERSEDED'],
  ]);
  expect((await ok(pub(PUBLIC_ONE, { id: created.id }))).publicKnowledgeArticle.answer).toContain('60万元');
  expect(v2on.history.map((e: any) => e.action)).toEqual(['CREATED', 'EDITED', 'SUBMITTED', 'APPROVED', 'EDITED', 'SUBMITTED', 'APPROVED']);
  expect(v2on.history[4].payload).toMatchObject({ newVersion: true, basedOn: 1 });
  expect(v2on.history[4].payload.changes.answer.from).toBe(FUND.answer);

  // 35 days later it ends within 30 days: flagged to its unit, still public
  later(15);
  const soon = (await ok(s.gql(GET, { id: created.id }, w.t.handler))).knowledgeArticle;
  expect(soon.warnings).toEqual(['EXPIRES_SOON']);
  expect((await ok(s.gql(`{ knowledgeAttention }`, {}, w.t.handler))).knowledgeAttention).toBe(1);
  expect((await ok(s.gql(`{ knowledgeAttention }`, {}, otherHandler))).knowledgeAttention).toBe(0);
  // past its last valid day: expired, flagged, hidden from citizens and from search and suggestions
  later(41);
  const expired = (await ok(s.gql(GET, { id: created.id }, w.t.handler))).knowledgeArticle;
  expect(expired).toMatchObject({ status: 'EXPIRED', warnings: ['EXPIRED'] });
  expect((await ok(pub(PUBLIC_LIST, {}))).publicKnowledgeArticles.nodes.map((n: any) => n.id)).not.toContain(created.id);
  expect(codeOf(await pub(PUBLIC_ONE, { id: created.id }))).toBe('NOT_FOUND');
  expect(
    (await ok(s.gql(`query($q: String!) { searchKnowledge(query: $q) { article { id } } }`, { q: '公积金贷款' }, w.t.dispatcher))).searchKnowledge,
  ).toEqual([]);
  const attention = (await ok(s.gql(`{ knowledgeArticles(filter: { attention: true }) { nodes { id } } }`, {}, w.t.handler))).knowledgeArticles.nodes;
  expect(attention.map((n: any) => n.id)).toEqual([created.id]);
  // the unit renews it: a new version with a new end, approved, and it is back
  await ok(s.gql(UPDATE, { i: { id: created.id, validUntil: day(400) } }, w.t.handler));
  await ok(s.gql(SUBMIT, { i: { id: created.id } }, w.t.handler));
  const renewed = (await ok(s.gql(REVIEW, { i: { id: created.id, approve: true } }, w.t.dispatcher))).reviewKnowledgeArticle.article;
  expect(renewed).toMatchObject({ status: 'LIVE', versionNo: 3, warnings: [] });
  expect((await ok(pub(PUBLIC_ONE, { id: created.id }))).publicKnowledgeArticle.id).toBe(created.id);
  // past the review date: hidden again until reviewed
  later(201);
  expect((await ok(s.gql(GET, { id: created.id }, w.t.handler))).knowledgeArticle).toMatchObject({ status: 'REVIEW_OVERDUE', warnings: ['REVIEW_OVERDUE'] });
  expect(codeOf(await pub(PUBLIC_ONE, { id: created.id }))).toBe('NOT_FOUND');
  // withdrawn: gone for everyone but its unit and the platform, versions and ledger kept
  const gone = (await ok(s.gql(WITHDRAW, { i: { id: created.id, comment: '政策已废止' } }, w.t.handler))).withdrawKnowledgeArticle.article;
  expect(gone).toMatchObject({ state: 'WITHDRAWN', status: 'WITHDRAWN' });
  expect(gone.versions).toHaveLength(3);
  expect(gone.history.at(-1)).toMatchObject({ action: 'WITHDRAWN', payload: { reason: '政策已废止' } });
  expect(codeOf(await s.gql(GET, { id: created.id }, otherHandler))).toBe('NOT_FOUND');
});

test('nobody approves a version they wrote, whatever their role; the reason is given', async () => {
  const a = (
    await ok(
      s.gql(
        CREATE,
        {
          i: {
            title: '12345热线受理范围',
            questions: ['12345热线都管什么事'],
            answer: '12345热线受理群众对政府部门的咨询、求助、投诉和建议，不受理紧急警情和应由司法程序处理的事项。',
            unitId: w.unit.hn,
          },
        },
        w.t.dispatcher,
      ),
    )
  ).createKnowledgeArticle.article;
  await ok(s.gql(SUBMIT, { i: { id: a.id } }, w.t.dispatcher));
  const seen = (await ok(s.gql(GET, { id: a.id }, w.t.dispatcher))).knowledgeArticle;
  expect(seen.availableActions).not.toContain('APPROVE');
  expect(seen.blockedActions).toEqual([{ action: 'APPROVE', reason: 'OWN_ARTICLE' }]);
  const r = await s.gql(REVIEW, { i: { id: a.id, approve: true } }, w.t.dispatcher);
  expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OWN_ARTICLE' });
  expect((await ok(s.gql(REVIEW, { i: { id: a.id, approve: true } }, w.t.admin))).reviewKnowledgeArticle.article.status).toBe('LIVE');
  // a staff-only article is never public
  expect((await ok(pub(PUBLIC_LIST, { f: { search: '12345热线' } }))).publicKnowledgeArticles.nodes).toEqual([]);
  expect(codeOf(await pub(PUBLIC_ONE, { id: a.id }))).toBe('NOT_FOUND');
  expect(
    (await ok(s.gql(`query($q: String!) { searchKnowledge(query: $q) { article { id } matchedTerms } }`, { q: '12345热线管什么' }, w.t.handler)))
      .searchKnowledge[0].article.id,
  ).toBe(a.id);
});

test("reach: another unit's draft answers like a missing article; bad input is typed and writes nothing", async () => {
  const draft = (
    await ok(
      s.gql(
        CREATE,
        {
          i: {
            title: '物业维修资金怎么使用',
            questions: ['维修资金能用来修电梯吗'],
            answer: '住宅专项维修资金用于共用部位、共用设施设备保修期满后的维修和更新改造，须经业主表决同意。',
          },
        },
        w.t.handler,
      ),
    )
  ).createKnowledgeArticle.article;
  for (const [q, v] of [
    [GET, { id: draft.id }],
    [SUBMIT, { i: { id: draft.id } }],
    [UPDATE, { i: { id: draft.id, title: '别的标题' } }],
  ] as const) {
    const outside = await s.gql(q, v, otherHandler);
    const missing = await s.gql(q, JSON.parse(JSON.stringify(v).replace(`"${draft.id}"`, '"999999"')), otherHandler);
    expect(outside.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(outside.errors?.[0].message.split(draft.id).join('<id>')).toBe(missing.errors?.[0].message.split('999999').join('<id>'));
  }
  const list = (await ok(s.gql(`{ knowledgeArticles(first: 100) { nodes { id } } }`, {}, otherHandler))).knowledgeArticles.nodes.map((n: any) => n.id);
  expect(list).not.toContain(draft.id);
  // leaders and supervisors may not write
  expect(codeOf(await s.gql(CREATE, { i: { title: '测试', questions: ['测试问题'], answer: '测试答复内容十个字以上。' } }, w.t.supervisor))).toBe('FORBIDDEN');
  // bad input: dates out of order, a region that is not one, a missing answer
  const before = (await ok(s.gql(`{ knowledgeArticles(first: 100) { totalCount } }`, {}, w.t.admin))).knowledgeArticles.totalCount;
  const bad = await s.gql(CREATE, { i: { ...FUND, validFrom: day(10), validUntil: day(5) } }, w.t.handler);
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validUntil', reason: 'DATES_OUT_OF_ORDER' });
  expect((await s.gql(CREATE, { i: { ...FUND, regionUnitId: w.unit['hn-cs-zjj'] } }, w.t.handler)).errors?.[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    reason: 'NOT_A_REGION',
  });
  expect((await s.gql(CREATE, { i: { title: FUND.title, questions: FUND.questions } }, w.t.handler)).errors?.[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'answer',
  });
  expect((await s.gql(CREATE, { i: { ...FUND, validUntil: '2026-02-30' } }, w.t.handler)).errors?.[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    reason: 'BAD_DATE',
  });
  expect((await ok(s.gql(`{ knowledgeArticles(first: 100) { totalCount } }`, {}, w.t.admin))).knowledgeArticles.totalCount).toBe(before);
});

const approve = async (input: Record<string, unknown>, author = w.t.handler) => {
  const a = (await ok(s.gql(CREATE, { i: input }, author))).createKnowledgeArticle.article;
  await ok(s.gql(SUBMIT, { i: { id: a.id } }, author));
  return (await ok(s.gql(REVIEW, { i: { id: a.id, approve: true } }, w.t.admin))).reviewKnowledgeArticle.article;
};

test("a consultation answered directly from a suggested article: the reply records it, 直办率 counts it and so do the article's uses", async () => {
  const fund = await approve({ ...FUND, title: '公积金贷款额度与条件', reviewBy: day(300) });
  await approve({
    title: '新建商品房交房后如何办理不动产权证',
    questions: ['交房后多久能拿到房产证', '商品房办证需要什么材料'],
    answer: '开发企业完成首次登记后，购房人可持购房合同、身份证明和完税凭证到不动产登记中心申请转移登记，一般5个工作日内发证。',
    visibility: 'PUBLIC',
  });
  const m = await newMessage(w, {
    type: 'CONSULT',
    title: '请问公积金贷款最多能贷多少',
    content: '我和爱人在长沙缴纳住房公积金两年了，准备买第一套房，想咨询一下公积金贷款的额度是怎么计算的，最高能贷多少？',
  });
  const SUGGEST = `query($id: ID) { knowledgeSuggestions(messageId: $id) { score matchedTerms article { id title status } } }`;
  const suggested = (await ok(s.gql(SUGGEST, { id: m.id }, w.t.dispatcher))).knowledgeSuggestions;
  expect(suggested[0].article.id).toBe(fund.id);
  expect(suggested[0].matchedTerms).toEqual(expect.arrayContaining(['公积金']));
  expect(suggested.map((x: any) => x.article.title)).not.toContain('新建商品房交房后如何办理不动产权证');
  // a message outside the viewer's reach: NOT_FOUND as a missing one
  expect(codeOf(await s.gql(SUGGEST, { id: m.id }, otherHandler))).toBe('NOT_FOUND');

  const period = { from: day(0), to: day(0) };
  const FIGURES = `query($p: PeriodInput!) { knowledgeStatistics(period: $p) { directAnswersQuoting { numerator denominator } repliesQuoting { numerator denominator } directAnswerRate { numerator denominator } articles { usesInPeriod article { id } rating { uses } } } }`;
  const STATS = `query($p: PeriodInput!) { statistics(period: $p, groupBy: ALL) { directAnswerRate { numerator denominator } } }`;
  const statsBefore = (await ok(s.gql(STATS, { p: period }, w.t.dispatcher))).statistics[0]?.directAnswerRate ?? { numerator: 0, denominator: 0 };
  const before = (await ok(s.gql(FIGURES, { p: period }, w.t.supervisor))).knowledgeStatistics;

  const DIRECT = `mutation($i: DirectAnswerInput!) { directAnswer(input: $i) { reply { id quotedArticles { articleId versionNo title } } } }`;
  const content = `您好！${fund.answer}`;
  // quoting an article not in force is refused with its title, and nothing is drafted
  const draftOnly = (
    await ok(s.gql(CREATE, { i: { title: '尚未审核的条目', questions: ['一个问题'], answer: '这是一条还没有审核的知识条目。' } }, w.t.dispatcher))
  ).createKnowledgeArticle.article;
  const refused = await s.gql(DIRECT, { i: { messageId: m.id, content, articleIds: [draftOnly.id] } }, w.t.dispatcher);
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ARTICLE_NOT_LIVE', params: { title: '尚未审核的条目' } });
  const reply = (await ok(s.gql(DIRECT, { i: { messageId: m.id, content, resolved: true, articleIds: [fund.id] } }, w.t.dispatcher))).directAnswer.reply;
  expect(reply.quotedArticles).toEqual([{ articleId: fund.id, versionNo: 1, title: '公积金贷款额度与条件' }]);
  await ok(s.gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: reply.id } }, w.t.dispatcher));
  await ok(s.gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { state } } }`, { i: { replyId: reply.id, approve: true } }, w.t.admin));
  // the ledger of the message says which article the answer used
  const timeline = (
    await ok(s.gql(`query($id: ID!) { message(id: $id) { state timeline(first: 20) { nodes { action payload } } } }`, { id: m.id }, w.t.dispatcher))
  ).message;
  expect(timeline.state).toBe('REPLIED');
  expect(timeline.timeline.nodes.find((e: any) => e.action === 'REPLY_DRAFTED').payload.articleIds).toEqual([Number(fund.id)]);

  const statsAfter = (await ok(s.gql(STATS, { p: period }, w.t.dispatcher))).statistics[0].directAnswerRate;
  expect(statsAfter.numerator).toBe(statsBefore.numerator + 1);
  const after = (await ok(s.gql(FIGURES, { p: period }, w.t.supervisor))).knowledgeStatistics;
  expect(after.directAnswersQuoting).toEqual({
    numerator: before.directAnswersQuoting.numerator + 1,
    denominator: before.directAnswersQuoting.denominator + 1,
  });
  expect(after.directAnswerRate).toEqual(statsAfter);
  expect(after.articles.find((x: any) => x.article.id === fund.id)).toMatchObject({ usesInPeriod: 1, rating: { uses: 1 } });
  expect((await ok(s.gql(GET, { id: fund.id }, w.t.handler))).knowledgeArticle.rating.uses).toBe(1);
  expect(codeOf(await s.gql(FIGURES, { p: period }, w.t.handler))).toBe('FORBIDDEN');
});

test('an article whose answers are rated poorly is flagged to its unit and in the figures', async () => {
  const art = await approve({
    title: '小区停车位收费标准',
    questions: ['小区停车费怎么定价', '物业能随便涨停车费吗'],
    answer: '住宅小区停车服务收费实行市场调节价，由业主大会或物业服务企业与业主协商确定，并在小区显著位置公示。',
    visibility: 'PUBLIC',
  });
  const rate = async (overall: number) => {
    const m = await newMessage(w, {
      type: 'CONSULT',
      title: '小区停车费涨价合理吗',
      content: '我们小区物业把停车费从每月200元涨到300元，请问停车费怎么定价？',
    });
    const r = (
      await ok(
        s.gql(
          `mutation($i: DirectAnswerInput!) { directAnswer(input: $i) { reply { id } } }`,
          { i: { messageId: m.id, content: `您好！${art.answer}`, articleIds: [art.id] } },
          w.t.dispatcher,
        ),
      )
    ).directAnswer.reply;
    await ok(s.gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: r.id } }, w.t.dispatcher));
    await ok(s.gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { state } } }`, { i: { replyId: r.id, approve: true } }, w.t.admin));
    await ok(
      s.gql(
        `mutation($i: RecordEvaluationInput!) { recordEvaluation(input: $i) { message { state } } }`,
        { i: { messageId: m.id, resolution: overall, attitude: overall, speed: overall } },
        w.t.dispatcher,
      ),
    );
  };
  await rate(2);
  await rate(5);
  expect((await ok(s.gql(GET, { id: art.id }, w.t.handler))).knowledgeArticle.rating).toMatchObject({ uses: 2, rated: 2, satisfied: 1, poor: false });
  await rate(1);
  const flagged = (await ok(s.gql(GET, { id: art.id }, w.t.handler))).knowledgeArticle;
  expect(flagged.rating).toMatchObject({ uses: 3, rated: 3, satisfied: 1, averageOverall: 2.67, poor: true });
  expect(flagged.warnings).toContain('POOR_RATINGS');
  const poor = (
    await ok(
      s.gql(
        `query($p: PeriodInput!) { knowledgeStatistics(period: $p) { poorlyRated { article { id } rating { rated satisfied } } } }`,
        { p: { from: day(0), to: day(0) } },
        w.t.dispatcher,
      ),
    )
  ).knowledgeStatistics.poorlyRated;
  expect(poor.map((x: any) => x.article.id)).toEqual([art.id]);
});

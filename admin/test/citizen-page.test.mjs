/**
 * The citizen site (examples/public) on a phone-sized viewport (390×844), under a strict Content-Security-Policy:
 * a citizen posts a message, reads its serial number and query code off the page, looks it up, and once staff
 * have answered it (driven through the staff API) rates the reply low and asks for a redo. No horizontal
 * scrolling, tap targets at least 44×44 px, results and errors in live regions, Chinese only, axe clean.
 */
import assert from 'node:assert/strict';
import { checkAccessibility } from './lib/axe.mjs';

/** The policy sec-http sets on /examples/ (helmet), at its strictest: nothing inline, nothing from elsewhere. */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** The page served with the strict policy; violations are collected in window.__cspViolations. */
async function withStrictCsp(page, base) {
  await page.route(`${base}/examples/**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** Interactive elements smaller than 44×44 px (a radio or checkbox counts with its label), and the page's overflow. */
const layoutProblems = (page) =>
  page.evaluate(() => {
    const small = [];
    const shown = (e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    for (const e of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]')) {
      const target = e.type === 'radio' || e.type === 'checkbox' ? (e.closest('label') ?? e) : e;
      if (!shown(target)) continue;
      const r = target.getBoundingClientRect();
      if (r.width < 44 || r.height < 44)
        small.push(
          `${target.tagName.toLowerCase()}${target.id ? '#' + target.id : ''} “${(target.textContent || target.getAttribute('aria-label') || '').trim().slice(0, 20)}” ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    const doc = document.documentElement;
    return { small, scrollWidth: doc.scrollWidth, width: doc.clientWidth, csp: window.__cspViolations ?? [] };
  });

async function assertPhoneLayout(page, where) {
  const p = await layoutProblems(page);
  assert.ok(p.scrollWidth <= p.width, `${where}: the page is ${p.scrollWidth} px wide on a ${p.width} px screen (horizontal scrolling)`);
  assert.deepEqual(p.small, [], `${where}: tap targets under 44×44 px`);
  assert.deepEqual(p.csp, [], `${where}: Content-Security-Policy violations`);
}

/** The text of the live regions (role=status or alert, or aria-live) that contain `selector`. */
const liveText = (page, selector) =>
  page.locator(selector).evaluate((e) => {
    const live = e.closest('[aria-live], [role="status"], [role="alert"]');
    return live ? live.textContent : null;
  });

export default async function citizenPage(t) {
  const page = await t.newPage('citizen', { viewport: { width: 390, height: 844 } });
  await withStrictCsp(page, t.base);
  const dispatcher = await t.tokenOf('dispatcher');
  let serialNo;
  let queryCode;

  await t.step('citizen page (390 px): the public list loads with the configured key; no key boxes; fits the screen; axe clean', async () => {
    await page.goto(`${t.base}/examples/public/`);
    await page.locator('#public-list li').first().waitFor({ timeout: 15000 });
    assert.equal(await page.getByText('API Key').count(), 0);
    assert.equal(await page.getByText('接口地址').count(), 0);
    assert.equal(await page.locator('h1').count(), 1);
    const total = (await t.api(`{ publicMessages { totalCount } }`, {}, null, { 'x-api-key': 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz' }))
      .publicMessages.totalCount;
    await page.locator('#public-total', { hasText: `共 ${total} 条公开留言` }).waitFor();
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    assert.equal(await page.locator('[onclick], [onsubmit], [onchange], [oninput], [onload]').count(), 0, 'no inline handlers');
    await assertPhoneLayout(page, 'first view');
    await checkAccessibility(page, 'citizen page');
    await t.shot(page, 'citizen-page');
  });

  await t.step('citizen page: 看看是否已有答案 finds the public answer to a question before the citizen writes; no answer is said so', async () => {
    const box = page.locator('#answers');
    await box.getByLabel('您的问题').fill('老年人坐公交要钱吗');
    await box.getByRole('button', { name: '搜索答案' }).click();
    // What the public API answers for the same words, with the site's key: the page lists the same articles, best first.
    const api = (
      await t.api(
        `query($f: PublicKnowledgeFilter) { publicKnowledgeArticles(first: 5, filter: $f) { totalCount nodes { title answer } } }`,
        { f: { search: '老年人坐公交要钱吗' } },
        null,
        { 'x-api-key': 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz' },
      )
    ).publicKnowledgeArticles;
    assert.ok(api.totalCount >= 1, 'the demo data has a public answer about free buses for older people');
    assert.equal(api.nodes[0].title, '老年人免费乘坐公交怎样办卡');
    await box.locator('#answer-total', { hasText: `找到 ${api.totalCount} 条相关答复` }).waitFor();
    assert.deepEqual(
      await box.locator('#answer-list summary').allTextContents(),
      api.nodes.map((a) => a.title),
    );
    await box.locator('#answer-list summary').first().click();
    const firstLine = api.nodes[0].answer.split('\n').find((l) => l.trim());
    await box
      .locator('#answer-list details[open] p', { hasText: firstLine.trim().slice(0, 20) })
      .first()
      .waitFor();
    await assertPhoneLayout(page, 'answers shown');
    await checkAccessibility(page, 'citizen page: answers shown');
    await box.getByLabel('您的问题').fill('火星移民签证办理');
    await box.getByRole('button', { name: '搜索答案' }).click();
    await box.locator('#answer-total', { hasText: '没有找到相关答复，欢迎在下方留言。' }).waitFor();
    assert.equal(await box.locator('#answer-list li').count(), 0);
  });

  await t.step('citizen page: posting an empty form lists what is missing, in Chinese, announced and focused', async () => {
    await page.getByRole('button', { name: '提交留言' }).click();
    const errors = page.locator('#post-errors');
    await errors.getByText('提交前请修改以下 5 处').waitFor();
    assert.equal(await errors.getAttribute('role'), 'alert');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'post-errors');
    for (const text of ['请选择留言类型。', '标题至少 4 个字。', '留言内容至少 10 个字。', '请填写您的姓名。', '请填写联系电话。'])
      await errors.getByText(text).waitFor();
    assert.equal(await page.getByLabel('标题').getAttribute('aria-invalid'), 'true');
    await assertPhoneLayout(page, 'form with errors');
    await checkAccessibility(page, 'citizen page: form with errors');
    // An error links to its field.
    await errors.getByRole('link', { name: '请填写联系电话。' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-phone');
  });

  await t.step('citizen page: a citizen posts a complaint about a district, to a leader, and reads the serial number and query code', async () => {
    await page.getByLabel('投诉').check();
    await page.getByLabel('标题').fill('岳麓区某小区门口人行道地砖破损');
    await page.getByLabel('留言内容').fill('小区门口人行道的地砖松动破损已有一个月，老人和孩子经过时多次绊倒，请有关部门尽快修复。');
    await page.getByLabel('涉及地区（选填）').selectOption({ label: '长沙市' });
    await page.getByLabel('下一级地区（选填）').selectOption({ label: '岳麓区' });
    const leader = (await t.api(`{ leaders(first: 50) { nodes { id name title unit { name } } } }`, {}, dispatcher)).leaders.nodes.find(
      (l) => l.unit.name === '长沙市',
    );
    await page.getByLabel('写给（选填）').selectOption({ label: `长沙市${leader.title} ${leader.name}` });
    await page.getByLabel('您的姓名').fill('周建国');
    await page.getByLabel('联系电话').fill('139 0731 2468');
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.locator('#post-serial').waitFor();
    serialNo = (await page.locator('#post-serial').textContent()).trim();
    queryCode = (await page.locator('#post-code').textContent()).trim();
    assert.match(serialNo, /^WZ\d+$/);
    assert.match(queryCode, /^[A-Z0-9]{8}$/);
    assert.match(await liveText(page, '#post-serial'), /留言已提交成功/, 'the result is in a live region');
    assert.equal(await page.locator('#post-result').getAttribute('aria-live'), 'polite');
    // The form is empty again (a second click makes no duplicate); the message is what the citizen typed.
    assert.equal(await page.getByLabel('标题').inputValue(), '');
    const m = (
      await t.api(
        `query($f: MessageFilter) { messages(filter: $f) { nodes { title type channel region { name } addressedLeader { id } state } } }`,
        { f: { serialNo } },
        dispatcher,
      )
    ).messages.nodes[0];
    assert.deepEqual(m, {
      title: '岳麓区某小区门口人行道地砖破损',
      type: 'COMPLAIN',
      channel: 'WEB',
      region: { name: '岳麓区' },
      addressedLeader: { id: leader.id },
      state: 'RECEIVED',
    });
    await assertPhoneLayout(page, 'after posting');
    await checkAccessibility(page, 'citizen page: posted');
  });

  await t.step('citizen page: the citizen looks the message up (progress announced); a wrong query code is told in Chinese', async () => {
    await page.getByRole('button', { name: '查询这条留言的办理进度' }).click();
    await page.locator('#lookup-step', { hasText: '留言已提交' }).waitFor();
    assert.match(await page.locator('#lookup-status').textContent(), new RegExp(`已找到留言 ${serialNo}，当前进展：留言已提交`));
    assert.equal(await page.locator('#lookup-status').getAttribute('aria-live'), 'polite');
    assert.equal(await page.getByLabel('留言编号').inputValue(), serialNo);
    // A code that cannot be one (0, 1, I and O are never used) is told what a code looks like.
    await page.getByLabel('查询码').fill('WRONG123');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const error = page.locator('#lookup-error');
    await error.getByText('查询失败：查询码为 8 位字母和数字（不含 0、1、I、O），不区分大小写。').waitFor();
    // Well-formed wrong codes: the same words as for a wrong serial number.
    for (let i = 0; i < 5; i++) {
      await error.evaluate((e) => e.replaceChildren());
      await page.getByLabel('查询码').fill(`WRNG234${i + 2}`);
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await error.getByText('查询失败：留言编号或查询码不正确，请核对后重新输入。').waitFor();
    }
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.doesNotMatch(await page.locator('main').textContent(), /not found|Message/i);
    await checkAccessibility(page, 'citizen page: lookup error');
    // After five wrong codes the platform asks for a proof of work: the page solves it and the right code still gets in,
    // typed in lower case with spaces around it.
    await page.getByLabel('查询码').fill(`  ${queryCode.toLowerCase()} `);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#lookup-status', { hasText: `已找到留言 ${serialNo}` }).waitFor();
    assert.equal(await error.textContent(), '', 'the earlier error is gone');
    const status = page.locator('#lookup-result dt', { hasText: '办理状态' }).locator('xpath=following-sibling::dd[1]');
    assert.equal(await status.textContent(), '待受理', 'a message not yet screened is 待受理, not 已受理');
  });

  await t.step('citizen page: staff answer the message; the citizen sees the reply and rates it (no preset scores)', async () => {
    const handler = await t.tokenOf('handler');
    const reviewer = await t.tokenOf('reviewer');
    const id = (await t.api(`query($f: MessageFilter) { messages(filter: $f) { nodes { id } } }`, { f: { serialNo } }, dispatcher)).messages.nodes[0].id;
    const zjj = (await t.api(`{ units(first: 100, filter: { search: "长沙市住房和城乡建设局" }) { nodes { id name } } }`, {}, dispatcher)).units.nodes.find(
      (u) => u.name === '长沙市住房和城乡建设局',
    );
    await t.api(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId: id, leadUnitId: zjj.id } }, dispatcher);
    const a = (await t.api(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id }, handler)).message.assignments[0].id;
    await t.api(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: a } }, handler);
    const reply = '您好！经现场核查，该处人行道地砖已安排维修，预计五个工作日内完成。感谢您的反映。';
    const r = (
      await t.api(
        `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
        { i: { assignmentId: a, kind: 'FINAL', content: reply, contactedCitizen: true, resolved: false } },
        handler,
      )
    ).draftReply.reply.id;
    await t.api(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: r } }, handler);
    await t.api(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { i: { replyId: r, approve: true } }, reviewer);
    await t.api(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { i: { replyId: r, approve: true } }, dispatcher);

    await page.getByLabel('查询码').fill(queryCode.toLowerCase());
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#lookup-step', { hasText: '已答复' }).waitFor();
    assert.equal(await page.locator('#lookup-error').textContent(), '', 'the earlier error is gone');
    await page.locator('#lookup-result').getByText(reply).waitFor();
    const steps = await page.locator('#lookup-result ol.progress li').evaluateAll((els) => els.map((e) => e.lastChild.textContent));
    assert.deepEqual(steps, ['留言已提交', '已交办至长沙市住房和城乡建设局', '承办单位已签收，正在办理', '已答复']);
    const form = page.locator('#rate-form');
    await form.waitFor();
    assert.equal(await form.locator('input[type="radio"]:checked').count(), 0, 'no score is preset');
    assert.equal(await page.locator('#redo-form').count(), 0, 'no redo before a rating');
    await assertPhoneLayout(page, 'answered, with the rating form');
    await checkAccessibility(page, 'citizen page: answered, rating form');
    await page.locator('#lookup-heading').evaluate((e) => e.scrollIntoView());
    await t.shot(page, 'citizen-lookup');

    await form.getByRole('button', { name: '提交评价' }).click();
    await form.getByText('请为“解决程度”“办理态度”“办理速度”打分。').waitFor();
    await form.getByRole('group', { name: '解决程度' }).getByLabel('1 分，很不满意').check();
    await form.getByRole('group', { name: '办理态度' }).getByLabel('2 分，不满意').check();
    await form.getByRole('group', { name: '办理速度' }).getByLabel('1 分，很不满意').check();
    await page.getByLabel('评价意见（选填）').fill('答复说五天修好，但至今未动工。');
    await form.getByRole('button', { name: '提交评价' }).click();
    await page.locator('#lookup-status', { hasText: '评价已提交，谢谢您。您对答复不满意，可以在下方申请重办。' }).waitFor();
    const ev = (
      await t.api(
        `query($f: MessageFilter) { messages(filter: $f) { nodes { state evaluations { resolution attitude speed comment source } } } }`,
        { f: { serialNo } },
        dispatcher,
      )
    ).messages.nodes[0];
    assert.deepEqual(ev, {
      state: 'CLOSED',
      evaluations: [{ resolution: 1, attitude: 2, speed: 1, comment: '答复说五天修好，但至今未动工。', source: 'CITIZEN' }],
    });
  });

  await t.step('citizen page: after the low rating the citizen asks for a redo; the message is handled again', async () => {
    const form = page.locator('#redo-form');
    await form.waitFor();
    assert.equal(await page.locator('#rate-form').count(), 0, 'rated once');
    await form.getByRole('button', { name: '申请重办' }).click();
    await form.getByText('请写明需要重办的理由。').waitFor();
    await page.getByLabel('重办理由').fill('地砖仍未修复，请重新办理。');
    await form.getByRole('button', { name: '申请重办' }).click();
    await page.locator('#lookup-status', { hasText: '已申请重办，留言将重新办理。' }).waitFor();
    await page.locator('#lookup-step', { hasText: '已重新办理' }).waitFor();
    assert.equal(await page.locator('#redo-form').count(), 0, 'a redo is asked once');
    const m = (await t.api(`query($f: MessageFilter) { messages(filter: $f) { nodes { state } } }`, { f: { serialNo } }, dispatcher)).messages.nodes[0];
    assert.notEqual(m.state, 'CLOSED');
    await assertPhoneLayout(page, 'after the redo');
    await checkAccessibility(page, 'citizen page: redo asked');
  });

  await t.step('citizen page: a public message opens from the list with its reply; the back link returns to the list', async () => {
    await page.getByLabel('办理状态').selectOption({ label: '已办结' });
    await page.getByRole('button', { name: '筛选' }).click();
    // the list shows only closed messages of the page's region (other tests close messages elsewhere)
    await page.waitForFunction(() => {
      const states = [...document.querySelectorAll('#public-list .status')].map((s) => s.textContent);
      return states.length > 0 && states.every((s) => s === '已办结');
    });
    const link = page.locator('#public-list a').first();
    const serialNo = await link.getAttribute('data-serial');
    const replied = (
      await t.api(`query($s: String!) { publicMessage(serialNo: $s) { title replies { content } } }`, { s: serialNo }, null, {
        'x-api-key': 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz',
      })
    ).publicMessage;
    assert.ok(replied.replies.length > 0, 'a closed public message shows its reply');
    await link.click();
    const heading = page.locator('#detail-heading', { hasText: replied.title });
    await heading.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'detail-heading', 'focus moves to the message');
    await page.locator('#detail').getByText(replied.replies[0].content.slice(0, 20)).waitFor();
    await assertPhoneLayout(page, 'a public message');
    await checkAccessibility(page, 'citizen page: public message');
    await page.getByRole('link', { name: '返回公开留言列表' }).click();
    await page.locator('#detail').waitFor({ state: 'hidden' });
  });
}

/**
 * 知识库 in the console: a unit's handler drafts an article and submits it, a platform reviewer approves it from the
 * 待审核 view (its version and ledger shown), and a dispatcher answers a consultation directly (直办) from the
 * article the dialog suggests: the reply quotes it, and once published the article counts the use.
 */
import assert from 'node:assert/strict';
import { createMessage } from './lib/fixtures.mjs';

const TITLE = '新建商品房交付后如何办理不动产权证书';
const ANSWER =
  '新建商品房交付使用后，开发企业应在交付之日起90日内申请首次登记。购房人可携带身份证、购房合同、契税完税凭证，' +
  '到不动产登记中心或通过网上办事大厅申请办理不动产权证书（房产证），材料齐全的5个工作日内办结。';

export default async function knowledge(t) {
  let handlerPage;
  let reviewerPage;
  await t.step('a unit handler drafts an article and submits it for review', async () => {
    handlerPage = await t.loginAs('handler');
    await t.menu(handlerPage, '知识库');
    await handlerPage.getByRole('link', { name: '新建' }).click();
    await handlerPage.locator('input[name="title"]').fill(TITLE);
    await handlerPage.locator('textarea[name="questionsText"]').fill('交房后多久能办房产证\n新房房产证怎么办理');
    await handlerPage.locator('textarea[name="answer"]').fill(ANSWER);
    await handlerPage.getByRole('button', { name: '保存' }).click();
    await handlerPage.locator('[data-testid="knowledge-state"][data-state="DRAFT"]').waitFor();
    assert.equal(await handlerPage.locator('[data-testid="knowledge-title"]').textContent(), TITLE);
    await handlerPage.click('[data-testid="knowledge-action-SUBMIT"]');
    await handlerPage.click('[data-testid="dialog-confirm"]');
    await handlerPage.locator('[data-testid="knowledge-state"][data-state="IN_REVIEW"]').waitFor();
    // A unit does not approve: the button is not there.
    assert.equal(await handlerPage.locator('[data-testid="knowledge-action-APPROVE"]').count(), 0);
    await t.shot(handlerPage, 'knowledge-draft');
  });

  await t.step('a platform reviewer approves it from the review queue; the version and the ledger show it', async () => {
    reviewerPage = await t.loginAs('dispatcher');
    await t.menu(reviewerPage, '知识库');
    await reviewerPage.click('[data-testid="view-review"]');
    const row = reviewerPage.locator('[data-testid="knowledge-list"] tbody tr', { hasText: TITLE });
    await row.waitFor();
    await t.shot(reviewerPage, 'knowledge-review-queue');
    await row.click();
    await reviewerPage.click('[data-testid="knowledge-action-APPROVE"]');
    await reviewerPage.click('[data-testid="dialog-confirm"]');
    await reviewerPage.locator('[data-testid="knowledge-state"][data-state="APPROVED"]').waitFor();
    await reviewerPage.locator('[data-status="LIVE"]').first().waitFor();
    await reviewerPage.locator('[data-testid="knowledge-versions"] tr[data-version="1"][data-state="APPROVED"]').waitFor();
    const actions = await reviewerPage
      .locator('[data-testid="knowledge-ledger"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    assert.deepEqual(actions, ['CREATED', 'SUBMITTED', 'APPROVED']);
    const ledgerText = await reviewerPage.locator('[data-testid="knowledge-ledger"]').textContent();
    assert.ok(ledgerText.includes('审核通过') && ledgerText.includes('提交审核'), ledgerText);
    await t.shot(reviewerPage, 'knowledge-article');
  });

  let m;
  await t.step('a dispatcher answers a consultation directly, quoting the suggested article', async () => {
    m = await createMessage(t, {
      title: '咨询新房交房后办房产证的问题',
      content: '我去年买的新房今年交房了，请问交房后多久能办理房产证（不动产权证书）？需要准备哪些材料？',
    });
    await t.openMessage(reviewerPage, { serialNo: m.serialNo, search: '交房后办房产证' });
    await reviewerPage.click('[data-testid="action-DIRECT_ANSWER"]');
    const dialog = reviewerPage.getByRole('dialog');
    const first = dialog.locator('[data-testid="knowledge-suggestions"] li').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-article'), TITLE, 'the article answering it is suggested first');
    await t.shot(reviewerPage, 'knowledge-direct-answer');
    await first.locator('[data-testid="quote-article"]').click();
    assert.equal(await dialog.locator('textarea[data-field="content"]').inputValue(), ANSWER);
    await dialog.locator('[data-testid="quoted-hint"]').waitFor();
    await reviewerPage.click('[data-testid="dialog-confirm"]');
    await reviewerPage.locator('[data-testid="reply-action-SUBMIT"]').waitFor();
    const d = (
      await t.api(
        `query($id: ID!) { message(id: $id) { replies { id state content quotedArticles { title versionNo } } } }`,
        { id: m.id },
        await t.tokenOf('dispatcher'),
      )
    ).message;
    assert.deepEqual(
      d.replies.map((r) => [r.content, r.quotedArticles]),
      [[ANSWER, [{ title: TITLE, versionNo: 1 }]]],
    );
    await reviewerPage.click('[data-testid="reply-action-SUBMIT"]');
    await reviewerPage.click('[data-testid="dialog-confirm"]');
    await reviewerPage.locator('[data-testid="reply-action-SUBMIT"]').waitFor({ state: 'detached' });
  });

  await t.step('published by another platform reviewer, the answer counts as a use of the article', async () => {
    const admin = await t.tokenOf('admin');
    const r = (await t.api(`query($id: ID!) { message(id: $id) { replies { id state } } }`, { id: m.id }, admin)).message.replies[0];
    await t.api(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id state } } }`, { i: { replyId: r.id, approve: true } }, admin);
    await t.menu(reviewerPage, '知识库');
    await reviewerPage.click('[data-testid="view-all"]');
    await reviewerPage.locator('[data-testid="knowledge-list"] tbody tr', { hasText: TITLE }).click();
    const rating = reviewerPage.locator('[data-testid="knowledge-rating"]');
    await rating.waitFor();
    assert.match(await rating.textContent(), /被引用 1 次/);
  });
}

/**
 * The quick start of docs/public-api.md, step 3, as a newcomer follows it: the page given there, served by a plain
 * HTTP server on port 8080 of this machine (an origin the demo key allows), lists the newest public messages from the
 * platform, the way the API returns them. The page is taken from the docs as written; only the platform's address is
 * this test server's. Should port 8080 be taken, the page is served on a free port whose origin is added to the demo
 * key first, as the docs say to do for a page served elsewhere.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO_KEY = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';
const docs = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/public-api.md'), 'utf8');

export default async function quickstart(t) {
  await t.step('quick start: the page of docs/public-api.md, served at http://localhost:8080, lists the newest public messages', async () => {
    const html = /^```html\n([\s\S]*?)^```/m.exec(docs)?.[1];
    assert.ok(html, 'the quick start has its page');
    assert.match(html, /const KEY = 'wz_demo2026_/, 'the page uses the demo key');
    const body = html.replaceAll('http://localhost:4000', t.base);
    const site = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body));
    const listen = (port) =>
      new Promise((resolve, reject) => {
        site.once('error', reject);
        site.listen(port, '127.0.0.1', () => resolve(site.address().port));
      });
    let port;
    try {
      port = await listen(8080);
    } catch {
      port = await listen(0);
      const admin = await t.tokenOf('admin');
      const demo = (await t.api(`{ apiClients(first: 100) { nodes { id keyPrefix allowedOrigins } } }`, {}, admin)).apiClients.nodes.find(
        (c) => c.keyPrefix === 'demo2026',
      );
      await t.api(
        `mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { id } } }`,
        { i: { id: demo.id, allowedOrigins: [...demo.allowedOrigins, `http://127.0.0.1:${port}`] } },
        admin,
      );
    }
    try {
      const page = await t.newPage('quickstart');
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator('#list li').first().waitFor();
      const shown = await page.locator('#list li').allTextContents();
      const STATUS = { ACCEPTED: '已受理', HANDLING: '办理中', REPLIED: '已答复', CLOSED: '已办结' };
      const nodes = (await t.api(`{ publicMessages(first: 10) { nodes { title status handlingUnit { name } } } }`, {}, null, { 'x-api-key': DEMO_KEY }))
        .publicMessages.nodes;
      assert.equal(nodes.length, 10);
      assert.deepEqual(
        shown,
        nodes.map((m) => `${m.title}（${STATUS[m.status]}${m.handlingUnit ? '，' + m.handlingUnit.name : ''}）`),
      );
    } finally {
      await new Promise((r) => site.close(r));
    }
  });
}

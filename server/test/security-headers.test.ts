/**
 * Browser-facing security headers (server/src/common/webSecurity.ts): the console and the example citizen site are
 * served with a Content-Security-Policy that forbids framing and anything inline or from elsewhere, with nosniff and
 * X-Frame-Options; every other answer (the API, the downloads) has nosniff and X-Frame-Options too.
 * (That the console and the citizen site work under these policies is shown by `npm run test:browser`, which fails
 * on any policy violation.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { serveConsole } from '../src/common/webSecurity';
import { serverPerFile } from './helpers';

const s = serverPerFile();

/** The directives of a Content-Security-Policy header, by name. */
const directives = (header: string | null) =>
  Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

const STRICT = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

test('the example citizen site: a strict policy (nothing inline, nothing from elsewhere, never framed), nosniff, DENY', async () => {
  for (const file of ['/examples/public/', '/examples/public/app.js', '/examples/public/style.css']) {
    const res = await fetch(`${s.url}${file}`);
    expect({ file, status: res.status }).toEqual({ file, status: 200 });
    expect(directives(res.headers.get('content-security-policy'))).toEqual(STRICT);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  }
  // The page itself keeps to it: no inline script or handler, no style element or attribute.
  const html = await (await fetch(`${s.url}/examples/public/`)).text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/<style|\sstyle\s*=/i);
});

test('the console: the same policy, except styles carrying a fresh nonce per answer (and data: images)', async () => {
  const answers = await Promise.all([fetch(`${s.url}/admin/`), fetch(`${s.url}/admin/`), fetch(`${s.url}/admin/messages/1/show`)]);
  const nonces = new Set<string>();
  for (const res of answers) {
    const d = directives(res.headers.get('content-security-policy'));
    const nonce = d['style-src']?.[1];
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}=='$/);
    nonces.add(nonce);
    expect(d).toEqual({ ...STRICT, 'style-src': ["'self'", nonce], 'img-src': ["'self'", 'data:'] });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  }
  expect(nonces.size).toBe(3);
});

test("the console's index.html carries the nonce of its own answer, is never cached, and is served so at every path", async () => {
  // The built console is admin/dist; here a stand-in of the same shape, served by the same function.
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <script type="module" crossorigin src="/admin/assets/index-x.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n',
  );
  fs.writeFileSync(path.join(dist, 'assets', 'index-x.js'), 'console.log(1)');
  const app = express();
  serveConsole(app, dist);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    for (const p of ['/admin/', '/admin/index.html', '/admin/inbox', '/admin']) {
      const res = await fetch(`${base}${p}`);
      const html = await res.text();
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
      expect({ p, status: res.status, cache: res.headers.get('cache-control') }).toEqual({ p, status: 200, cache: 'no-store' });
      expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}" />`);
      expect(html).toContain('src="/admin/assets/index-x.js"');
    }
    const asset = await fetch(`${base}/admin/assets/index-x.js`);
    expect(await asset.text()).toBe('console.log(1)');
    expect(asset.headers.get('cache-control')).toMatch(/max-age=3600/);
  } finally {
    server.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
});

test('every other answer (the API, a download, a missing page) is nosniff and not frameable', async () => {
  const answers = [
    await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
    await fetch(`${s.url}/export/messages.csv`),
    await fetch(`${s.url}/no-such-page`),
  ];
  for (const res of answers) {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  }
});

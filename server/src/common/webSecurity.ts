/**
 * Browser-facing security headers (helmet) and the two pages the server hosts: the console at /admin and the
 * example citizen site at /examples.
 *
 * Every answer: X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer, HSTS,
 * Cross-Origin-Opener/Resource-Policy same-origin, and helmet's other defaults.
 * The pages also get a Content-Security-Policy: scripts, styles, images, fonts and connections (HTTP and the
 * graphql-ws WebSocket) from the page's own origin only, nothing inline, no plugins, never framed
 * (`frame-ancestors 'none'`). The console's one exception is emotion (MUI's styles), which writes <style> elements at
 * run time: they carry a per-response nonce that the server puts into the console's index.html
 * (`<meta property="csp-nonce" nonce="…">`, read by admin/src/main.tsx).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';

const PAGE_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} satisfies Record<string, string[]>;

/** Headers for every answer of the server (no Content-Security-Policy: the pages set their own below). */
export const baseSecurityHeaders = () => helmet({ contentSecurityPolicy: false, xFrameOptions: { action: 'deny' } });

/** The example citizen site: nothing inline at all. */
export const citizenPagePolicy = () => helmet.contentSecurityPolicy({ useDefaults: false, directives: PAGE_DIRECTIVES });

/** The console: as strict, except for emotion's <style> elements carrying this response's nonce (and data: images). */
export function consolePolicy(): express.RequestHandler[] {
  return [
    (_req, res, next) => {
      res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
      next();
    },
    helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: {
        ...PAGE_DIRECTIVES,
        styleSrc: ["'self'", (_req, res) => `'nonce-${(res as unknown as express.Response).locals.cspNonce}'`],
        imgSrc: ["'self'", 'data:'],
      },
    }),
  ];
}

/**
 * Serves the built console (`distDir`, admin/dist) at /admin under its policy: the assets as files, every other
 * path (a single-page app) the index.html with this response's nonce, never cached.
 */
export function serveConsole(app: express.Express, distDir: string) {
  const indexFile = path.join(distDir, 'index.html');
  const sendIndex: express.RequestHandler = (_req, res) => {
    let html: string;
    try {
      html = fs.readFileSync(indexFile, 'utf8');
    } catch {
      res.status(404).type('text').send('The admin console is not built: run `npm run build` at the repository root.');
      return;
    }
    const meta = `<meta property="csp-nonce" nonce="${res.locals.cspNonce}" />`;
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(html.replace(/<head>/i, `<head>\n    ${meta}`));
  };
  app.use('/admin', ...consolePolicy());
  app.get('/admin/index.html', sendIndex);
  app.use('/admin', express.static(distDir, { index: false, maxAge: '1h' }));
  app.get(/^\/admin(\/.*)?$/, sendIndex);
  app.get('/', (_req, res) => res.redirect('/admin/'));
}

/** Serves the example citizen site (examples/) at /examples under the strict policy. */
export function serveExamples(app: express.Express, examplesDir: string) {
  app.use('/examples', citizenPagePolicy(), express.static(examplesDir, { maxAge: '1h' }));
}

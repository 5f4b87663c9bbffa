/**
 * The guard installed on every page the tests open. It fails the running step on
 *   - any uncaught page error and any console error (the harness listens for those);
 *   - in Chinese text (the nearest `lang` attribute is not English): any Latin-letter word that is neither in
 *     ALLOWED_WORDS nor an abbreviation (one letter, or two to four capitals, digits may follow: 12345、APP、
 *     HPV、WZ20261201000042 as a serial number), and any `#<digits>` (a database id shown as a title), in the
 *     page's text, in the labels a screen reader reads (aria-label, title, placeholder, alt) and in the
 *     document title. English words, codes (INVALID_TRANSITION, ACCEPTED) and ids are what it catches.
 * Two kinds of text are not the interface and are not checked; the console marks them on purpose:
 *   - translate="no": identifiers that are never translated (a login name, a unit code, a URL, a key prefix);
 *   - data-user-text: what people wrote (a message's title and content, a reply, a reason, a note, a name an
 *     administrator gave), shown as they wrote it.
 */

/** Words the Chinese console may show as they are: the name of the other language in the language menu. */
export const ALLOWED_WORDS = ['English'];

/** Runs in the page (serialised by playwright's addInitScript). */
export function pageGuard({ allowed, language }) {
  if (!language) return;
  const allow = new Set(allowed);
  const ATTRS = ['aria-label', 'title', 'placeholder', 'alt'];
  const report = (kind, text) => {
    try {
      window.__wzGuard?.({ kind, text: String(text).slice(0, 200), url: location.href });
    } catch {
      /* the binding is gone with the page */
    }
  };
  const english = (el) => (el.closest('[lang]')?.getAttribute('lang') || '').toLowerCase().startsWith('en');
  const skipped = (el) => !!el.closest('[translate="no"], [data-user-text], script, style, noscript, svg') || english(el);
  const abbreviation = /^(?:[A-Za-z]|[A-Z]{2,4})\d*$/;
  const check = (text, where) => {
    if (!text) return;
    const words = (text.match(/[A-Za-z][A-Za-z0-9_]*/g) || []).filter((w) => !allow.has(w) && !abbreviation.test(w));
    if (words.length) report('latin', `${where}: “${text.trim()}” (${[...new Set(words)].join(', ')})`);
    if (/#\d+/.test(text)) report('id', `${where}: “${text.trim()}”`);
  };
  const checkElement = (el) => {
    if (skipped(el)) return;
    for (const a of ATTRS) if (el.hasAttribute(a)) check(el.getAttribute(a), `[${a}] of <${el.tagName.toLowerCase()}>`);
  };
  const checkTree = (node) => {
    if (!node.isConnected) return;
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.parentElement && !skipped(node.parentElement)) check(node.data, node.parentElement.tagName === 'TITLE' ? 'document title' : 'text');
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) checkElement(n);
      else if (n.parentElement && !skipped(n.parentElement)) check(n.data, n.parentElement.tagName === 'TITLE' ? 'document title' : 'text');
    }
  };
  // Nodes are checked a moment after they change, so that a switch of language (which changes the text and
  // then <html lang>) is judged in its final state; anything shown for longer than that is seen.
  let queue = new Set();
  let timer = null;
  const flush = () => {
    timer = null;
    const nodes = queue;
    queue = new Set();
    for (const n of nodes) checkTree(n);
  };
  const enqueue = (n) => {
    queue.add(n);
    timer ??= setTimeout(flush, 150);
  };
  const start = () => {
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'childList') r.addedNodes.forEach(enqueue);
        else enqueue(r.target);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...ATTRS, 'lang'] });
    enqueue(document.documentElement);
  };
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

/**
 * zh-CN by default, English switchable (the choice is remembered by react-admin's store). Every label is written once,
 * zh and en side by side (one `{ zh, en }` per key) in labels/*.json: the console's own (console.json, with app.ts), the
 * back-office screens' (backoffice.json: the platform's queue of requests, supervision tracking, a leader's own messages,
 * the bell, ranking, monthly report, print view, list filters and export, account tools), the analysis screens'
 * (analysis.json, issue 15: similar messages, suggestions at screening, hot problems, reply checks) and the knowledge
 * base's (knowledge.json, with knowledge.ts); each language's messages are built from them with react-admin's.
 */
import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { raChinese } from './ra-zh';
import { appMessages } from './app';
import { withKnowledge } from './knowledge';
import { withLabels, type Lang } from './merge';
import BACKOFFICE from './labels/backoffice.json';
import ANALYSIS from './labels/analysis.json';

const withBackoffice = withLabels(BACKOFFICE);
const withAnalysis = withLabels(ANALYSIS);

/** One language's messages: react-admin's, the console's own, then each area's merged in. */
const messages = (lang: Lang) =>
  withKnowledge(withAnalysis(withBackoffice({ ...(lang === 'en' ? englishMessages : raChinese), ...appMessages(lang) }, lang), lang), lang);

const zh = messages('zh');
const en = messages('en');

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? en : zh) as never,
  'zh',
  [
    { locale: 'zh', name: '中文' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: false },
);

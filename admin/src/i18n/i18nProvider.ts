/** zh-CN by default, English switchable (the choice is remembered by react-admin's store). */
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { withBackoffice } from './backoffice';
import { withAnalysis } from './analysis';
import { withKnowledge } from './knowledge';
import { enMessages } from './en';
import { zhMessages } from './zh';

const zh = withKnowledge(withAnalysis(withBackoffice(zhMessages, 'zh'), 'zh'), 'zh');
const en = withKnowledge(withAnalysis(withBackoffice(enMessages, 'en'), 'en'), 'en');

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? en : zh) as never,
  'zh',
  [
    { locale: 'zh', name: '中文' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: false },
);

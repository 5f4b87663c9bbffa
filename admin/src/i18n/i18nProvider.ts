/** zh-CN by default, English switchable (the choice is remembered by react-admin's store). */
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { enMessages } from './en';
import { zhMessages } from './zh';

export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? enMessages : zhMessages) as never, 'zh', [
  { locale: 'zh', name: '中文' },
  { locale: 'en', name: 'English' },
], { allowMissing: false });

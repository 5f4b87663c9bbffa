/**
 * The console's own messages in one language: its labels (labels/console.json, zh and en side by side, one `{ zh, en }`
 * per key; `wz.cappedTotal` is a list's total beyond the count cap, totalIsCapped: "10,000+") and the words it takes
 * from the server's enumerations and errors.
 */
import { actionWords } from './actions';
import { errorMessages } from './errors';
import { inLanguage, mergeMessages, type Lang, type Messages } from './merge';
import { enumLabels } from '../generated/labels';
import LABELS from './labels/console.json';

/** The words of the server's enumerations (schema/labels.json, generated at build) and of the API's errors, in one language. */
const generated = (lang: Lang): Messages => {
  const enums = enumLabels(lang);
  return { wz: { actions: actionWords(lang), show: { actorKind: enums.ActorKind }, enums, ledger: enums.LedgerAction, errors: errorMessages(lang) } };
};

/** The console's own messages in one language (react-admin's are added by i18nProvider.ts). */
export const appMessages = (lang: Lang): Messages => mergeMessages(inLanguage(LABELS, lang), generated(lang));

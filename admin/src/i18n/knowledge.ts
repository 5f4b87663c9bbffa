/**
 * Labels of the knowledge base (知识库: articles, review, validity warnings, versions and ledger, suggestions in the
 * screening and reply dialogs): labels/knowledge.json, zh and en side by side, merged into each language's messages by
 * i18nProvider.ts.
 */
import { inLanguage, mergeMessages, type Lang, type Messages } from './merge';
import { enumLabels } from '../generated/labels';
import LABELS from './labels/knowledge.json';

/**
 * The knowledge base's labels added to one language's messages, with its actions (`wz.kb.act`, KnowledgeAction from the
 * server's labels): apart from `wz.actions`, whose EDIT and SUBMIT say other words.
 */
export const withKnowledge = (messages: Messages, lang: Lang): Messages =>
  mergeMessages(messages, mergeMessages(inLanguage(LABELS, lang), { wz: { kb: { act: enumLabels(lang).KnowledgeAction } } }));

/** The knowledge base (知识库) (docs/knowledge.md; docs/domain.md, "Adding a module"). */
import type { AnalysisIndex } from '../analysis/analysis.index';
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
import type { SettingsService } from '../settings/settings.service';
import { KNOWLEDGE_ENTITIES } from './knowledge.entities';
import { PublicKnowledgeResolver } from './knowledge.public';
import { KnowledgeQuotes } from './knowledge.quotes';
import { KnowledgeEventResolver, KnowledgeResolver, KnowledgeVersionResolver, ReplyArticlesResolver } from './knowledge.resolver';
import { KnowledgeService } from './knowledge.service';

export const knowledgeModule = defineModule({
  name: 'knowledge',
  entities: KNOWLEDGE_ENTITIES,
  resolvers: [KnowledgeResolver, KnowledgeVersionResolver, KnowledgeEventResolver, ReplyArticlesResolver, PublicKnowledgeResolver],
  services: ({ ds, workflow, analysisIndex, settings }: ModuleKernel & { workflow: Workflow; analysisIndex: AnalysisIndex; settings: SettingsService }) => {
    const knowledge = new KnowledgeService(ds, workflow, analysisIndex, settings);
    return { knowledge, knowledgeQuotes: new KnowledgeQuotes(knowledge) };
  },
});

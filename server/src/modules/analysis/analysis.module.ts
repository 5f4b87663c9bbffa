/** The analysis index: classification, similar messages, hot problems, reply checks (docs/domain.md, "Adding a module"). */
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { Workflow } from '../ledger/ledger';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { ANALYSIS_ENTITIES } from './analysis.entities';
import { AnalysisIndex } from './analysis.index';
import { analysisLoaders } from './analysis.loaders';
import { AnalysisQueue } from './analysis.queue';
import { AnalysisResolver, ReplyChecksResolver } from './analysis.resolver';
import { AnalysisService } from './analysis.service';
import { registerHotProblemsExport } from './hotProblems.export';

export const analysisModule = defineModule({
  name: 'analysis',
  entities: ANALYSIS_ENTITIES,
  resolvers: [AnalysisResolver, ReplyChecksResolver],
  loaders: analysisLoaders,
  services: ({ ds, config, workflow, messages, catalogue }: ModuleKernel & { workflow: Workflow; messages: MessageService; catalogue: CatalogueService }) => {
    // The analysis index follows every commit of this instance (queued, written in the background).
    const log = {
      warn: (m: string) => config.logLevel !== 'silent' && config.logLevel !== 'error' && console.warn(m),
      error: (m: string, e?: unknown) => config.logLevel !== 'silent' && console.error(m, e ?? ''),
    };
    const analysisIndex = new AnalysisIndex(ds, log);
    const analysisQueue = new AnalysisQueue(ds, analysisIndex, log);
    workflow.onCommitted(analysisQueue.onCommitted);
    return { analysisIndex, analysis: new AnalysisService(ds, analysisIndex, analysisQueue, messages, catalogue) };
  },
  // The analysis index picks up messages an instance committed but stopped before indexing.
  jobs: ({ config, analysis }: ModuleKernel & { analysis: AnalysisService }) => [
    { name: 'analysis-catch-up', everySeconds: config.jobs.intervalSeconds, run: () => analysis.queue.catchUp() },
  ],
  routes: registerHotProblemsExport,
});

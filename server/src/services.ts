/** The application's services, built once at start-up and shared by every request. */
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/config';
import { LoginThrottle } from './auth/throttle';
import { EventBus } from './events/bus';
import { AuthService } from './modules/user/auth.service';
import { UserService } from './modules/user/user.service';
import { UnitService } from './modules/unit/unit.service';
import { LeaderService } from './modules/leader/leader.service';
import { CategoryService } from './modules/category/category.service';
import { Workflow } from './modules/ledger/ledger';
import { MessageService } from './modules/message/message.service';
import { AssignmentService } from './modules/assignment/assignment.service';
import { ReplyService } from './modules/reply/reply.service';
import { SupervisionService } from './modules/supervision/supervision.service';
import { ClosingService } from './modules/evaluation/closing.service';
import { DeadlineService } from './modules/deadline/deadline.service';
import { ApiClientService } from './modules/apiclient/apiclient.service';
import { PublicService } from './modules/public/public.service';
import { SandboxService } from './modules/sandbox/sandbox.service';
import { RealtimeService } from './modules/realtime/realtime.service';
import { StatisticsService } from './modules/statistics/statistics.service';
import { SettingsService } from './modules/settings/settings.service';
import { DashboardService } from './modules/statistics/dashboard.service';
import { ReportService } from './modules/statistics/report.service';
import { StatisticsFacts } from './modules/statistics/facts';
import { DeadlineAlerts } from './jobs/deadlineAlerts';
import { ReplyTemplateService } from './modules/template/reply-template.service';
import { AttachmentService } from './modules/attachment/attachment.service';
import { NotificationService } from './modules/notification/notification.service';
import { AnalysisIndex } from './modules/analysis/analysis.index';
import { AnalysisQueue } from './modules/analysis/analysis.queue';
import { AnalysisService } from './modules/analysis/analysis.service';
import { KnowledgeService } from './modules/knowledge/knowledge.service';
import { KnowledgeQuotes } from './modules/knowledge/knowledge.quotes';
import { CatalogueService } from './modules/catalogue/catalogue.service';
import { MessageGroupService } from './modules/grouping/message-group.service';
import { SearchService } from './modules/search/search.service';

export function createServices(ds: DataSource, config: AppConfig, redis: Redis | null, bus?: EventBus) {
  const auth = new AuthService(ds, config, new LoginThrottle(config, redis));
  if (!bus) bus = new EventBus(redis, config.redisKeyPrefix);
  const workflow = new Workflow(ds, bus);
  const deadlines = new DeadlineService(ds);
  // The full-text index of messages (docs/search.md); its engine is read from the database at start.
  const search = new SearchService(ds, {
    info: (m) => !['silent', 'error', 'warn'].includes(config.logLevel) && console.log(m),
    warn: (m) => !['silent', 'error'].includes(config.logLevel) && console.warn(m),
  });
  const messages = new MessageService(ds, config, workflow, search);
  // the dispatch catalogue: lead-unit suggestions follow it, and a unit it names for a matter does not object (派单异议)
  const catalogue = new CatalogueService(ds, workflow);
  const assignments = new AssignmentService(ds, workflow, messages, deadlines, catalogue);
  const settings = new SettingsService(ds);
  const closing = new ClosingService(ds, workflow, messages, deadlines, settings);
  const statistics = new StatisticsService(ds, settings);
  // the statistics facts of every transition, written in its transaction (statistics/facts.ts)
  workflow.onLedger(new StatisticsFacts(deadlines).record);
  const realtime = new RealtimeService(ds, bus, messages);
  bus.useLedger(realtime.ledgerSource());
  const notifications = new NotificationService(ds);
  workflow.onLedger(notifications.record);
  // The analysis index follows every commit of this instance (queued, written in the background).
  const analysisIndex = new AnalysisIndex(ds);
  const analysisQueue = new AnalysisQueue(ds, analysisIndex, {
    warn: (m) => config.logLevel !== 'silent' && config.logLevel !== 'error' && console.warn(m),
    error: (m, e) => config.logLevel !== 'silent' && console.error(m, e ?? ''),
  });
  workflow.onCommitted(analysisQueue.onCommitted);
  const analysis = new AnalysisService(ds, analysisIndex, analysisQueue, messages, catalogue);
  const knowledge = new KnowledgeService(ds, workflow, analysisIndex, settings);
  const knowledgeQuotes = new KnowledgeQuotes(knowledge);
  return {
    bus: bus as EventBus,
    auth,
    search,
    users: new UserService(ds, config, auth),
    units: new UnitService(ds),
    leaders: new LeaderService(ds),
    categories: new CategoryService(ds),
    workflow,
    deadlines,
    messages,
    assignments,
    replies: new ReplyService(ds, workflow, messages, assignments, deadlines, knowledgeQuotes),
    supervision: new SupervisionService(ds, workflow, messages, assignments),
    closing,
    deadlineAlerts: new DeadlineAlerts(ds, workflow),
    apiClients: new ApiClientService(ds, redis, config.citizenOpsPerIpPerMinute, config.redisKeyPrefix),
    publicApi: new PublicService(
      ds,
      messages,
      closing,
      new SandboxService(ds, messages, config.jwtSecret, config.sandboxStepSeconds),
      config.jwtSecret,
      redis,
      config.redisKeyPrefix,
    ),
    realtime,
    notifications,
    statistics,
    settings,
    dashboard: new DashboardService(ds, statistics, settings, analysis),
    reports: new ReportService(ds, statistics, settings),
    analysis,
    knowledge,
    knowledgeQuotes,
    catalogue,
    replyTemplates: new ReplyTemplateService(ds),
    attachments: new AttachmentService(ds, messages, config.dataDir),
    messageGroups: new MessageGroupService(ds, workflow, messages, assignments),
  };
}

export type Services = ReturnType<typeof createServices>;

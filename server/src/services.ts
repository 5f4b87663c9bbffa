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
import { RealtimeService } from './modules/realtime/realtime.service';
import { StatisticsService } from './modules/statistics/statistics.service';
import { SettingsService } from './modules/settings/settings.service';
import { DashboardService } from './modules/statistics/dashboard.service';
import { ReportService } from './modules/statistics/report.service';
import { DeadlineAlerts } from './jobs/deadlineAlerts';

export function createServices(ds: DataSource, config: AppConfig, redis: Redis | null, bus?: EventBus) {
  const auth = new AuthService(ds, config, new LoginThrottle(config, redis));
  if (!bus) bus = new EventBus(redis, config.redisKeyPrefix);
  const workflow = new Workflow(ds, bus);
  const deadlines = new DeadlineService(ds);
  const messages = new MessageService(ds, config, workflow);
  const assignments = new AssignmentService(ds, workflow, messages, deadlines);
  const closing = new ClosingService(ds, workflow, messages, assignments, deadlines);
  const statistics = new StatisticsService(ds);
  const settings = new SettingsService(ds);
  const realtime = new RealtimeService(ds, bus);
  bus.useLedger(realtime.ledgerSource());
  return {
    bus: bus as EventBus,
    auth,
    users: new UserService(ds, config, auth),
    units: new UnitService(ds),
    leaders: new LeaderService(ds),
    categories: new CategoryService(ds),
    workflow,
    deadlines,
    messages,
    assignments,
    replies: new ReplyService(ds, workflow, messages, assignments, deadlines),
    supervision: new SupervisionService(ds, workflow, messages, assignments),
    closing,
    deadlineAlerts: new DeadlineAlerts(ds, workflow),
    apiClients: new ApiClientService(ds, redis, config.citizenOpsPerIpPerMinute, config.redisKeyPrefix),
    publicApi: new PublicService(ds, messages, closing, redis, config.redisKeyPrefix),
    realtime,
    statistics,
    settings,
    dashboard: new DashboardService(ds, statistics, settings),
    reports: new ReportService(ds, statistics, settings),
  };
}

export type Services = ReturnType<typeof createServices>;

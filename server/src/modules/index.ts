/**
 * The application's modules, one line each (docs/domain.md, "Adding a module"). The DataSource's entities, the
 * schema's resolvers, the request's DataLoaders, the services, the scheduled jobs and the plain HTTP routes are built
 * from this list and from nothing else.
 * A module's services may use those of the modules above it: the order is the order they are built in.
 */
import type { Express } from 'express';
import type { AppModule, ClassOf, LoadersOf, ModuleKernel, ServicesOf } from './module';
import { userModule } from './user/user.module';
import { unitModule } from './unit/unit.module';
import { leaderModule } from './leader/leader.module';
import { categoryModule } from './category/category.module';
import { calendarModule } from './calendar/calendar.module';
import { ledgerModule } from './ledger/ledger.module';
import { deadlineModule } from './deadline/deadline.module';
import { searchModule } from './search/search.module';
import { messageModule } from './message/message.module';
import { catalogueModule } from './catalogue/catalogue.module';
import { assignmentModule } from './assignment/assignment.module';
import { settingsModule } from './settings/settings.module';
import { evaluationModule } from './evaluation/evaluation.module';
import { analysisModule } from './analysis/analysis.module';
import { statisticsModule } from './statistics/statistics.module';
import { realtimeModule } from './realtime/realtime.module';
import { notificationModule } from './notification/notification.module';
import { knowledgeModule } from './knowledge/knowledge.module';
import { replyModule } from './reply/reply.module';
import { supervisionModule } from './supervision/supervision.module';
import { apiclientModule } from './apiclient/apiclient.module';
import { sandboxModule } from './sandbox/sandbox.module';
import { publicModule } from './public/public.module';
import { templateModule } from './template/template.module';
import { attachmentModule } from './attachment/attachment.module';
import { groupingModule } from './grouping/grouping.module';

export const MODULES = [
  userModule,
  unitModule,
  leaderModule,
  categoryModule,
  calendarModule,
  ledgerModule,
  deadlineModule,
  searchModule,
  messageModule,
  catalogueModule,
  assignmentModule,
  settingsModule,
  evaluationModule,
  analysisModule,
  statisticsModule,
  realtimeModule,
  notificationModule,
  knowledgeModule,
  replyModule,
  supervisionModule,
  apiclientModule,
  sandboxModule,
  publicModule,
  templateModule,
  attachmentModule,
  groupingModule,
] as const satisfies readonly AppModule[];

/** Every TypeORM entity: the modules' tables. */
export const ENTITIES: ClassOf[] = MODULES.flatMap((m: AppModule) => [...(m.entities ?? [])]);

/** Every type-graphql resolver: the modules' parts of the schema. */
export const RESOLVERS: ClassOf[] = MODULES.flatMap((m: AppModule) => [...(m.resolvers ?? [])]);

/** The services of every module, by name. */
export type ModuleServices = ServicesOf<typeof MODULES>;
/** The DataLoaders of every module, by name. */
export type ModuleLoaders = LoadersOf<typeof MODULES>;

/**
 * Builds every module's services in the list's order. Each module receives the kernel and what the modules before it
 * built; asking for a service no earlier module built, or building one under a name already taken, fails at start-up.
 */
export function buildModuleServices(kernel: ModuleKernel): ModuleServices {
  const built: Record<string, unknown> = { ...kernel };
  const services: Record<string, unknown> = {};
  for (const m of MODULES as readonly AppModule[]) {
    if (!m.services) continue;
    const deps = new Proxy(built, {
      get(target, name) {
        if (typeof name === 'string' && !(name in target)) throw new Error(`module ${m.name} needs '${name}', which no module listed before it provides`);
        return target[name as string];
      },
    });
    const own = (m.services as (deps: unknown) => Record<string, unknown>)(deps);
    for (const [name, service] of Object.entries(own)) {
      if (name in built) throw new Error(`module ${m.name} provides '${name}', which is already taken`);
      built[name] = services[name] = service;
    }
  }
  return services as ModuleServices;
}

/** Every module's DataLoaders for one request. */
export function buildModuleLoaders(ds: ModuleKernel['ds']): ModuleLoaders {
  return Object.assign({}, ...(MODULES as readonly AppModule[]).map((m) => m.loaders?.(ds) ?? {})) as ModuleLoaders;
}

/** What a module's jobs or routes receive: the kernel and every service; a name nothing provides fails, naming both. */
export function depsOf(m: AppModule, part: 'jobs' | 'routes', deps: ModuleKernel & ModuleServices): unknown {
  return new Proxy(deps, {
    get(target, name) {
      if (typeof name === 'string' && !(name in target)) throw new Error(`the ${part} of module ${m.name} need '${name}', which no module provides`);
      return (target as Record<string | symbol, unknown>)[name];
    },
  });
}

/** Registers every module's plain HTTP routes (exports, files) on the app, in the list's order. */
export function registerModuleRoutes(app: Express, deps: ModuleKernel & ModuleServices): void {
  for (const m of MODULES as readonly AppModule[]) (m.routes as ((a: Express, d: unknown) => void) | undefined)?.(app, depsOf(m, 'routes', deps));
}

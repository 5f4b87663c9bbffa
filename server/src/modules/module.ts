/**
 * What a domain module tells the application about itself (docs/domain.md, "Adding a module"): its tables, its
 * GraphQL resolvers, its per-request DataLoaders, its services, its scheduled jobs and its HTTP routes. Each module
 * folder exports one descriptor (`<name>.module.ts`), and the composition root reads the list of them in
 * `modules/index.ts`: the DataSource's entity list, the schema's resolvers, the request's loaders, the application's
 * services, the scheduler's jobs and the plain HTTP routes (exports, files) are all built from that list.
 */
import type { Express } from 'express';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import type { EventBus } from '../events/bus';
import type { ScheduledJob } from '../jobs/scheduler';

/** A class (an entity or a resolver). */
export type ClassOf = abstract new (...args: never[]) => object;

/** What every module's services may use besides other modules' services. */
export interface ModuleKernel {
  ds: DataSource;
  config: AppConfig;
  redis: Redis | null;
  bus: EventBus;
}

/**
 * A module's description. `services` receives the kernel and the services of the modules listed before it (it names
 * what it needs in its parameter's type; asking for a service no earlier module provides fails at start-up) and
 * returns its own services, which join the application's `Services` under the names it gives them.
 */
export interface AppModule<S extends object = object, L extends object = object> {
  name: string;
  /** Its TypeORM entities (its tables). */
  entities?: readonly ClassOf[];
  /** Its type-graphql resolvers (its part of the schema). */
  resolvers?: readonly ClassOf[];
  /** The module's DataLoaders, created once per request. */
  loaders?: (ds: DataSource) => L;
  services?: (deps: never) => S;
  /**
   * Its scheduled jobs (jobs/jobs.ts runs them: in process, or through the Redis queue). Receives the kernel and every
   * module's services (naming what it uses in its parameter's type); job names are unique across the modules.
   */
  jobs?: (deps: never) => readonly ScheduledJob[];
  /**
   * Its plain HTTP routes beside /graphql (CSV and document exports, file upload and download): registers them on the
   * Express app, after /graphql and before the routes' error handler. Receives the kernel and every module's services.
   */
  routes?: (app: Express, deps: never) => void;
}

/** Declares a module, keeping the types of its services and loaders for the application's `Services` and `Loaders`. */
export function defineModule<S extends object = object, L extends object = object>(module: AppModule<S, L>): AppModule<S, L> {
  return module;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The services of a list of modules, by name. */
export type ServicesOf<M extends readonly AppModule[]> = UnionToIntersection<{ [K in keyof M]: M[K] extends AppModule<infer S, object> ? S : never }[number]>;
/** The per-request DataLoaders of a list of modules, by name. */
export type LoadersOf<M extends readonly AppModule[]> = UnionToIntersection<{ [K in keyof M]: M[K] extends AppModule<object, infer L> ? L : never }[number]>;

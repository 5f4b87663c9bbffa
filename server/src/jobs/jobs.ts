/**
 * The scheduled jobs of wenzheng: every module's (its descriptor's `jobs`, docs/domain.md "Adding a module"), in the
 * list's order. Each job's name is its key in the Redis queue: two jobs of the same name fail at start-up.
 */
import { depsOf, MODULES } from '../modules';
import type { AppModule, ModuleKernel } from '../modules/module';
import type { Services } from '../services';
import type { ScheduledJob } from './scheduler';

export function jobsOf(deps: ModuleKernel & Services): ScheduledJob[] {
  const jobs = (MODULES as readonly AppModule[]).flatMap((m) => [
    ...((m.jobs as ((d: unknown) => readonly ScheduledJob[]) | undefined)?.(depsOf(m, 'jobs', deps)) ?? []),
  ]);
  const names = jobs.map((j) => j.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`two scheduled jobs are named '${twice}'`);
  return jobs;
}

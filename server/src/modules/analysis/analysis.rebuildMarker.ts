/**
 * While `npm run analysis:rebuild` runs, the servers leave the analysis index alone (docs/analysis.md, "Rebuilding"):
 * the rebuild empties the index tables and writes every row anew, and a server indexing at the same time (its
 * start-up catch-up, a new message) would write rows the rebuild then writes again (a duplicate key ends the rebuild)
 * or count terms twice. The rebuild keeps a heartbeat in `app_setting`; a server that sees a fresh one keeps its work
 * queued and indexes it once the rebuild is over (what the rebuild already indexed is skipped). A heartbeat older than
 * `STALE_MS` is a rebuild that died: ignored.
 */
import type { DataSource } from 'typeorm';
import { AppSetting } from '../settings/setting.entity';

export const REBUILD_MARKER_KEY = 'analysis.rebuildHeartbeat';
/** A rebuild beats at least once per batch of messages (seconds apart); minutes of silence mean it died. */
export const STALE_MS = 5 * 60_000;

export async function beatRebuild(ds: DataSource, now = new Date()): Promise<void> {
  await ds.getRepository(AppSetting).save({ key: REBUILD_MARKER_KEY, value: JSON.stringify(now.toISOString()), updatedById: null, updatedAt: now });
}

export async function endRebuild(ds: DataSource): Promise<void> {
  await ds.getRepository(AppSetting).delete({ key: REBUILD_MARKER_KEY });
}

/** Whether a rebuild is running now (its heartbeat is fresh). */
export async function rebuildRunning(ds: DataSource, now = Date.now()): Promise<boolean> {
  const row = await ds.getRepository(AppSetting).findOneBy({ key: REBUILD_MARKER_KEY });
  return !!row?.updatedAt && now - row.updatedAt.getTime() < STALE_MS;
}

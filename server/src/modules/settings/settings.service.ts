/**
 * Settings that admins change at run time (系统设置), stored as JSON per key in `app_setting`.
 * Read from the database on each use (a single primary-key read), so every instance sees a change at once.
 */
import type { DataSource } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { badInput, ErrorReason } from '../../graphql/errors';
import { AppSetting } from './setting.entity';
import type { ArchiveSettings, ArchiveSettingsInput, RankingSettings, RankingSettingsInput } from './settings.types';

/** 30/35/35 over 响应率, 解决率, 满意率; satisfied above 3 (domain.md §7), solved from 解决程度 4 (§9). */
export const DEFAULT_RANKING: RankingSettings = {
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  minimumSample: 5,
  satisfactionThreshold: 3,
  resolutionThreshold: 4,
  updatedAt: null,
};
const RANKING_KEY = 'statistics.ranking';

/** A finished message is archived 30 days after it finished (domain.md, 归档). */
export const DEFAULT_ARCHIVE: ArchiveSettings = { afterDays: 30, updatedAt: null };
const ARCHIVE_KEY = 'workflow.archive';

/** The thresholds every statistic rates evaluations by. */
export interface RatingThresholds {
  satisfactionThreshold: number;
  resolutionThreshold: number;
}

export class SettingsService {
  constructor(private readonly ds: DataSource) {}

  async ranking(): Promise<RankingSettings> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: RANKING_KEY });
    if (!row) return DEFAULT_RANKING;
    const v = JSON.parse(row.value) as {
      weights?: Record<string, number>;
      minimumSample?: number;
      satisfactionThreshold?: number;
      resolutionThreshold?: number;
    };
    const w = v.weights ?? {};
    return {
      // stored before the ranking moved to the 三率 of 接诉即办: reply → response, close → resolution
      weights: {
        response: w.response ?? w.reply ?? DEFAULT_RANKING.weights.response,
        resolution: w.resolution ?? w.close ?? DEFAULT_RANKING.weights.resolution,
        satisfaction: w.satisfaction ?? DEFAULT_RANKING.weights.satisfaction,
      },
      minimumSample: v.minimumSample ?? DEFAULT_RANKING.minimumSample,
      satisfactionThreshold: v.satisfactionThreshold ?? DEFAULT_RANKING.satisfactionThreshold,
      resolutionThreshold: v.resolutionThreshold ?? DEFAULT_RANKING.resolutionThreshold,
      updatedAt: row.updatedAt,
    };
  }

  async thresholds(): Promise<RatingThresholds> {
    const { satisfactionThreshold, resolutionThreshold } = await this.ranking();
    return { satisfactionThreshold, resolutionThreshold };
  }

  async archive(): Promise<ArchiveSettings> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: ARCHIVE_KEY });
    if (!row) return DEFAULT_ARCHIVE;
    const v = JSON.parse(row.value) as { afterDays?: number };
    return { afterDays: v.afterDays ?? DEFAULT_ARCHIVE.afterDays, updatedAt: row.updatedAt };
  }

  async updateArchive(viewer: StaffViewer, input: ArchiveSettingsInput, now = new Date()): Promise<ArchiveSettings> {
    await this.ds
      .getRepository(AppSetting)
      .save({ key: ARCHIVE_KEY, value: JSON.stringify({ afterDays: input.afterDays }), updatedById: viewer.userId, updatedAt: now });
    return this.archive();
  }

  async updateRanking(viewer: StaffViewer, input: RankingSettingsInput, now = new Date()): Promise<RankingSettings> {
    if (input.response + input.resolution + input.satisfaction <= 0)
      throw badInput('response', '权重之和须大于 0 (weights must not all be 0)', { reason: ErrorReason.WEIGHTS_ALL_ZERO });
    const current = await this.ranking();
    const value = JSON.stringify({
      weights: { response: input.response, resolution: input.resolution, satisfaction: input.satisfaction },
      minimumSample: input.minimumSample,
      satisfactionThreshold: input.satisfactionThreshold ?? current.satisfactionThreshold,
      resolutionThreshold: input.resolutionThreshold ?? current.resolutionThreshold,
    });
    await this.ds.getRepository(AppSetting).save({ key: RANKING_KEY, value, updatedById: viewer.userId, updatedAt: now });
    return this.ranking();
  }
}

/**
 * Settings that admins change at run time (系统设置), stored as JSON per key in `app_setting`.
 * Read from the database on each use (a single primary-key read), so every instance sees a change at once.
 */
import type { DataSource } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { badInput } from '../../graphql/errors';
import { AppSetting } from './setting.entity';
import type { RankingSettings, RankingSettingsInput } from './settings.types';

export const DEFAULT_RANKING: RankingSettings = { weights: { reply: 30, close: 35, satisfaction: 35 }, minimumSample: 5, updatedAt: null };
const RANKING_KEY = 'statistics.ranking';

export class SettingsService {
  constructor(private readonly ds: DataSource) {}

  async ranking(): Promise<RankingSettings> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: RANKING_KEY });
    if (!row) return DEFAULT_RANKING;
    const v = JSON.parse(row.value) as Omit<RankingSettings, 'updatedAt'>;
    return { weights: { ...DEFAULT_RANKING.weights, ...v.weights }, minimumSample: v.minimumSample ?? DEFAULT_RANKING.minimumSample, updatedAt: row.updatedAt };
  }

  async updateRanking(viewer: StaffViewer, input: RankingSettingsInput, now = new Date()): Promise<RankingSettings> {
    if (input.reply + input.close + input.satisfaction <= 0) throw badInput('reply', '权重之和须大于 0 (weights must not all be 0)');
    const value = JSON.stringify({ weights: { reply: input.reply, close: input.close, satisfaction: input.satisfaction }, minimumSample: input.minimumSample });
    await this.ds.getRepository(AppSetting).save({ key: RANKING_KEY, value, updatedById: viewer.userId, updatedAt: now });
    return this.ranking();
  }
}

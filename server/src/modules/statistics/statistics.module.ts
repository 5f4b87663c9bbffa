/** Statistics, the dashboard and the monthly report (docs/statistics.md; docs/domain.md, "Adding a module"). */
import type { AnalysisService } from '../analysis/analysis.service';
import type { DeadlineService } from '../deadline/deadline.service';
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
import type { SettingsService } from '../settings/settings.service';
import { DashboardService } from './dashboard.service';
import { StatisticsFacts } from './facts';
import { ReportService } from './report.service';
import { registerStatisticsExport } from './statistics.export';
import { StatisticsResolver } from './statistics.resolver';
import { StatisticsService } from './statistics.service';

export const statisticsModule = defineModule({
  name: 'statistics',
  resolvers: [StatisticsResolver],
  services: (d: ModuleKernel & { workflow: Workflow; deadlines: DeadlineService; settings: SettingsService; analysis: AnalysisService }) => {
    const statistics = new StatisticsService(d.ds, d.settings);
    // the statistics facts of every transition, written in its transaction (statistics/facts.ts)
    d.workflow.onLedger(new StatisticsFacts(d.deadlines).record);
    return {
      statistics,
      dashboard: new DashboardService(d.ds, statistics, d.settings, d.analysis, d.config.dashboardCacheSeconds),
      reports: new ReportService(d.ds, statistics, d.settings),
    };
  },
  routes: registerStatisticsExport,
});

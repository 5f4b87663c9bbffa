/** `npm run analysis:rebuild`: writes the analysis index (similar messages, hot problems, category model, reply templates) anew from the messages. */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { pendingMigrations } from '../db/migrate';
import { AnalysisIndex } from '../modules/analysis/analysis.index';
import { rebuildAnalysis } from '../modules/analysis/analysis.rebuild';

async function main() {
  const config = loadConfig();
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const pending = await pendingMigrations(ds);
    if (pending.length) throw new Error(`The database has pending migrations (${pending.join(', ')}): run \`npm run migrate -- up\` first.`);
    let last = 0;
    const report = await rebuildAnalysis(ds, new AnalysisIndex(ds), (m) => {
      if (Date.now() - last > 5000) {
        last = Date.now();
        console.log(m);
      }
    });
    console.log(JSON.stringify(report));
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

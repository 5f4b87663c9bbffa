/**
 * `npm run statistics:verify [-- --from YYYY-MM-DD --to YYYY-MM-DD]`: recomputes every figure of the period (default:
 * every month from the first message to today, Asia/Shanghai) from the ledger and the evaluations, and compares it with
 * what the statistics query answers (statistics/verify.ts). Prints each difference; exits 1 when there is one.
 */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { Message } from '../modules/message/message.entity';
import { monthsBetween, StatisticsVerifier } from '../modules/statistics/verify';
import { createServices } from '../services';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const config = loadConfig();
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const services = createServices(ds, config, null);
    const now = new Date();
    let periods: Array<{ from: string; to: string }>;
    if (arg('from') || arg('to')) {
      periods = [{ from: arg('from') ?? arg('to')!, to: arg('to') ?? arg('from')! }];
    } else {
      const first = await ds.getRepository(Message).createQueryBuilder('m').select('MIN(m.submittedAt)', 'first').getRawOne();
      periods = first?.first ? monthsBetween(new Date(first.first instanceof Date ? first.first : `${String(first.first).replace(' ', 'T')}Z`), now) : [];
    }
    const started = Date.now();
    const result = await new StatisticsVerifier(ds, services).verify(periods, now);
    for (const d of result.differences.slice(0, 200)) {
      console.log(
        `DIFFERENCE ${d.period} ${d.query} ${d.key} (${d.label})${d.bucket ? ` bucket ${d.bucket}` : ''} ${d.figure}: statistics ${d.statistics}, ledger ${d.ledger}`,
      );
    }
    if (result.differences.length > 200) console.log(`… and ${result.differences.length - 200} more`);
    console.log(
      `statistics:verify: ${periods.length} period(s) (${periods.map((p) => `${p.from}..${p.to}`).join(', ') || 'no messages'}), ` +
        `${result.checked} figures compared with the ledger, ${result.differences.length} difference(s), ${Date.now() - started} ms.`,
    );
    if (result.differences.length) process.exitCode = 1;
    await services.bus.stop();
  } finally {
    await ds.destroy();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);

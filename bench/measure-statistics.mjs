/**
 * The console's statistics page against a running server (bench/run.mjs's "month statistics" loads, without the rest
 * of the bench): first loads of a period (the month ending a day earlier each time, so each computes the month's
 * figures; the first of them warms the database and is left out) and next pages / sorts of a computed period.
 * Usage: node bench/measure-statistics.mjs <server url> <bearer token> [month YYYY-MM] [first loads] [days before the month]
 * (the last: periods starting that many days before the month, so that a second run on the same server is not served
 * from the page cache of the first)
 */
import { consoleDocument } from './console-documents.mjs';

const [url, token, month = '2026-11', loadsArg, earlierArg] = process.argv.slice(2);
const LOADS = Number(loadsArg ?? 8);
const DOC = consoleDocument('statistics.graphql');
async function page(period, variables = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: DOC, variables: { period, groupBy: 'UNIT', first: 50, offset: 0, ...variables } }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.statisticsPage;
}
const [y, m] = month.split('-').map(Number);
const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
const day = (d) => `${month}-${String(d).padStart(2, '0')}`;
const from = new Date(Date.UTC(y, m - 1, 1 - Number(earlierArg ?? 0))).toISOString().slice(0, 10);
const cold = [];
let total = 0;
for (let i = 0; i < LOADS; i++) {
  const t = performance.now();
  total = (await page({ from, to: day(lastDay - i) })).total;
  cold.push(performance.now() - t);
}
const warm = [];
const sorts = ['ASSIGNED', 'RESPONSE_RATE', 'SATISFACTION_RATE', 'LABEL'];
for (let i = 0; i < 16; i++) {
  const t = performance.now();
  await page({ from, to: day(lastDay) }, { offset: (i % 4) * 50, sort: { field: sorts[Math.floor(i / 4)], direction: i % 2 ? 'ASC' : 'DESC' } });
  warm.push(performance.now() - t);
}
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const r = (x) => Math.round(x * 10) / 10;
console.log(
  `${from}..${day(lastDay)}, ${total} rows: first load p50 ${r(p50(cold.slice(1)))} ms (runs ${cold.map(Math.round).join(' ')}); next page or sort p50 ${r(p50(warm))} ms`,
);

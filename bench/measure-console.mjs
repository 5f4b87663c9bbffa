/**
 * A few timed loads of console queries against a running server (no load generator): the dashboard and the message list
 * (first page, page 101), as the dispatcher. Usage: node bench/measure-console.mjs <server url> [loads]
 * e.g. after starting the production server on wenzheng_bench as bench/run.mjs's startServer does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PASSWORD } from './generate.mjs';
import { consoleDocument } from './console-documents.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [url, loadsArg] = process.argv.slice(2);
const LOADS = Number(loadsArg ?? 3);

async function gql(query, variables, token, operationName) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const token = (await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { username: 'bench-dispatcher', password: BENCH_PASSWORD } }))
  .login.accessToken;
const cases = [
  [
    'dashboard(days: 30)',
    consoleDocument(
      fs
        .readdirSync(path.join(root, 'admin/src/graphql'))
        .find((f) => fs.readFileSync(path.join(root, 'admin/src/graphql', f), 'utf8').includes('query Dashboard')),
    ),
    'Dashboard',
    { days: 30 },
  ],
  ['message list, first page', consoleDocument('messages.graphql'), 'Messages', { first: 25 }],
  ['message list, page 101', consoleDocument('messages.graphql'), 'Messages', { first: 25, offset: 2500 }],
];
for (const [name, doc, op, vars] of cases) {
  const times = [];
  let extra = '';
  for (let i = 0; i < LOADS; i++) {
    const t = performance.now();
    const data = await gql(doc, vars, token, op);
    times.push(Math.round(performance.now() - t));
    if (data.messages) extra = ` (totalCount ${data.messages.totalCount}, totalIsCapped ${data.messages.totalIsCapped})`;
  }
  console.log(`${name}: ${times.join(', ')} ms${extra}`);
}

/**
 * `npm run schema`: writes schema/schema.graphql and schema/labels.json (the enumerations' labels in zh and en, see
 * common/labels.ts) from the code. `--check` exits 1 when a committed file differs.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { labelsFile } from '../common/labels';
import { LABELS_FILE, SCHEMA_FILE } from '../config/paths';
import { buildAppSchema, printAppSchema } from '../graphql/schema';

async function main() {
  const files = [
    { file: SCHEMA_FILE, text: printAppSchema(await buildAppSchema()) },
    // after the schema is built: every module has registered its enumerations
    { file: LABELS_FILE, text: labelsFile() },
  ];
  if (process.argv.includes('--check')) {
    const stale = files.filter(({ file, text }) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '') !== text);
    for (const { file } of stale) console.error(`${file} is out of date: run \`npm run schema\` and commit it.`);
    if (stale.length) process.exit(1);
    console.log(`${files.map(({ file }) => path.basename(file)).join(' and ')} match the code.`);
    return;
  }
  for (const { file, text } of files) {
    fs.writeFileSync(file, text);
    console.log(`Wrote ${file}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/** `npm run schema`: writes schema/schema.graphql from the code. `--check` exits 1 when the committed file differs. */
import 'reflect-metadata';
import fs from 'node:fs';
import { SCHEMA_FILE } from '../config/paths';
import { buildAppSchema, printAppSchema } from '../graphql/schema';

async function main() {
  const sdl = printAppSchema(await buildAppSchema());
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== sdl) {
      console.error(`${SCHEMA_FILE} is out of date: run \`npm run schema\` and commit it.`);
      process.exit(1);
    }
    console.log('schema/schema.graphql matches the code.');
    return;
  }
  fs.writeFileSync(SCHEMA_FILE, sdl);
  console.log(`Wrote ${SCHEMA_FILE}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * The console's own GraphQL documents for the benchmarks: one operation file of admin/src/graphql with the fragments it
 * uses from the other files (the console shares fragments between files; the server wants each document whole).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit } from 'graphql';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../admin/src/graphql');

export function consoleDocument(file) {
  const fragments = new Map();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.graphql'))) {
    for (const d of parse(fs.readFileSync(path.join(dir, f), 'utf8')).definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const doc = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const own = new Set(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => d.name.value));
  const needed = new Set();
  const walk = (node) =>
    visit(node, {
      FragmentSpread(n) {
        const name = n.name.value;
        if (!own.has(name) && !needed.has(name)) {
          needed.add(name);
          walk(fragments.get(name));
        }
      },
    });
  walk(doc);
  return [print(doc), ...[...needed].map((n) => print(fragments.get(n)))].join('\n');
}

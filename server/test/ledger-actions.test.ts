/**
 * The ledger's vocabulary is closed: every LedgerAction has a label in the console in zh and en (admin/src/i18n/ledger.ts;
 * the console's compiler checks the keys, this checks the words), and the Chinese labels hold no English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LedgerAction } from '../src/modules/ledger/ledger-action';

const source = fs.readFileSync(path.resolve(__dirname, '../../admin/src/i18n/ledger.ts'), 'utf8');
const labels = new Map([...source.matchAll(/^ {2}([A-Z_]+): \{ zh: '([^']*)', en: '([^']*)' \},$/gm)].map((m) => [m[1], { zh: m[2], en: m[3] }]));

test('every ledger action has a zh and an en label in the console, and no other action is labelled', () => {
  expect([...labels.keys()].sort()).toEqual(Object.values(LedgerAction).sort());
  for (const [action, words] of labels) {
    expect({ action, zh: /^[^A-Za-z]+$/.test(words.zh), en: /^[A-Z][A-Za-z ]+$/.test(words.en) }).toEqual({ action, zh: true, en: true });
  }
});

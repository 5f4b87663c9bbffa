/**
 * The ledger's vocabulary is closed: every LedgerAction has a label in zh and en, written once beside the enumeration
 * on the server and given to the console through schema/labels.json (`npm run schema:check` keeps that file equal to
 * the code; the console's build refuses labels for values the schema lacks), and the Chinese labels hold no English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LedgerAction } from '../src/modules/ledger/ledger-action';

const file = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schema/labels.json'), 'utf8')) as Record<
  string,
  Record<string, { zh: string; en: string }>
>;
const labels = new Map(Object.entries(file.LedgerAction ?? {}));

test('every ledger action has a zh and an en label in the console, and no other action is labelled', () => {
  expect([...labels.keys()].sort()).toEqual(Object.values(LedgerAction).sort());
  for (const [action, words] of labels) {
    expect({ action, zh: /^[^A-Za-z]+$/.test(words.zh), en: /^[A-Z][A-Za-z ]+$/.test(words.en) }).toEqual({ action, zh: true, en: true });
  }
});

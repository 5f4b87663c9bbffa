/**
 * The full-text index stays the messages' (docs/search.md, "Consistency and lag"): an intake whose transaction fails
 * after the index row was written leaves no index row behind, on SQLite (transactional FTS5) and on MariaDB (Mroonga,
 * not transactional: the intake removes the row), so that a keyword's total, counted on the index alone, counts no
 * message that does not exist; and a message that is written is found with its own submission time.
 */
import { serverPerFile, usingMysql } from './helpers';

let dispatcher: string;

const s = serverPerFile(
  {},
  {
    beforeClose: () => {
      jest.restoreAllMocks();
    },
  },
);
beforeAll(async () => {
  dispatcher = await s.login('dispatcher');
});

const WORD = '索引回滚核验';
const total = async () => {
  const r = await s.gql(`query($k: String) { messages(first: 5, filter: { keyword: $k }) { totalCount nodes { id title } } }`, { k: WORD }, dispatcher);
  expect(r.errors).toBeUndefined();
  return r.data.messages;
};
const input = (n: number) => ({ channel: 'HOTLINE_12345', type: 'CONSULT', title: `${WORD}第${n}件`, content: `关于${WORD}的咨询，请答复。` });
const orphanRows = async () => {
  const ds = s.app.ds;
  const [row] = usingMysql()
    ? await ds.query('SELECT COUNT(*) AS n FROM message_search s LEFT JOIN message m ON m.id = s.messageId WHERE m.id IS NULL')
    : await ds.query('SELECT COUNT(*) AS n FROM message_search s LEFT JOIN message m ON m.id = s.rowid WHERE m.id IS NULL');
  return Number(row.n);
};

test('an intake that fails after indexing leaves no index row, and the keyword finds only what was written', async () => {
  const before = await orphanRows();
  const workflow = s.app.services.workflow;
  // The ledger write after the index row fails once, for one message and for a batch.
  jest.spyOn(workflow, 'appendCreated').mockRejectedValueOnce(new Error('ledger unavailable'));
  const one = await s.gql(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`, { i: input(1) }, dispatcher);
  expect(one.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  jest.spyOn(workflow, 'appendCreatedMany').mockRejectedValueOnce(new Error('ledger unavailable'));
  const batch = await s.gql(
    `mutation($i: ImportMessagesInput!) { importMessages(input: $i) { skipped } }`,
    { i: { messages: [input(2), input(3)] } },
    dispatcher,
  );
  expect(batch.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  // both failed after their index rows were written
  expect(workflow.appendCreated).toHaveBeenCalledTimes(1);
  expect(workflow.appendCreatedMany).toHaveBeenCalledTimes(1);
  expect(await orphanRows()).toBe(before);
  expect(await total()).toMatchObject({ totalCount: 0, nodes: [] });

  const ok = await s.gql(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id submittedAt } } }`, { i: input(4) }, dispatcher);
  expect(ok.errors).toBeUndefined();
  expect(await total()).toMatchObject({ totalCount: 1, nodes: [{ id: ok.data.createMessage.message.id, title: `${WORD}第4件` }] });
  if (usingMysql()) {
    const [row] = await s.app.ds.query(
      'SELECT s.submittedAt = m.submittedAt AS same FROM message_search s JOIN message m ON m.id = s.messageId WHERE m.id = ?',
      [Number(ok.data.createMessage.message.id)],
    );
    expect(Number(row.same)).toBe(1);
  }
});

// MariaDB: the server keeps a keyword's answer from the index while the index holds the same rows (docs/search.md, "Kept
// answers"); a change made by another process (another instance's intake or rollback, a rebuild) is seen by the next
// search. SQLite keeps no answers (it always joins the message table, and its contentless FTS5 table takes no DELETE):
// the test exists only where the kept answers do, rather than showing as skipped on SQLite.
if (usingMysql()) {
  test('a search after another process changed the index answers from the index as it is now', async () => {
    const before = await total();
    expect(before.totalCount).toBe(1);
    const [row] = await s.app.ds.query('SELECT messageId, submittedAt, body FROM message_search WHERE messageId = ?', [Number(before.nodes[0].id)]);
    // the row removed by SQL, not through this server's search service (as another instance's `forget`)
    await s.app.ds.query('DELETE FROM message_search WHERE messageId = ?', [row.messageId]);
    expect(await total()).toMatchObject({ totalCount: 0, nodes: [] });
    // and written back (as another instance's intake or a rebuild)
    await s.app.ds.query('INSERT INTO message_search (messageId, submittedAt, body) VALUES (?, ?, ?)', [row.messageId, row.submittedAt, row.body]);
    expect(await total()).toMatchObject({ totalCount: 1, nodes: [{ id: before.nodes[0].id }] });
  });
}

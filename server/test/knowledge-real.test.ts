/**
 * Suggestions on real questions (issue 16): articles this project wrote (test/fixtures/knowledge-articles.ts,
 * approved through the API like any other) and real citizens' consultations from the corpus
 * (../shared/data/real); for each question the article that answers it must come first, from the question's title
 * and text alone, as a dispatcher screening it would see, and the public search must find it too.
 */
import { startTestServer, TestServer } from './helpers';
import { ok, setupWorld, World } from './workflow-helpers';
import { realMessages, requireRealCorpus } from './support/realCorpus';
import { KNOWLEDGE_ARTICLES, REAL_QUESTIONS } from './fixtures/knowledge-articles';

jest.setTimeout(180_000);

let s: TestServer;
let w: World;
const idOf = new Map<string, string>();

beforeAll(async () => {
  requireRealCorpus();
  s = await startTestServer();
  w = await setupWorld(s);
  for (const a of KNOWLEDGE_ARTICLES) {
    const created = (
      await ok(
        s.gql(
          `mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { article { id } } }`,
          { i: { title: a.title, questions: a.questions, answer: a.answer, visibility: 'PUBLIC' } },
          w.t.handler,
        ),
      )
    ).createKnowledgeArticle.article;
    await ok(s.gql(`mutation($i: KnowledgeActionInput!) { submitKnowledgeArticle(input: $i) { article { id } } }`, { i: { id: created.id } }, w.t.handler));
    await ok(
      s.gql(
        `mutation($i: ReviewKnowledgeArticleInput!) { reviewKnowledgeArticle(input: $i) { article { id } } }`,
        { i: { id: created.id, approve: true } },
        w.t.dispatcher,
      ),
    );
    idOf.set(a.key, created.id);
  }
});
afterAll(async () => {
  await s?.close();
});

test('for every real question the article that answers it comes first', async () => {
  const questions = new Map(
    realMessages()
      .filter((m) => m.id in REAL_QUESTIONS)
      .map((m) => [m.id, m]),
  );
  expect(questions.size).toBe(Object.keys(REAL_QUESTIONS).length);
  const SUGGEST = `query($d: KnowledgeDraftInput) { knowledgeSuggestions(draft: $d) { score matchedTerms article { id title } } }`;
  const outcome: Array<{ id: string; expected: string; got: string | null; rank: number }> = [];
  for (const [id, key] of Object.entries(REAL_QUESTIONS)) {
    const m = questions.get(id)!;
    const hits = (await ok(s.gql(SUGGEST, { d: { title: m.title.slice(0, 200), content: m.content.slice(0, 5000) } }, w.t.dispatcher)))
      .knowledgeSuggestions as any[];
    const rank = hits.findIndex((h) => h.article.id === idOf.get(key));
    outcome.push({ id, expected: key, got: hits[0] ? KNOWLEDGE_ARTICLES.find((a) => idOf.get(a.key) === hits[0].article.id)!.key : null, rank });
  }
  // every question: the right article first
  expect(outcome.filter((o) => o.rank !== 0)).toEqual([]);
});

test("the public search finds the article among the first three from a question's title alone", async () => {
  const questions = realMessages().filter((m) => m.id in REAL_QUESTIONS);
  const LIST = `query($f: PublicKnowledgeFilter) { publicKnowledgeArticles(filter: $f, first: 3) { nodes { id } } }`;
  const misses: string[] = [];
  for (const m of questions) {
    const nodes = (await ok(s.gql(LIST, { f: { search: m.title.slice(0, 100) } }, null, { 'x-api-key': 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz' })))
      .publicKnowledgeArticles.nodes;
    if (!nodes.slice(0, 3).some((n: any) => n.id === idOf.get(REAL_QUESTIONS[m.id]))) misses.push(`${m.id} ${m.title}`);
  }
  // the title alone (a few words) is enough to find it among the first three
  expect(misses).toEqual([]);
});

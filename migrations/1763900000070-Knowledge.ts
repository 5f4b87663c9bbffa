import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/**
 * The knowledge base (知识库, issue 16, docs/knowledge.md):
 *  - knowledge_article: an article of an owning unit, the number of its working version and of the version in force;
 *  - knowledge_article_version: every version's text and facts (questions, answer, sources, validity, review date)
 *    and its review;
 *  - knowledge_event: the article's ledger (who changed what);
 *  - knowledge_posting: the search index of the versions in force (term, article, weight);
 *  - reply_article: which replies quoted which article, and which version.
 */
export class Knowledge1763900000070 implements MigrationInterface {
  name = 'Knowledge1763900000070';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'knowledge_article',
      [
        col.id(),
        col.int('unitId'),
        col.str('state', 16),
        col.int('versionNo'),
        col.int('publishedVersionNo', { isNullable: true }),
        col.int('indexLength', { isNullable: true }),
        col.int('createdById'),
        ...timestamps(qr),
        col.version(),
      ],
      [
        { name: 'ix_knowledge_article_unit', columnNames: ['unitId', 'state'] },
        { name: 'ix_knowledge_article_state', columnNames: ['state', 'updatedAt'] },
      ],
    );
    await createTable(
      qr,
      'knowledge_article_version',
      [
        col.id(),
        col.int('articleId'),
        col.int('versionNo'),
        col.str('state', 16),
        col.str('title', 100),
        col.text('questions'),
        col.text('answer'),
        col.int('categoryId', { isNullable: true }),
        col.int('regionUnitId', { isNullable: true }),
        col.str('visibility', 8),
        col.text('sources'),
        col.str('validFrom', 10, { isNullable: true }),
        col.str('validUntil', 10, { isNullable: true }),
        col.str('reviewBy', 10),
        col.int('authorId'),
        col.text('writerIds'),
        col.datetime('submittedAt', { isNullable: true }),
        col.int('reviewerId', { isNullable: true }),
        col.datetime('reviewedAt', { isNullable: true }),
        col.str('reviewComment', 1000, { isNullable: true }),
        ...timestamps(qr),
      ],
      [{ name: 'uq_knowledge_version', columnNames: ['articleId', 'versionNo'], isUnique: true }],
    );
    await createTable(
      qr,
      'knowledge_event',
      [
        col.id(),
        col.int('articleId'),
        col.int('versionNo'),
        col.str('action', 32),
        col.str('fromState', 16, { isNullable: true }),
        col.str('toState', 16, { isNullable: true }),
        col.int('actorUserId'),
        col.int('actorUnitId'),
        col.text('payload', { isNullable: true }),
        col.datetime('createdAt'),
      ],
      [{ name: 'ix_knowledge_event_article', columnNames: ['articleId', 'id'] }],
    );
    await createTable(
      qr,
      'knowledge_posting',
      [col.str('term', 48, { isPrimary: true }), col.int('articleId', { isPrimary: true }), col.int('weight')],
      [{ name: 'ix_knowledge_posting_article', columnNames: ['articleId'] }],
    );
    await createTable(
      qr,
      'reply_article',
      [col.id(), col.int('replyId'), col.int('articleId'), col.int('versionNo'), col.int('messageId'), ...timestamps(qr).slice(0, 1)],
      [
        { name: 'uq_reply_article', columnNames: ['replyId', 'articleId'], isUnique: true },
        { name: 'ix_reply_article_article', columnNames: ['articleId', 'replyId'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['reply_article', 'knowledge_posting', 'knowledge_event', 'knowledge_article_version', 'knowledge_article']) await qr.dropTable(t);
  }
}

import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col, createTable } from './_portable';

/**
 * Understanding the messages (issue 15): the term index behind similar messages and hot problems, the
 * category model's sufficient statistics, the reply templates seen, and the likes a channel reports.
 *  - analysis_term: every salient term once, with its document frequency;
 *  - analysis_doc: one row per indexed message (its vector of top terms, cluster, and the columns hot problems filter on);
 *  - analysis_posting: the inverted index, one row per (term, message) for each message's most salient terms;
 *  - analysis_category_feature / analysis_category_total: complement naive Bayes counts per category (hashed
 *    character bigrams), updated as messages get their category;
 *  - analysis_reply_template: normalised published replies and how often each was used;
 *  - message.likes: support a public channel reports for the message (点赞数).
 */
export class Analysis1763900000030 implements MigrationInterface {
  name = 'Analysis1763900000030';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('message', new TableColumn(col.int('likes', { isNullable: true })));
    await createTable(
      qr,
      'analysis_term',
      [col.id(), col.str('term', 48), col.int('kind', { default: 0 }), col.int('df', { default: 0 })],
      [{ name: 'uq_analysis_term', columnNames: ['term'], isUnique: true }],
    );
    await createTable(
      qr,
      'analysis_doc',
      [
        col.int('messageId', { isPrimary: true }),
        col.datetime('submittedAt'),
        col.str('state', 16),
        col.int('regionUnitId', { isNullable: true }),
        col.int('leadUnitId', { isNullable: true }),
        col.int('categoryId', { isNullable: true }),
        col.int('trainedCategoryId', { isNullable: true }),
        col.str('citizenKey', 64),
        col.int('likes', { default: 0 }),
        col.int('clusterId'),
        col.text('vector'),
        col.int('messageVersion', { default: 0 }),
        col.datetime('indexedAt'),
      ],
      [
        { name: 'ix_analysis_doc_period', columnNames: ['submittedAt', 'clusterId', 'state'] },
        { name: 'ix_analysis_doc_cluster', columnNames: ['clusterId', 'submittedAt'] },
      ],
    );
    await createTable(
      qr,
      'analysis_posting',
      [col.int('termId', { isPrimary: true }), col.int('messageId', { isPrimary: true }), col.datetime('submittedAt'), col.int('weight')],
      [{ name: 'ix_analysis_posting_window', columnNames: ['termId', 'submittedAt', 'messageId', 'weight'] }],
    );
    await createTable(qr, 'analysis_category_feature', [
      col.int('categoryId', { isPrimary: true }),
      col.int('bucket', { isPrimary: true }),
      { name: 'weight', type: 'double' },
    ]);
    await createTable(qr, 'analysis_category_total', [
      col.int('categoryId', { isPrimary: true }),
      col.int('docs', { default: 0 }),
      { name: 'total', type: 'double', default: 0 },
    ]);
    await createTable(qr, 'analysis_reply_template', [col.str('hash', 64, { isPrimary: true }), col.int('uses', { default: 0 }), col.str('sample', 200)]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['analysis_reply_template', 'analysis_category_total', 'analysis_category_feature', 'analysis_posting', 'analysis_doc', 'analysis_term'])
      await qr.dropTable(t);
    await qr.dropColumn('message', 'likes');
  }
}

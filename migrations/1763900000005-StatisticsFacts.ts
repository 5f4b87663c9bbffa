import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, createTable } from './_portable';

/**
 * Statistics facts recorded at the transition that produces them (so that statistics never compute a
 * working-time calendar over millions of rows): an assignment's first response and its handling time in
 * working hours / working days, how often its reply was redone (重办) and the citizens' ratings of it. Plus `app_setting`, the settings admins change at run time (ranking
 * weights, minimum sample), and a covering index for the month statistics.
 */
export class StatisticsFacts1763900000005 implements MigrationInterface {
  name = 'StatisticsFacts1763900000005';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('assignment', [
      new TableColumn(col.datetime('firstResponseAt', { isNullable: true })),
      new TableColumn({ name: 'firstResponseWorkingHours', type: 'float', isNullable: true }),
      new TableColumn(col.int('handlingWorkingDays', { isNullable: true })),
      new TableColumn(col.int('reopenCount', { default: 0 })),
      new TableColumn(col.int('ratingCount', { default: 0 })),
      new TableColumn(col.int('satisfiedCount', { default: 0 })),
      new TableColumn({ name: 'ratingSum', type: 'float', default: 0 }),
    ]);
    // Covering indexes: the statistics of a period read index entries only, never the (wide) rows.
    await qr.createIndex(
      'assignment',
      new TableIndex({
        name: 'ix_assignment_cohort',
        columnNames: [
          'role',
          'assignedAt',
          'parentId',
          'unitId',
          'messageId',
          'state',
          'repliedAt',
          'replyDueAt',
          'signedAt',
          'signDueAt',
          'firstResponseWorkingHours',
          'handlingWorkingDays',
          'reopenCount',
          'ratingCount',
          'satisfiedCount',
          'ratingSum',
        ],
      }),
    );
    const dimensions = ['leadUnitId', 'type', 'categoryId', 'channel', 'regionUnitId', 'addressedLeaderId'];
    await qr.createIndex('message', new TableIndex({ name: 'ix_message_received', columnNames: ['submittedAt', ...dimensions] }));
    await qr.createIndex('message', new TableIndex({ name: 'ix_message_assigned', columnNames: ['assignedAt', ...dimensions] }));
    await qr.createIndex('reply', new TableIndex({ name: 'ix_reply_responses', columnNames: ['publishedAt', 'kind', 'state', 'unitId', 'messageId'] }));
    await createTable(qr, 'app_setting', [
      col.str('key', 64, { isPrimary: true }),
      col.text('value'),
      col.int('updatedById', { isNullable: true }),
      { name: 'updatedAt', type: 'datetime', precision: 3, isNullable: true },
      col.version(),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('app_setting');
    await qr.dropIndex('reply', 'ix_reply_responses');
    await qr.dropIndex('message', 'ix_message_assigned');
    await qr.dropIndex('message', 'ix_message_received');
    await qr.dropIndex('assignment', 'ix_assignment_cohort');
    for (const c of ['ratingSum', 'satisfiedCount', 'ratingCount']) await qr.dropColumn('assignment', c);
    await qr.dropColumn('assignment', 'reopenCount');
    await qr.dropColumn('assignment', 'handlingWorkingDays');
    await qr.dropColumn('assignment', 'firstResponseWorkingHours');
    await qr.dropColumn('assignment', 'firstResponseAt');
  }
}

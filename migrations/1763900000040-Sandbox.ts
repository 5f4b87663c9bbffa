import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/**
 * The API sandbox (issue 18): a client may be a sandbox key, whose submissions live in their own table and are answered
 * by a simulated unit; nothing of them reaches staff lists, statistics, exports or events.
 */
export class Sandbox1763900000040 implements MigrationInterface {
  name = 'Sandbox1763900000040';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('api_client', new TableColumn(col.bool('sandbox', false)));
    await createTable(
      qr,
      'sandbox_message',
      [
        col.id(),
        col.int('apiClientId'),
        col.str('externalId', 100),
        col.str('submissionHash', 64),
        col.str('serialNo', 20),
        col.str('queryCodeHash', 64),
        col.str('type', 16),
        col.str('title', 200),
        col.text('content'),
        col.str('authorName', 50),
        col.int('categoryId', { isNullable: true }),
        col.int('regionUnitId', { isNullable: true }),
        col.int('addressedLeaderId', { isNullable: true }),
        col.str('scenario', 16),
        col.str('mergedIntoSerialNo', 20, { isNullable: true }),
        col.text('actions'),
        col.datetime('submittedAt'),
        timestamps(qr)[0], // createdAt
        col.version(),
      ],
      [
        { name: 'uq_sandbox_message_serial', columnNames: ['serialNo'], isUnique: true },
        { name: 'uq_sandbox_message_external', columnNames: ['apiClientId', 'externalId'], isUnique: true },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('sandbox_message');
    await qr.dropColumn('api_client', 'sandbox');
  }
}

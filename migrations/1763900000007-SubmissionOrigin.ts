import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './_portable';

/**
 * What a repeated submission must match (issue 13): the hash of the submitted fields, and the API client that
 * submitted the message, so that a retry with the same (channel, externalId) but other content is refused and a
 * query code is given back only to whoever it was issued to. Rows from before are checked against their stored
 * fields and the client named in their externalId (`<clientId>:<externalId>`), so nothing is backfilled.
 */
export class SubmissionOrigin1763900000007 implements MigrationInterface {
  name = 'SubmissionOrigin1763900000007';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('message', [
      new TableColumn(col.str('submissionHash', 64, { isNullable: true })),
      new TableColumn(col.int('apiClientId', { isNullable: true })),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('message', 'apiClientId');
    await qr.dropColumn('message', 'submissionHash');
  }
}

import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './_portable';

/**
 * Public API (issue 18): an API client may be allowed to pass its end users' IP addresses (`x-end-user-ip`), so
 * that a server-side integration's citizens are limited one by one instead of the whole site sharing one address.
 */
export class ApiClientEndUserIp1763900000021 implements MigrationInterface {
  name = 'ApiClientEndUserIp1763900000021';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('api_client', new TableColumn(col.bool('mayPassEndUserIp', false)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('api_client', 'mayPassEndUserIp');
  }
}

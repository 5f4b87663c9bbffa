import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/** API clients: third-party frontends with hashed keys, scopes, origins and rate limits. */
export class ApiClients1763900000006 implements MigrationInterface {
  name = 'ApiClients1763900000006';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'api_client',
      [
        col.id(),
        col.str('name', 100),
        col.str('owner', 200),
        col.str('keyPrefix', 16),
        col.str('keyHash', 64),
        col.text('scopes'),
        col.text('allowedOrigins'),
        col.int('rateLimitPerMinute', { default: 600 }),
        col.bool('isActive', true),
        col.datetime('lastUsedAt', { isNullable: true }),
        ...timestamps(qr),
        col.version(),
      ],
      [{ name: 'uq_api_client_prefix', columnNames: ['keyPrefix'], isUnique: true }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('api_client');
  }
}

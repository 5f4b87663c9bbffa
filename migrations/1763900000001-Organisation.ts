import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/** Organisation and access: units, leaders, categories, staff users and their sessions. */
export class Organisation1763900000001 implements MigrationInterface {
  name = 'Organisation1763900000001';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'unit',
      [
        col.id(),
        col.str('code', 64),
        col.str('name', 100),
        col.str('kind', 16),
        col.int('parentId', { isNullable: true }),
        col.str('path', 255),
        col.int('level'),
        col.int('sortOrder', { default: 0 }),
        col.bool('isActive', true),
        ...timestamps(qr),
        col.version(),
      ],
      [
        { name: 'uq_unit_code', columnNames: ['code'], isUnique: true },
        { name: 'ix_unit_path', columnNames: ['path'] },
      ],
    );
    await createTable(
      qr,
      'leader',
      [
        col.id(),
        col.str('name', 50),
        col.str('title', 100),
        col.int('unitId'),
        col.int('sortOrder', { default: 0 }),
        col.bool('isActive', true),
        ...timestamps(qr),
        col.version(),
      ],
      [{ name: 'ix_leader_unit', columnNames: ['unitId'] }],
    );
    await createTable(
      qr,
      'category',
      [
        col.id(),
        col.str('code', 64),
        col.str('name', 50),
        col.int('parentId', { isNullable: true }),
        col.str('path', 255),
        col.int('level'),
        col.int('sortOrder', { default: 0 }),
        col.bool('isActive', true),
        ...timestamps(qr),
        col.version(),
      ],
      [
        { name: 'uq_category_code', columnNames: ['code'], isUnique: true },
        { name: 'ix_category_path', columnNames: ['path'] },
      ],
    );
    await createTable(
      qr,
      'app_user',
      [
        col.id(),
        col.str('username', 64),
        col.str('displayName', 50),
        col.str('passwordHash', 100),
        col.str('role', 24),
        col.int('unitId'),
        col.int('leaderId', { isNullable: true }),
        col.bool('isActive', true),
        col.bool('mustChangePassword', false),
        col.datetime('lastLoginAt', { isNullable: true }),
        col.datetime('passwordChangedAt'),
        ...timestamps(qr),
        col.version(),
      ],
      [
        { name: 'uq_user_username', columnNames: ['username'], isUnique: true },
        { name: 'ix_user_unit', columnNames: ['unitId'] },
      ],
    );
    await createTable(
      qr,
      'user_session',
      [
        col.str('id', 36, { isPrimary: true }),
        col.int('userId'),
        col.str('refreshTokenHash', 64),
        timestamps(qr)[0],
        col.datetime('expiresAt'),
        col.datetime('revokedAt', { isNullable: true }),
        col.str('ip', 64, { isNullable: true }),
      ],
      [{ name: 'ix_session_user', columnNames: ['userId'] }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['user_session', 'app_user', 'category', 'leader', 'unit']) await qr.dropTable(t);
  }
}

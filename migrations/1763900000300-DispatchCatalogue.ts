import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/**
 * The dispatch catalogue (派单目录, issue 16, docs/knowledge.md):
 *  - dispatch_catalogue_entry: a matter (keywords, category, region, valid days) and its lead and assist units;
 *  - dispatch_catalogue_version: every version of an entry (the entry after the change, what changed, who).
 */
export class DispatchCatalogue1763900000300 implements MigrationInterface {
  name = 'DispatchCatalogue1763900000300';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'dispatch_catalogue_entry',
      [
        col.id(),
        col.str('matter', 200),
        col.text('keywords'),
        col.int('categoryId', { isNullable: true }),
        col.int('regionUnitId', { isNullable: true }),
        col.int('leadUnitId'),
        col.text('assistUnitIds'),
        col.str('validFrom', 10, { isNullable: true }),
        col.str('validUntil', 10, { isNullable: true }),
        col.str('basis', 1000, { isNullable: true }),
        col.bool('isActive', true),
        col.int('versionNo'),
        col.int('updatedById'),
        ...timestamps(qr),
        col.version(),
      ],
      [{ name: 'ix_catalogue_active', columnNames: ['isActive', 'leadUnitId'] }],
    );
    await createTable(
      qr,
      'dispatch_catalogue_version',
      [
        col.id(),
        col.int('entryId'),
        col.int('versionNo'),
        col.str('action', 16),
        col.text('snapshot'),
        col.text('changes', { isNullable: true }),
        col.int('actorUserId'),
        col.datetime('createdAt'),
      ],
      [{ name: 'uq_catalogue_version', columnNames: ['entryId', 'versionNo'], isUnique: true }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('dispatch_catalogue_version');
    await qr.dropTable('dispatch_catalogue_entry');
  }
}

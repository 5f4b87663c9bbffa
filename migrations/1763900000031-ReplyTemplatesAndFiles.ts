import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/**
 * Reply templates (常用语) per unit, and the files staff upload for messages (the bytes live under
 * DATA_DIR/attachments/; these rows say whose message each belongs to, its kind, size and uploader).
 */
export class ReplyTemplatesAndFiles1763900000031 implements MigrationInterface {
  name = 'ReplyTemplatesAndFiles1763900000031';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'reply_template',
      [
        col.id(),
        col.int('unitId'),
        col.str('title', 50),
        col.str('text', 2000),
        col.int('sortOrder', { default: 0 }),
        col.bool('isActive', true),
        col.int('createdById'),
        ...timestamps(qr),
        col.version(),
      ],
      [{ name: 'ix_reply_template_unit', columnNames: ['unitId', 'sortOrder'] }],
    );
    await createTable(
      qr,
      'stored_file',
      [
        col.id(),
        col.str('token', 32),
        col.int('messageId'),
        col.str('name', 200),
        col.str('contentType', 100),
        col.int('size'),
        col.int('uploadedById'),
        ...timestamps(qr).slice(0, 1),
      ],
      [
        { name: 'uq_stored_file_token', columnNames: ['token'], isUnique: true },
        { name: 'ix_stored_file_message', columnNames: ['messageId'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('stored_file');
    await qr.dropTable('reply_template');
  }
}

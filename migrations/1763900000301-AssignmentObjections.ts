import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/** 派单异议 (issue 16, docs/knowledge.md): a unit's objection to an assignment and the platform's decision. */
export class AssignmentObjections1763900000301 implements MigrationInterface {
  name = 'AssignmentObjections1763900000301';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'assignment_objection',
      [
        col.id(),
        col.int('assignmentId'),
        col.int('messageId'),
        col.int('unitId'),
        col.str('reason', 1000),
        col.int('proposedUnitId', { isNullable: true }),
        col.str('state', 12),
        col.int('raisedById'),
        ...timestamps(qr).slice(0, 1),
        col.int('decidedById', { isNullable: true }),
        col.datetime('decidedAt', { isNullable: true }),
        col.str('decisionNote', 500, { isNullable: true }),
        col.int('newUnitId', { isNullable: true }),
      ],
      [
        { name: 'ix_objection_assignment', columnNames: ['assignmentId'] },
        { name: 'ix_objection_state', columnNames: ['state', 'unitId'] },
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('assignment_objection');
  }
}

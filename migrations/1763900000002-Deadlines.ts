import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/** SLA policies (with domain.md §6's defaults) and the holiday override table. */
export class Deadlines1763900000002 implements MigrationInterface {
  name = 'Deadlines1763900000002';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'sla_policy',
      [
        col.id(),
        col.str('name', 100),
        col.str('messageType', 16, { isNullable: true }),
        col.int('categoryId', { isNullable: true }),
        col.bool('isUrgent', undefined, { isNullable: true }),
        col.bool('isComplex', undefined, { isNullable: true }),
        col.int('priority', { default: 0 }),
        col.int('signWorkingDays', { default: 1 }),
        col.int('firstResponseWorkingHours', { default: 5 }),
        col.int('replyAmount'),
        col.str('replyUnit', 16),
        col.bool('unitReviewRequired', true),
        col.bool('platformReviewRequired', true),
        col.bool('assistOpinionRequired', true),
        col.int('maxExtensions', { default: 2 }),
        col.int('autoCloseDays', { default: 7 }),
        col.bool('isActive', true),
        ...timestamps(qr),
        col.version(),
      ],
      [{ name: 'ix_sla_policy_active', columnNames: ['isActive', 'priority'] }],
    );
    await createTable(
      qr,
      'holiday_override',
      [col.id(), col.str('date', 10), col.bool('isWorkingDay'), col.str('note', 100, { isNullable: true }), ...timestamps(qr)],
      [{ name: 'uq_holiday_override_date', columnNames: ['date'], isUnique: true }],
    );
    // domain.md §6 defaults: 5 working days for consultations, 10 for suggestions and requests for help,
    // 20 for complaints and complex cases, 24 calendar hours for urgent messages.
    const rows: Array<[string, string | null, boolean | null, boolean | null, number, number, string]> = [
      ['咨询 5 个工作日', 'CONSULT', null, null, 10, 5, 'WORKING_DAYS'],
      ['建言 10 个工作日', 'SUGGEST', null, null, 10, 10, 'WORKING_DAYS'],
      ['求助 10 个工作日', 'HELP', null, null, 10, 10, 'WORKING_DAYS'],
      ['投诉 20 个工作日', 'COMPLAIN', null, null, 10, 20, 'WORKING_DAYS'],
      ['复杂件 20 个工作日', null, null, true, 20, 20, 'WORKING_DAYS'],
      ['紧急件 24 小时', null, true, null, 30, 24, 'CALENDAR_HOURS'],
    ];
    for (const [name, type, urgent, complex, priority, amount, unit] of rows) {
      await qr.manager
        .createQueryBuilder()
        .insert()
        .into('sla_policy')
        .values({
          name,
          messageType: type,
          isUrgent: urgent,
          isComplex: complex,
          priority,
          replyAmount: amount,
          replyUnit: unit,
          signWorkingDays: 1,
          firstResponseWorkingHours: 5,
        })
        .execute();
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('holiday_override');
    await qr.dropTable('sla_policy');
  }
}

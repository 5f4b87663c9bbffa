import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from './_portable';

/**
 * Statistics counted fairly (docs/domain.md §9, docs/statistics.md): facts decided once, at the transition that
 * decides them, and never rewritten by a later redo:
 *  - `signedOnTime`, `respondedOnTime`, `repliedOnTime`: signed, first response, first published reply by the deadline
 *    then in force (null until it happens);
 *  - `firstRepliedAt`: the first publication of a final reply while the assignment led the message;
 *  - `pausedSince`: the message is on hold (the reply clock is stopped), so a held message is not "due";
 *  - `ratingOverall` / `ratingResolution`: the message's latest rating while the assignment led it (one rating per
 *    message counts), replacing the counts of every rating (`ratingCount`, `satisfiedCount`, `ratingSum`).
 * The cohort index is rebuilt on the new facts (16 columns: MySQL's limit per index).
 *
 * Backfill: existing rows get their facts from what is recorded (assignments, the ledger's REPLY_PUBLISHED rows and
 * the evaluations). Left as they were: a redone assignment's first-response deadline (the redo used to rewrite it)
 * and its handling working days (they counted to the newest reply); `statistics:verify` shows such rows.
 */
const OLD_COHORT = [
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
];
const NEW_COHORT = [
  'role',
  'assignedAt',
  'parentId',
  'unitId',
  'state',
  'signedOnTime',
  'signDueAt',
  'respondedOnTime',
  'firstResponseWorkingHours',
  'repliedOnTime',
  'replyDueAt',
  'pausedSince',
  'handlingWorkingDays',
  'reopenCount',
  'ratingOverall',
  'ratingResolution',
];

/** Top-level lead assignments still held by their unit (not cancelled by a reassignment, not returned). */
const KEPT_LEAD = `role = 'LEAD' AND parentId IS NULL AND state NOT IN ('CANCELLED', 'RETURNED')`;

export class FairStatistics1763900000051 implements MigrationInterface {
  name = 'FairStatistics1763900000051';

  async up(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('assignment', 'ix_assignment_cohort');
    await qr.addColumns('assignment', [
      new TableColumn({ name: 'signedOnTime', type: 'boolean', isNullable: true }),
      new TableColumn({ name: 'respondedOnTime', type: 'boolean', isNullable: true }),
      new TableColumn(col.datetime('firstRepliedAt', { isNullable: true })),
      new TableColumn({ name: 'repliedOnTime', type: 'boolean', isNullable: true }),
      new TableColumn(col.datetime('pausedSince', { isNullable: true })),
      new TableColumn({ name: 'ratingOverall', type: 'double', isNullable: true }),
      new TableColumn(col.int('ratingResolution', { isNullable: true })),
    ]);
    await this.backfill(qr);
    for (const c of ['ratingSum', 'satisfiedCount', 'ratingCount']) await qr.dropColumn('assignment', c);
    await qr.createIndex('assignment', new TableIndex({ name: 'ix_assignment_cohort', columnNames: NEW_COHORT }));
  }

  private async backfill(qr: QueryRunner) {
    await qr.query(`UPDATE assignment SET signedOnTime = CASE WHEN signedAt <= signDueAt THEN 1 ELSE 0 END WHERE signedAt IS NOT NULL`);
    await qr.query(
      `UPDATE assignment SET respondedOnTime = CASE WHEN firstResponseAt <= firstResponseDueAt THEN 1 ELSE 0 END WHERE firstResponseAt IS NOT NULL`,
    );
    // the first publication of a final reply after the assignment was made
    await qr.query(`UPDATE assignment SET firstRepliedAt = (SELECT MIN(e.createdAt) FROM message_event e
      WHERE e.messageId = assignment.messageId AND e.action = 'REPLY_PUBLISHED' AND e.createdAt >= assignment.assignedAt) WHERE ${KEPT_LEAD}`);
    // never redone: the deadline is still the one in force at that reply
    await qr.query(
      `UPDATE assignment SET repliedOnTime = CASE WHEN firstRepliedAt <= replyDueAt THEN 1 ELSE 0 END WHERE firstRepliedAt IS NOT NULL AND reopenCount = 0`,
    );
    // redone: what the ledger recorded at that first publication (its onTime), read row by row (few rows)
    const redone: Array<{ id: number; messageId: number; firstRepliedAt: unknown }> = await qr.query(
      `SELECT id, messageId, firstRepliedAt FROM assignment WHERE firstRepliedAt IS NOT NULL AND reopenCount > 0 AND ${KEPT_LEAD}`,
    );
    for (const a of redone) {
      const [e] = await qr.query(`SELECT payload FROM message_event WHERE messageId = ? AND action = 'REPLY_PUBLISHED' AND createdAt = ? ORDER BY id LIMIT 1`, [
        a.messageId,
        a.firstRepliedAt,
      ]);
      let onTime = false;
      try {
        onTime = JSON.parse(String(e?.payload ?? 'null'))?.onTime === true;
      } catch {
        onTime = false;
      }
      await qr.query(`UPDATE assignment SET repliedOnTime = ? WHERE id = ?`, [onTime ? 1 : 0, a.id]);
    }
    // the latest rating after the assignment was made
    const latest = (column: string) =>
      `(SELECT ev.${column} FROM evaluation ev WHERE ev.messageId = assignment.messageId AND ev.createdAt >= assignment.assignedAt ORDER BY ev.id DESC LIMIT 1)`;
    await qr.query(`UPDATE assignment SET ratingOverall = ${latest('overall')}, ratingResolution = ${latest('resolution')} WHERE ${KEPT_LEAD}`);
    // a message on hold stops the clock of its open assignments
    await qr.query(`UPDATE assignment SET pausedSince = (SELECT m.onHoldSince FROM message m WHERE m.id = assignment.messageId)
      WHERE state IN ('PENDING', 'SIGNED', 'RETURN_REQUESTED')`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('assignment', 'ix_assignment_cohort');
    await qr.addColumns('assignment', [
      new TableColumn(col.int('ratingCount', { default: 0 })),
      new TableColumn(col.int('satisfiedCount', { default: 0 })),
      new TableColumn({ name: 'ratingSum', type: 'float', default: 0 }),
    ]);
    await qr.query(
      `UPDATE assignment SET ratingCount = 1, satisfiedCount = CASE WHEN ratingOverall > 3 THEN 1 ELSE 0 END, ratingSum = ratingOverall WHERE ratingOverall IS NOT NULL`,
    );
    for (const c of ['ratingResolution', 'ratingOverall', 'pausedSince', 'repliedOnTime', 'firstRepliedAt', 'respondedOnTime', 'signedOnTime'])
      await qr.dropColumn('assignment', c);
    await qr.createIndex('assignment', new TableIndex({ name: 'ix_assignment_cohort', columnNames: OLD_COHORT }));
  }
}

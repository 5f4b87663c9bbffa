import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './_portable';

/**
 * Whom a ledger entry notified (issue 13): the units its live event went to, so that a replay (resumption with
 * `afterEventId`, the event bus catching up after a Redis drop) reaches the same units as the live event did, and
 * never a unit that had lost the message by then. Entries from before are replayed to the units that hold the
 * message when they are read.
 */
export class EventAudience1763900000050 implements MigrationInterface {
  name = 'EventAudience1763900000050';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('message_event', new TableColumn(col.text('notifyUnitIds', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('message_event', 'notifyUnitIds');
  }
}

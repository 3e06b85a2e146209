import type { Kysely } from 'kysely';

// Separation of duties for screening dispositions. An alert carries the clearance in effect or
// awaiting its second approval (four-eyes for a confirmed prohibited match); a consortium's contests
// of an alert about its own party are kept one row each, so a later contest can be told apart from
// an earlier one and the analysts' queue knows which are undecided. One column per statement:
// SQLite adds one column per ALTER TABLE.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['clearance_status', 'clearance_reason', 'clearance_proposed_by', 'clearance_proposed_at', 'clearance_decided_by', 'clearance_decided_at', 'clearance_note']) {
    await db.schema.alterTable('screening_alerts').addColumn(column, 'text').execute();
  }

  await db.schema
    .createTable('screening_alert_contests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('screening_alerts.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('contested_by', 'text', (c) => c.notNull())
    .addColumn('contested_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createIndex('screening_alert_contests_alert_idx').on('screening_alert_contests').columns(['alert_id', 'contested_at']).execute();
}

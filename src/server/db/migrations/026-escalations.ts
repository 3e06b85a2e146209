import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// Reminders and escalations raised once per item by the scheduled work: when an overdue review
// assignment, consultation or monitoring report was escalated (to the program office, or to the
// financing agencies and the EDAG coordinators), and when a consultation's agency was reminded
// that its answer falls due. Items from before this migration start unreminded and unescalated.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('review_assignments').addColumn('escalated_at', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('reminded_at', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('escalated_at', 'text').execute();
  await db.schema.alterTable('monitoring_reports').addColumn('escalated_at', 'text').execute();
}

// Migration 016 on records written before it: `needed` becomes `draft`, the other statuses keep
// their name, a submitted record gets its submission day from its last update, and the new
// columns and the shipments table are there — on both dialects.
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/harness.ts';
import * as m003 from './003-compliance.ts';
import * as m016 from './016-license-lifecycle.ts';

describe.each(DIALECTS)('migration 016 (license lifecycle) [%s]', (dialect) => {
  it('renames needed to draft, keeps the rest, and adds the lifecycle columns and shipments', async () => {
    const { db, drop } = await openTestDb(dialect);
    try {
      const k = db.db as unknown as Kysely<unknown>;
      // Only what 003's licenses table refers to.
      await k.schema.createTable('proposals').addColumn('id', 'text', (c) => c.primaryKey()).execute();
      await m003.up(k);
      await sql`insert into proposals (id) values ('p1')`.execute(k);
      const row = (id: string, status: string, bis: string | null) =>
        sql`insert into licenses (id, proposal_id, component_id, market, party_id, bis_application_number, status, conditions_json, expires_at, version, created_by, created_at, updated_by, updated_at)
            values (${id}, 'p1', 'c1', 'AE', null, ${bis}, ${status}, '[]', null, 1, 'u1', '2026-09-01T10:00:00.000Z', 'u1', '2026-09-02T10:00:00.000Z')`.execute(k);
      await row('l1', 'needed', null);
      await row('l2', 'submitted', 'Z1');
      await row('l3', 'approved', 'Z2');
      await row('l4', 'not_required', null);
      await m016.up(k, dialect);
      const rows = (
        await sql<{ id: string; status: string; submitted_on: string | null; status_changed_on: string | null; shipped_quantity: number; reminders_sent_json: string }>`
          select id, status, submitted_on, status_changed_on, shipped_quantity, reminders_sent_json from licenses order by id`.execute(k)
      ).rows;
      expect(rows.map((r) => [r.id, r.status, r.submitted_on, r.status_changed_on, Number(r.shipped_quantity), r.reminders_sent_json])).toEqual([
        ['l1', 'draft', null, '2026-09-02', 0, '[]'],
        ['l2', 'submitted', '2026-09-02', '2026-09-02', 0, '[]'],
        ['l3', 'approved', null, '2026-09-02', 0, '[]'],
        ['l4', 'not_required', null, '2026-09-02', 0, '[]'],
      ]);
      await sql`insert into license_shipments (id, license_id, shipped_on, quantity, value_usd, reference, created_by, created_at) values ('s1', 'l3', '2026-09-03', 1.5, 1234567.89, 'AWB', 'u1', '2026-09-03T00:00:00Z')`.execute(k);
      const s = (await sql<{ quantity: number; value_usd: number }>`select quantity, value_usd from license_shipments`.execute(k)).rows[0]!;
      expect([Number(s.quantity), Number(s.value_usd)]).toEqual([1.5, 1234567.89]);
    } finally {
      await drop();
    }
  });
});

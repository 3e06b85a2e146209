// The audit chain's verification over HTTP (issue 13): auditors and administrators run the same
// check as `aiep audit verify` from their page; it says how many events hold and where the chain
// breaks; nobody else may run it.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { writeAuditCheckpoint } from './audit.service.ts';
import { describeEachDb, inject } from '../../test/harness.ts';

describeEachDb('audit chain verification over HTTP', (h) => {
  const count = async () => Number((await h().deps.db.db.selectFrom('audit_events').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('the auditor and the administrator verify the whole chain and its checkpoints', async () => {
    await writeAuditCheckpoint(h().deps);
    for (const email of ['auditor@oig.example', 'admin@aiep.example']) {
      const res = await (await h().login(email)).get('/api/v1/audit/verification');
      expect(res.status).toBe(200);
      // The login above wrote an event after the checkpoint: the walk reaches it too.
      expect(res.body).toMatchObject({ ok: true, checked: await count(), checkpoints: 1, firstBroken: null, checkpoint: null });
      expect(res.body.checked).toBeGreaterThan(10);
      expect(res.body.verifiedAt.slice(0, 10)).toBe(h().deps.clock.nowIso().slice(0, 10));
      // The server's file paths stay on the server.
      expect(JSON.stringify(res.body)).not.toContain('aiep-test-audit');
    }
  });

  it('nobody else may run it', async () => {
    for (const email of ['anchor@cascade.example', 'program.officer@ita.example', 'decision@ita.example', 'reviewer@state.example']) {
      expectProblem(await (await h().login(email)).get('/api/v1/audit/verification'), 403, 'FORBIDDEN');
    }
    expectProblem(await inject(h().app, '', '').get('/api/v1/audit/verification'), 401, 'UNAUTHENTICATED');
  });

  it('an altered event is named: its position in the chain and what is wrong with it', async () => {
    const db = h().deps.db.db;
    const auditor = await h().login('auditor@oig.example');
    const victim = await db.selectFrom('audit_events').select(['seq', 'id', 'data_json']).orderBy('seq').offset(4).limit(1).executeTakeFirstOrThrow();
    await db.updateTable('audit_events').set({ data_json: '{"forged":true}' }).where('seq', '=', victim.seq).execute();
    try {
      const res = await auditor.get('/api/v1/audit/verification');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: false, checked: 4, firstBroken: { seq: victim.seq, id: victim.id, position: 5, problem: 'altered' } });
    } finally {
      await db.updateTable('audit_events').set({ data_json: victim.data_json }).where('seq', '=', victim.seq).execute();
    }
    expect((await auditor.get('/api/v1/audit/verification')).body.ok).toBe(true);
  });
});

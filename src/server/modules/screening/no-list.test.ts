// No list, no clearance: with no screening list active, every screening answer says "not
// screened" (never an empty, clean-looking result), nothing counts as screened, and designation and
// final financing commitment are refused until the parties are screened against an active list.
import { expect, it } from 'vitest';
import { runJobsOnce } from '../../jobs/worker.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal, designationDecision, must, session, type FactoryProposal } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { getIndex, invalidateIndex } from './screening.index.ts';
import { syncAndScreen } from './screening.parties.ts';
import { NOT_SCREENED_NOTICE } from './screening.service.ts';

describeEachDb('no list, no clearance', (h) => {
  let admin: Client;
  let co: Client;
  let decider: Client;
  let listVersion: string;
  let pending: FactoryProposal;

  const listActive = async () => (await admin.get('/api/v1/lists')).body.items.some((l: { activeVersion: unknown }) => l.activeVersion !== null);

  it('a new installation’s state: the demo’s list is no longer active', async () => {
    admin = await session(h(), 'admin@aiep.example');
    co = await session(h(), 'compliance@meridian.example');
    decider = await session(h(), 'decision@ita.example');
    // A proposal awaiting its decision, its parties screened while the list was active.
    pending = await createProposal(h(), 'decision_pending');
    await syncAndScreen(h().deps);
    expect(must(await decider.get(`/api/v1/proposals/${pending.id}/screening`), 200, 'package screening').body).toMatchObject({ listActive: true, screened: true });
    // No API deactivates a list: the state of an installation where none was ever activated is set here.
    const [active] = (await admin.get('/api/v1/lists')).body.items as { activeVersion: { id: string } }[];
    listVersion = active!.activeVersion.id;
    await h().deps.db.db.updateTable('list_versions').set({ status: 'superseded' }).where('status', '=', 'active').execute();
    invalidateIndex(h().deps);
    await getIndex(h().deps, { fresh: true }); // as the index watcher would, at its next check
    expect(await listActive()).toBe(false);
  });

  it('a search answers "not screened" with a sentence for the user, not an empty clean result', async () => {
    const res = must(await co.post('/api/v1/screening/search', { name: '140 Repair Plant JSC' }), 200, 'search');
    expect(res.body).toMatchObject({ screened: false, notice: NOT_SCREENED_NOTICE, lists: [], matches: [] });
    expect(NOT_SCREENED_NOTICE).toBe('Not screened: no screening list is active. An administrator must import and activate a list.');
  });

  it('the trade.gov-shaped search keeps its shape and says "not screened" in its headers', async () => {
    const res = must(await co.get('/api/v1/screening/search?name=140%20Repair%20Plant'), 200, 'CSL search');
    expect(res.body).toMatchObject({ total: 0, offset: 0, sources_used: [], results: [] });
    expect(Object.keys(res.body).sort()).toEqual(['offset', 'results', 'search_performed_at', 'sources_used', 'total']);
    expect(res.headers['x-screening-status']).toBe('not_screened');
    expect(res.headers['x-screening-notice']).toBe(NOT_SCREENED_NOTICE);
  });

  it('a batch marks every row not screened, the unreadable ones included', async () => {
    const res = must(await co.post('/api/v1/screening/batch', [{ id: 'a', name: 'Atlas Sanatgaran' }, { name: '' }]), 200, 'inline batch');
    expect(res.body).toMatchObject({ screened: false, notice: NOT_SCREENED_NOTICE });
    expect(res.body.results).toEqual([
      { id: 'a', name: 'Atlas Sanatgaran', screened: false, error: NOT_SCREENED_NOTICE, matches: [] },
      { id: '2', name: '', screened: false, error: NOT_SCREENED_NOTICE, matches: [] },
    ]);
  });

  it('a screening run with no list records nobody as screened, and the package says why', async () => {
    expect(await syncAndScreen(h().deps)).toMatchObject({ screened: 0, alerts: 0 });
    const s = must(await decider.get(`/api/v1/proposals/${pending.id}/screening`), 200, 'package screening').body;
    expect(s).toMatchObject({ listActive: false, screened: false });
    expect(s.message).toMatch(/^No screening list is active, so the parties of this package have not been screened \(.+\)\. An administrator must import and activate a list\.$/);
    expect(s.parties.length).toBeGreaterThan(0);
    expect(s.parties.every((p: { screened: boolean; screenedAt: string | null }) => !p.screened && p.screenedAt === null)).toBe(true);
    // Whoever does not see the proposal does not see its screening either.
    expect((await (await session(h(), 'anchor@meridian.example')).get(`/api/v1/proposals/${pending.id}/screening`)).status).toBe(404);
  });

  it('designation is refused (409, naming the parties) and nothing is written', async () => {
    const names = (must(await decider.get(`/api/v1/proposals/${pending.id}/screening`), 200, 'package screening').body.parties as { name: string }[]).map((p) => p.name);
    const refused = await decider.post(`/api/v1/proposals/${pending.id}/decision`, designationDecision());
    expectProblem(refused, 409, 'SCREENING_REQUIRED');
    expect(refused.body.detail).toMatch(/^Designation is blocked until every party of the package is screened against an active screening list\. No screening list is active/);
    expect(refused.body.detail).toContain(names[0]);
    expect(refused.body.listActive).toBe(false);
    expect(refused.body.unscreened).toEqual(expect.arrayContaining(names));
    const after = must(await pending.anchor.get(`/api/v1/proposals/${pending.id}`), 200, 'proposal').body;
    expect(after.state).toBe('decision_pending');
    expect((await pending.anchor.get(`/api/v1/proposals/${pending.id}/package`)).status).toBe(404);
  });

  it('once a list is active again, designation goes through: the screening against that very version still holds', async () => {
    must(await admin.post(`/api/v1/lists/versions/${listVersion}/activate`, {}), 200, 'activate');
    await runJobsOnce(h().deps); // the re-screening the activation queued
    expect(must(await decider.get(`/api/v1/proposals/${pending.id}/screening`), 200, 'package screening').body).toMatchObject({ listActive: true, screened: true, message: null });
    must(await decider.post(`/api/v1/proposals/${pending.id}/decision`, designationDecision()), 200, 'designate');
  });
});

import { expect, it } from 'vitest';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { extractPdfText } from '../../test/pdf-text.ts';
import type { Portfolio } from '../../../shared/contracts/financing.ts';

describeEachDb('deals and EDAG financing', (h) => {
  let anchor: Client;
  let edag: Client;
  let exim: Client;
  let dfc: Client;
  let proposalId: string;
  let dealId: string;
  let eximRequest: { id: string; version: number };
  let licenseId: string;
  let licenseVersion: number;
  // The portfolio before these tests add to it: the demo's deals under the same package.
  let before: { all: Portfolio; dfc: Portfolio };

  it('opens a deal under the designated package, in one of its target countries', async () => {
    anchor = await h().login('anchor@cascade.example');
    edag = await h().login('edag@state.example');
    exim = await h().login('finance@exim.example');
    dfc = await h().login('finance@dfc.example');
    proposalId = (await anchor.get('/api/v1/proposals')).body.items[0].id;
    before = { all: (await edag.get('/api/v1/portfolio')).body, dfc: (await dfc.get('/api/v1/portfolio')).body };
    const outside = await anchor.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'BR', buyerName: 'X', buyerType: 'government', valueUsd: 1, sector: 'government_services' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].path).toBe('country');
    const res = await anchor.post(`/api/v1/proposals/${proposalId}/deals`, {
      country: 'MY',
      buyerName: 'Malaysian Digital Ministry',
      buyerType: 'government',
      valueUsd: 40_000_000,
      expectedDecisionDate: '2027-03-31',
      competitors: [{ name: 'Huawei Cloud', country: 'CN' }, { name: 'Hyperscaler Inc.', country: 'US' }],
      sector: 'government_services',
    });
    expect(res.status).toBe(201);
    dealId = res.body.id;
    expect(res.body.competitors).toEqual([
      { name: 'Huawei Cloud', country: 'CN', nonUs: true },
      { name: 'Hyperscaler Inc.', country: 'US', nonUs: false },
    ]);
    expect(res.body.incomeGroup).toBe('upper_middle');
    const draft = await (await h().login('anchor@harborhealth.example')).post(`/api/v1/proposals/${proposalId}/deals`, { country: 'MY', buyerName: 'X', buyerType: 'government', valueUsd: 1, sector: 'healthcare' });
    expect(draft.status).toBe(404);
    const adv = await edag.post(`/api/v1/deals/${dealId}/advocacy`, { kind: 'letter', occurredOn: '2026-11-20', description: 'Ambassador letter to the minister.' });
    expect(adv.body.advocacy).toHaveLength(1);
  });

  it('explains eligibility with citations before referral', async () => {
    const over = await edag.post(`/api/v1/deals/${dealId}/eligibility`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 39_000_000 });
    expect(over.body.eligible).toBe(false);
    const cap = over.body.results.find((r: { ruleId: string }) => r.ruleId === 'exim.cover_cap');
    expect(cap.outcome).toBe('fail');
    expect(cap.citation).toMatch(/635/);
    const ok = await edag.post(`/api/v1/deals/${dealId}/eligibility`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 20_000_000 });
    expect(ok.body.eligible).toBe(true);
    const past = await edag.post(`/api/v1/deals/${dealId}/eligibility`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 20_000_000, asOf: '2025-06-01T00:00:00Z' });
    expect(past.body.ruleSetVersion).toBe('2025.1');
    const sba = await edag.post(`/api/v1/deals/${dealId}/eligibility`, { agency: 'SBA', instrument: 'export_express', requestedUsd: 600_000 });
    expect(sba.body.results.map((r: { ruleId: string; outcome: string }) => [r.ruleId, r.outcome])).toEqual([
      ['sba.small_business', 'fail'],
      ['sba.express_cap', 'fail'],
    ]);
  });

  it('only the EDAG coordinator refers; each agency sees only its own requests', async () => {
    expectProblem(await anchor.post(`/api/v1/deals/${dealId}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 20_000_000 }), 403, 'FORBIDDEN');
    const e = await edag.post(`/api/v1/deals/${dealId}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 20_000_000 });
    expect(e.status).toBe(201);
    expect(e.body.state).toBe('referred');
    expect(e.body.eligibility.eligible).toBe(true);
    eximRequest = e.body;
    const d = await edag.post(`/api/v1/deals/${dealId}/financing-requests`, { agency: 'DFC', instrument: 'political_risk_insurance', requestedUsd: 5_000_000 });
    expect((await dfc.get(`/api/v1/financing-requests/${eximRequest.id}`)).status).toBe(404);
    expect((await dfc.post(`/api/v1/financing-requests/${eximRequest.id}/actions/submit_to_agency`, { version: 1 })).status).toBe(404);
    const eximSees = (await exim.get('/api/v1/financing-requests')).body.items as { id: string; agency: string }[];
    expect(eximSees.map((r) => r.id)).toContain(eximRequest.id);
    expect(eximSees.every((r) => r.agency === 'EXIM')).toBe(true);
    expect((await exim.get(`/api/v1/deals/${dealId}`)).body.requests.map((r: { id: string }) => r.id)).toEqual([eximRequest.id]);
    expect((await exim.get(`/api/v1/financing-requests/${d.body.id}`)).status).toBe(404);
    expect((await (await h().login('finance@exim.example')).get('/api/v1/notifications')).body.items.some((n: { kind: string }) => n.kind === 'financing_referred')).toBe(true);
  });

  it('referral → offer → due diligence → approval; the gate refuses final commitment while a license is submitted', async () => {
    let r = eximRequest;
    const step = async (action: string, body: object = {}) => {
      const res = await exim.post(`/api/v1/financing-requests/${r.id}/actions/${action}`, { version: r.version, ...body });
      if (res.status === 200) r = res.body;
      return res;
    };
    expect((await step('submit_to_agency')).body.state).toBe('submitted_to_agency');
    expect((await step('indicative_offer')).status).toBe(400);
    expect((await step('indicative_offer', { amountUsd: 18_000_000, note: 'Internal: buyer rating B+.' })).body.indicativeUsd).toBe(18_000_000);
    expectProblem(await step('final_commitment', { amountUsd: 18_000_000 }), 409, 'INVALID_TRANSITION');
    await step('due_diligence');
    expect((await step('approve')).body.state).toBe('approval');

    const lic = await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: 'asean-srv', market: 'MY', status: 'submitted', bisApplicationNumber: 'Z1234567' });
    expect(lic.status).toBe(201);
    licenseId = lic.body.id;
    licenseVersion = lic.body.version;
    const refused = await step('final_commitment', { amountUsd: 18_000_000 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LICENSE_GATE');
    expect(refused.body.detail).toContain('asean-srv → MY (submitted, Z1234567)');
    expect(refused.body.blockingLicenses).toHaveLength(1);
    expect((await exim.get(`/api/v1/financing-requests/${r.id}`)).body.state).toBe('approval');

    const approved = await anchor.patch(`/api/v1/licenses/${licenseId}`, { version: licenseVersion, status: 'approved' });
    expect(approved.status).toBe(200);
    const committed = await step('final_commitment', { amountUsd: 18_000_000 });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ state: 'final_commitment', committedUsd: 18_000_000, indicativeUsd: 18_000_000 });
    await step('close');
    expect((await step('disburse', { amountUsd: 20_000_000 })).status).toBe(400);
    expect((await step('disburse', { amountUsd: 6_000_000 })).body.disbursedUsd).toBe(6_000_000);
  });

  it('the applicant sees its deal and the state of its requests, but not the agencies’ internal notes', async () => {
    const deal = (await anchor.get(`/api/v1/deals/${dealId}`)).body;
    expect(deal.requests.map((r: { state: string }) => r.state).sort()).toEqual(['disbursing', 'referred']);
    expect(JSON.stringify(deal)).not.toContain('buyer rating');
    expect(deal.requests.every((r: object) => !('agencyNotes' in r))).toBe(true);
    expect((await exim.get(`/api/v1/financing-requests/${eximRequest.id}`)).body.agencyNotes).toContain('buyer rating B+');
    const outsider = await h().login('anchor@meridian.example');
    expect((await outsider.get(`/api/v1/deals/${dealId}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/deals')).body.items).toEqual([]);
  });

  it('the portfolio separates indicative from committed, scoped to the viewer', async () => {
    // This file's deal in MY: an EXIM request committed ($18M), a DFC request referred.
    const all = (await edag.get('/api/v1/portfolio')).body;
    expect(all.requests.committedUsd).toBe(before.all.requests.committedUsd + 18_000_000);
    expect(all.requests.indicativeUsd).toBe(before.all.requests.indicativeUsd);
    expect(all.requests.byAgency).toEqual({ ...before.all.requests.byAgency, EXIM: before.all.requests.byAgency.EXIM! + 1, DFC: before.all.requests.byAgency.DFC! + 1 });
    expect(all.deals.byCountry).toEqual({ ...before.all.deals.byCountry, MY: 1 });
    expect(all.daysFromDesignationToFirstCommitment.packages).toBe(1);
    const dfcView = (await dfc.get('/api/v1/portfolio')).body;
    expect(dfcView.requests.byAgency).toEqual({ DFC: before.dfc.requests.byAgency.DFC! + 1 });
    expect(dfcView.requests.committedUsd).toBe(before.dfc.requests.committedUsd);
    const csv = await edag.get('/api/v1/portfolio/deals.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.body)).toContain('Malaysian Digital Ministry');
    const pdf = await h().app.inject({ method: 'GET', url: '/api/v1/portfolio.pdf?compress=false', headers: { cookie: edag.cookie } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = extractPdfText(pdf.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('Malaysian Digital Ministry');
    expect(text).toContain('$18,000,000');
  });

  it('imports a new rule set by version, keeping history; a bad one changes nothing', async () => {
    const admin = await h().login('admin@aiep.example');
    const before = (await admin.get('/api/v1/financing/rules')).body.ruleSets.length;
    expect((await admin.post('/api/v1/financing/rules', { version: 'x', effectiveFrom: 'soon', rules: [] })).status).toBe(400);
    const next = {
      version: '2027.1',
      effectiveFrom: '2026-10-01',
      rules: [{ id: 'sba.express_cap', agency: 'SBA', instruments: ['export_express'], title: 'Export Express cap raised', citation: '15 U.S.C. 636(a)(34) (as amended)', severity: 'blocking', require: { fact: 'requestedUsd', op: 'lte', value: 1000000 } }],
    };
    // A valid rule set of a new version: only the EDAG coordinator's role refuses it.
    expectProblem(await edag.post('/api/v1/financing/rules', next), 403, 'FORBIDDEN');
    const res = await admin.post('/api/v1/financing/rules', next);
    expect(res.status).toBe(201);
    expect(res.body.ruleSets).toHaveLength(before + 1);
    const sba = await edag.post(`/api/v1/deals/${dealId}/eligibility`, { agency: 'SBA', instrument: 'export_express', requestedUsd: 600_000 });
    expect(sba.body.ruleSetVersion).toBe('2027.1');
    expect(sba.body.results).toEqual([expect.objectContaining({ ruleId: 'sba.express_cap', outcome: 'pass' })]);
    expectProblem(await admin.post('/api/v1/financing/rules', next), 409, 'RULE_SET_EXISTS');
  });

  it('schedules monitoring reports, surfaces overdue ones and lets the anchor submit them', async () => {
    // Backdate the designation into the quarter three before the clock's, so that exactly three
    // quarters have closed since: that one and the two after it (the current one is still open).
    const now = h().deps.clock.now();
    const quarterBack = (k: number) => {
      const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - k;
      return { year: Math.floor(index / 4), quarter: index % 4 };
    };
    const start = quarterBack(3);
    await h().deps.db.db.updateTable('designated_packages').set({ designated_at: new Date(Date.UTC(start.year, start.quarter * 3, 15)).toISOString() }).where('proposal_id', '=', proposalId).execute();
    const packageReports = async () => (await anchor.get('/api/v1/monitoring')).body.items.filter((r: { proposalId: string; dealId: string | null }) => r.proposalId === proposalId && r.dealId === null);
    // Reading schedules nothing: the worker's scheduled work creates the reports, once, audited.
    expect(await packageReports()).toEqual([]);
    expect((await runScheduledWork(h().deps)).monitoringReportsScheduled).toBeGreaterThanOrEqual(3);
    expect((await runScheduledWork(h().deps)).monitoringReportsScheduled).toBe(0);
    const scheduled = (await (await h().login('program.officer@ita.example')).get(`/api/v1/proposals/${proposalId}/history`)).body.events.filter((e: { action: string }) => e.action === 'monitoring.scheduled');
    expect(scheduled.filter((e: { data: { dealId: string | null } }) => e.data.dealId === null)).toHaveLength(3);
    const reports = await packageReports();
    expect(reports.map((r: { period: string }) => r.period)).toEqual([3, 2, 1].map((k) => `${quarterBack(k).year}-Q${quarterBack(k).quarter + 1}`));
    expect(reports[0].overdue).toBe(true);
    const bad = await anchor.put(`/api/v1/monitoring/${reports[0].id}`, { usContentRecertified: true, securityIncidents: -1, endUseAttested: true });
    expect(bad.status).toBe(400);
    const ok = await anchor.put(`/api/v1/monitoring/${reports[0].id}`, { timeToOperationDays: 120, utilizationPct: 64.5, renewals: 0, privateCapitalMobilizedUsd: 25_000_000, usContentRecertified: true, securityIncidents: 0, endUseAttested: true });
    expect(ok.body).toMatchObject({ overdue: false, metrics: { utilizationPct: 64.5 } });
    expectProblem(await anchor.put(`/api/v1/monitoring/${reports[0].id}`, { usContentRecertified: true, securityIncidents: 0, endUseAttested: true }), 409, 'REPORT_SUBMITTED');
    // The second report is still open: only the plain member's role refuses it.
    expectProblem(await (await h().login('member@kestrel.example')).put(`/api/v1/monitoring/${reports[1].id}`, { usContentRecertified: true, securityIncidents: 0, endUseAttested: true }), 403, 'FORBIDDEN');
    expect((await exim.get('/api/v1/monitoring')).body.items).toEqual([]);
    const again = (await anchor.get('/api/v1/monitoring')).body.items.filter((r: { proposalId: string }) => r.proposalId === proposalId);
    expect(again.filter((r: { dealId: string | null }) => r.dealId === null)).toHaveLength(3);
  });
});

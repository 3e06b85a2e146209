// The notifications of the program's events — a proposal submitted or returned for information, a
// deal's stage moved, a monitoring report due — and the reminders and escalations the scheduled
// work raises once per item as the clock moves: to whom each goes (and to nobody else), and never twice.
import { expect, it } from 'vitest';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { advanceProposal, createProposal, DEFAULT_REVIEWERS, FACTORY_ANCHOR, must, PROGRAM_OFFICER, rubricScores, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, type Client, type Harness } from '../../test/harness.ts';

interface Note {
  kind: string;
  text: string;
  link: string | null;
  read: boolean;
}
const DAY_MS = 86_400_000;
const notes = async (c: Client): Promise<Note[]> => must(await c.get('/api/v1/notifications'), 200, 'notifications').body.items;
const notesOf = async (c: Client, kind: string, link?: string) => (await notes(c)).filter((n) => n.kind === kind && (link === undefined || n.link === link));
const history = async (c: Client, id: string): Promise<{ action: string; data: Record<string, unknown> }[]> => must(await c.get(`/api/v1/proposals/${id}/history`), 200, 'history').body.events;
/** Sets the harness's clock and logs the users in again (a move of days ends the sessions). */
const at = async (h: Harness, iso: string, emails: string[]): Promise<Client[]> => {
  h.deps.clock.set(iso);
  return Promise.all(emails.map((e) => h.login(e)));
};
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const idOf = async (h: Harness, email: string) => (await h.deps.db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
/** Assigns reviewers through the program officer's API: each with a session and its assignment. */
async function assignReviewers(h: Harness, proposalId: string, emails: string[]): Promise<Record<string, { email: string; client: Client; assignmentId: string }>> {
  const po = await session(h, PROGRAM_OFFICER);
  const ids = await Promise.all(emails.map((e) => idOf(h, e)));
  must(await po.post(`/api/v1/proposals/${proposalId}/reviews`, { reviewerIds: ids }), 201, 'assign reviewers');
  const panel = must(await po.get(`/api/v1/proposals/${proposalId}/reviews`), 200, 'review panel').body.assignments as { id: string; reviewer: { id: string } }[];
  const out: Record<string, { email: string; client: Client; assignmentId: string }> = {};
  for (const [i, email] of emails.entries()) out[email] = { email, client: await session(h, email), assignmentId: panel.find((a) => a.reviewer.id === ids[i])!.id };
  return out;
}

describeEachDb('notifications: submission and return for information', (h) => {
  it('a submission and a resubmission reach the program officers; a return for information reaches the consortium’s companies only', async () => {
    const p = await createProposal(h(), 'submitted');
    const po = await session(h(), PROGRAM_OFFICER);
    const link = `/proposals/${p.id}`;
    expect(await notesOf(po, 'proposal_submitted', link)).toMatchObject([{ text: `${p.consortium.name} submitted “${p.title}” (revision 1).`, read: false }]);
    // The consortium does not hear of its own submission; nobody outside the program office does.
    for (const c of [p.anchor, p.member, await session(h(), 'reviewer@state.example'), await session(h(), 'edag@state.example')]) expect(await notesOf(c, 'proposal_submitted', link)).toEqual([]);

    await advanceProposal(h(), p.id, 'returned_for_information', p.anchor);
    const asked = await notesOf(p.member, 'information_requested', link);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toBe(`The program office returned “${p.title}” for more information: Factory: please clarify the operating model.`);
    expect(await notesOf(p.anchor, 'information_requested', link)).toHaveLength(1);
    for (const c of [po, await session(h(), 'anchor@cascade.example'), await session(h(), 'member@merlion.example')]) expect(await notesOf(c, 'information_requested', link)).toEqual([]);

    must(await p.anchor.post(`/api/v1/proposals/${p.id}/submit`, {}), 200, 'resubmit');
    expect((await notesOf(po, 'proposal_submitted', link)).map((n) => n.text)).toContain(`${p.consortium.name} resubmitted “${p.title}” (revision 2).`);
  });

  it('a refused submission notifies nobody', async () => {
    const p = await createProposal(h(), 'draft', { certified: false });
    const po = await session(h(), PROGRAM_OFFICER);
    expect((await p.anchor.post(`/api/v1/proposals/${p.id}/submit`, {})).status).toBe(422);
    // Only the anchor submits: a member company's user is refused, and nothing is sent either.
    expect((await p.member.post(`/api/v1/proposals/${p.id}/submit`, {})).status).toBe(403);
    expect(await notesOf(po, 'proposal_submitted', `/proposals/${p.id}`)).toEqual([]);
  });
});

describeEachDb('escalations: overdue reviews', (h) => {
  it('escalates an overdue review to the program officers once, after REVIEW_ESCALATION_DAYS, audited; not a submitted or conflicted one', async () => {
    const p = await createProposal(h(), 'under_review');
    const panel = await assignReviewers(h(), p.id, DEFAULT_REVIEWERS);
    const [first, second, third] = DEFAULT_REVIEWERS.map((e) => panel[e]!);
    // One reviewer submits, one declares a conflict: only the third review stays outstanding.
    must(await first!.client.post(`/api/v1/reviews/${first!.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, 'no conflict');
    must(await first!.client.put(`/api/v1/reviews/${first!.assignmentId}`, { scores: await rubricScores(h(), 3), comment: 'done', submit: true }), 200, 'submit review');
    must(await second!.client.post(`/api/v1/reviews/${second!.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'I advised a member.' }), 200, 'conflict');
    const dueAt = (await must(await p.po.get(`/api/v1/proposals/${p.id}/reviews`), 200, 'panel').body.assignments[0].dueAt) as string;
    const link = `/proposals/${p.id}`;

    // Overdue, but by less than three days: not yet.
    let [po] = await at(h(), plus(dueAt, 2 * DAY_MS), [PROGRAM_OFFICER]);
    expect((await runScheduledWork(h().deps)).escalations.reviewsEscalated).toBe(0);
    expect(await notesOf(po!, 'review_escalated', link)).toEqual([]);

    [po] = await at(h(), plus(dueAt, 3 * DAY_MS + 60_000), [PROGRAM_OFFICER]);
    expect((await runScheduledWork(h().deps)).escalations.reviewsEscalated).toBe(1);
    expect(await notesOf(po!, 'review_escalated', link)).toMatchObject([{ text: `A review of “${p.title}” is overdue (due ${dueAt.slice(0, 10)}); follow up with the reviewer or assign another.`, read: false }]);
    expect((await runScheduledWork(h().deps)).escalations.reviewsEscalated).toBe(0);
    expect(await notesOf(po!, 'review_escalated', link)).toHaveLength(1);

    // Audited as a system step, for the program office; the consortium and the reviewers do not see it.
    const events = (await history(po!, p.id)).filter((e) => e.action === 'review.escalated');
    expect(events).toMatchObject([{ data: { assignmentId: third!.assignmentId, dueAt, escalationDays: 3, system: true } }]);
    const [anchor, reviewer] = await Promise.all([h().login(FACTORY_ANCHOR.email), h().login(third!.email)]);
    expect((await history(anchor, p.id)).some((e) => e.action === 'review.escalated')).toBe(false);
    // Nobody but the program officers hears of it.
    for (const c of [anchor, reviewer]) expect((await notes(c)).some((n) => n.kind === 'review_escalated')).toBe(false);
  });
});

describeEachDb('escalations: consultations', (h) => {
  it('reminds the consulted agency once before its answer falls due, then escalates the unanswered ones to the program officers once', async () => {
    const p = await createProposal(h(), 'under_review');
    must(await p.po.post(`/api/v1/proposals/${p.id}/consultations`, {}), 201, 'request consultations');
    const consultations = must(await p.po.get(`/api/v1/proposals/${p.id}/consultations`), 200, 'consultations').body.items as { id: string; agency: string; dueAt: string }[];
    const dueAt = consultations[0]!.dueAt;
    const link = `/proposals/${p.id}`;

    // Three days before it falls due: not yet; two days before: each agency's reviewers, once.
    let [state, state2, energy, po] = await at(h(), plus(dueAt, -4 * DAY_MS), ['reviewer@state.example', 'reviewer2@state.example', 'reviewer@energy.example', PROGRAM_OFFICER]);
    await runScheduledWork(h().deps);
    expect(await notesOf(state!, 'consultation_due_soon', link)).toEqual([]);
    [state, state2, energy, po] = await at(h(), plus(dueAt, -2 * DAY_MS), ['reviewer@state.example', 'reviewer2@state.example', 'reviewer@energy.example', PROGRAM_OFFICER]);
    expect((await runScheduledWork(h().deps)).escalations.consultationsReminded).toBeGreaterThanOrEqual(consultations.length);
    for (const c of [state!, state2!, energy!]) expect(await notesOf(c, 'consultation_due_soon', link)).toMatchObject([{ text: `Your agency’s consultation answer is due on ${dueAt.slice(0, 10)}.` }]);
    await runScheduledWork(h().deps);
    expect(await notesOf(state!, 'consultation_due_soon', link)).toHaveLength(1);
    expect(await notesOf(po!, 'consultation_due_soon')).toEqual([]);

    // State answers; the other three stay unanswered past the escalation delay.
    must(await state!.put(`/api/v1/consultations/${consultations.find((c) => c.agency === 'STATE')!.id}`, { position: 'concur', rationale: 'Fine.', conditions: [] }), 200, 'answer');
    [po, energy] = await at(h(), plus(dueAt, 3 * DAY_MS + 60_000), [PROGRAM_OFFICER, 'reviewer@energy.example']);
    await runScheduledWork(h().deps);
    const escalated = await notesOf(po!, 'consultation_escalated', link);
    expect(escalated.map((n) => n.text).sort()).toEqual(['ENERGY', 'OSTP', 'WAR'].map((a) => `The ${a} consultation on “${p.title}” is overdue (due ${dueAt.slice(0, 10)}).`));
    expect((await runScheduledWork(h().deps)).escalations.consultationsEscalated).toBe(0);
    expect(await notesOf(po!, 'consultation_escalated', link)).toHaveLength(3);
    expect(await notesOf(energy!, 'consultation_escalated')).toEqual([]);
    const events = (await history(po!, p.id)).filter((e) => e.action === 'consultation.escalated');
    expect(events.map((e) => e.data.agency).sort()).toEqual(['ENERGY', 'OSTP', 'WAR']);
    // A consulted agency sees its own escalation in the history, not the others'.
    expect((await history(energy!, p.id)).filter((e) => e.action === 'consultation.escalated').map((e) => e.data.agency)).toEqual(['ENERGY']);
  });
});

// A suite of its own: the factories keep one session per user, which the move of the clock ends.
describeEachDb('escalations: consultations of a withdrawn proposal', (h) => {
  it('a consultation of a proposal no longer under review is neither reminded nor escalated', async () => {
    const p = await createProposal(h(), 'under_review', { title: `Withdrawn ${uniqueWord()}` });
    must(await p.po.post(`/api/v1/proposals/${p.id}/consultations`, {}), 201, 'request consultations');
    const dueAt = must(await p.po.get(`/api/v1/proposals/${p.id}/consultations`), 200, 'consultations').body.items[0].dueAt as string;
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'withdraw' }), 200, 'withdraw');
    const [po, state] = await at(h(), plus(dueAt, 10 * DAY_MS), [PROGRAM_OFFICER, 'reviewer@state.example']);
    await runScheduledWork(h().deps);
    expect(await notesOf(po!, 'consultation_escalated', `/proposals/${p.id}`)).toEqual([]);
    expect(await notesOf(state!, 'consultation_due_soon', `/proposals/${p.id}`)).toEqual([]);
  });
});

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

describeEachDb('notifications: deal stages and monitoring reports', (h) => {
  it('a deal’s stage change reaches the consortium and the financing officers of its agencies, not the user who moved it nor other agencies', async () => {
    const edag = await session(h(), 'edag@state.example');
    const cascade = await session(h(), 'anchor@cascade.example');
    const kestrel = await session(h(), 'member@kestrel.example');
    const exim = await session(h(), 'finance@exim.example');
    const dfc = await session(h(), 'finance@dfc.example');
    const northstar = await session(h(), 'anchor@northstar.example');
    const proposalId = ((await cascade.get('/api/v1/proposals')).body.items as { id: string; title: string }[]).find((x) => x.title === ASEAN_TITLE)!.id;
    const deal = must(await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'MY', buyerName: `Buyer ${uniqueWord()}`, buyerType: 'government', valueUsd: 5_000_000, sector: 'government_services' }), 201, 'open deal').body;
    const link = `/deals/${deal.id}`;
    let r = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 3_000_000 }), 201, 'refer').body;
    // The referral moved the deal to qualified by itself: the consortium and EXIM hear of it, the EDAG coordinator who referred does not.
    const moved = `The deal with ${deal.buyerName} (MY) moved from identified to qualified.`;
    for (const c of [cascade, kestrel, exim]) expect(await notesOf(c, 'financing_stage_changed', link)).toMatchObject([{ text: moved }]);
    for (const c of [edag, dfc, northstar]) expect(await notesOf(c, 'financing_stage_changed', link)).toEqual([]);

    // EXIM's own step moves it on: EXIM's officer acted and is not told; the consortium is.
    r = must(await exim.post(`/api/v1/financing-requests/${r.id}/actions/submit_to_agency`, { version: r.version }), 200, 'submit').body;
    must(await exim.post(`/api/v1/financing-requests/${r.id}/actions/indicative_offer`, { version: r.version, amountUsd: 3_000_000 }), 200, 'offer');
    expect((await notesOf(cascade, 'financing_stage_changed', link)).map((n) => n.text)).toContain(`The deal with ${deal.buyerName} (MY) moved from qualified to negotiating.`);
    expect(await notesOf(exim, 'financing_stage_changed', link)).toHaveLength(1);

    // The EDAG coordinator moves it by hand: everyone but the coordinator hears of it.
    const seen = must(await edag.get(`/api/v1/deals/${deal.id}`), 200, 'deal').body;
    must(await edag.post(`/api/v1/deals/${deal.id}/stage`, { stage: 'contract_signed', reason: 'Contract signed.', version: seen.version }), 200, 'move');
    for (const c of [cascade, kestrel, exim]) expect((await notesOf(c, 'financing_stage_changed', link)).at(0)?.text).toBe(`The deal with ${deal.buyerName} (MY) moved from negotiating to contract signed.`);
    expect(await notesOf(edag, 'financing_stage_changed', link)).toEqual([]);
    for (const c of [dfc, northstar]) expect(await notesOf(c, 'financing_stage_changed', link)).toEqual([]);
    // The link works for every recipient, and the deal stays hidden from the others.
    for (const c of [cascade, kestrel, exim]) must(await c.get(`/api/v1/deals/${deal.id}`), 200, 'read deal');
    for (const c of [dfc, northstar]) expect((await c.get(`/api/v1/deals/${deal.id}`)).status).toBe(404);

    // Its first quarter closes: the report is due, and the consortium hears of it with a link to it.
    const now = h().deps.clock.now();
    const quarterEnd = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + 3, 1)).toISOString();
    const [cascade2, kestrel2, northstar2] = await at(h(), plus(quarterEnd, 2 * DAY_MS), ['anchor@cascade.example', 'member@kestrel.example', 'anchor@northstar.example']);
    expect((await runScheduledWork(h().deps)).monitoringReportsScheduled).toBeGreaterThanOrEqual(1);
    const report = ((await cascade2!.get('/api/v1/monitoring')).body.items as { id: string; dealId: string | null; period: string; dueAt: string }[]).find((x) => x.dealId === deal.id)!;
    const due = await notesOf(kestrel2!, 'monitoring_report_due', `/monitoring/${report.id}`);
    expect(due).toMatchObject([{ text: `The ${report.period} monitoring report of “${ASEAN_TITLE}” is due on ${report.dueAt.slice(0, 10)}; the anchor company files it.` }]);
    expect(await notesOf(cascade2!, 'monitoring_report_due', `/monitoring/${report.id}`)).toHaveLength(1);
    expect(await notesOf(northstar2!, 'monitoring_report_due')).toEqual([]);
    must(await kestrel2!.get(`/api/v1/monitoring/${report.id}`), 200, 'the member reads the report');

    // Unfiled seven days past its due date: the EDAG coordinators and EXIM's officers hear of it, once.
    const late = async () => at(h(), plus(report.dueAt, 7 * DAY_MS + 60_000), ['edag@state.example', 'finance@exim.example', 'finance@dfc.example', 'anchor@cascade.example']);
    let [edag3, exim3, dfc3, cascade3] = await at(h(), plus(report.dueAt, 6 * DAY_MS), ['edag@state.example', 'finance@exim.example', 'finance@dfc.example', 'anchor@cascade.example']);
    await runScheduledWork(h().deps);
    expect(await notesOf(edag3!, 'monitoring_report_overdue', `/monitoring/${report.id}`)).toEqual([]);
    [edag3, exim3, dfc3, cascade3] = await late();
    expect((await runScheduledWork(h().deps)).escalations.monitoringReportsEscalated).toBeGreaterThanOrEqual(1);
    const overdue = `The ${report.period} monitoring report of “${ASEAN_TITLE}” is overdue (due ${report.dueAt.slice(0, 10)}).`;
    expect(await notesOf(edag3!, 'monitoring_report_overdue', `/monitoring/${report.id}`)).toMatchObject([{ text: overdue }]);
    // Financing officers do not read monitoring reports: theirs links to the deal they finance.
    expect(await notesOf(exim3!, 'monitoring_report_overdue', link)).toMatchObject([{ text: overdue }]);
    expect(await notesOf(dfc3!, 'monitoring_report_overdue', link)).toEqual([]);
    // (DFC finances another deal of the package: it hears of the package's own report, not of this deal's.)
    expect((await notes(dfc3!)).some((n) => n.link === link)).toBe(false);
    expect((await notes(cascade3!)).some((n) => n.kind === 'monitoring_report_overdue')).toBe(false);
    await runScheduledWork(h().deps);
    expect(await notesOf(edag3!, 'monitoring_report_overdue', `/monitoring/${report.id}`)).toHaveLength(1);
    expect(await notesOf(exim3!, 'monitoring_report_overdue', link)).toHaveLength(1);
    // Audited as a system step; the consortium sees it among its package's monitoring records.
    expect((await history(cascade3!, proposalId)).filter((e) => e.action === 'monitoring.escalated' && e.data.reportId === report.id)).toMatchObject([{ data: { dealId: deal.id, system: true } }]);
  });
});

describeEachDb(
  'escalations: the delay is a setting',
  (h) => {
    it('REVIEW_ESCALATION_DAYS=0 escalates a review as soon as it is overdue', async () => {
      const p = await createProposal(h(), 'under_review');
      await assignReviewers(h(), p.id, ['reviewer@ostp.example']);
      const dueAt = must(await p.po.get(`/api/v1/proposals/${p.id}/reviews`), 200, 'panel').body.assignments[0].dueAt as string;
      const [po] = await at(h(), plus(dueAt, 60_000), [PROGRAM_OFFICER]);
      await runScheduledWork(h().deps);
      expect(await notesOf(po!, 'review_escalated', `/proposals/${p.id}`)).toHaveLength(1);
    });
  },
  { config: { REVIEW_ESCALATION_DAYS: '0' } },
);

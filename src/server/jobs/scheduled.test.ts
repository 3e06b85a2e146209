// Time-based work on a moving clock: what falls due is done by runScheduledWork (the worker), once,
// with audit events — never by a read. Each suite moves its own harness's clock.
import { expect, it } from 'vitest';
import { assignReviewers, createProposal, DEFAULT_REVIEWERS, PROGRAM_OFFICER } from '../test/factories.ts';
import { describeEachDb } from '../test/harness.ts';
import { runScheduledWork } from './scheduled.ts';

const DAY_MS = 86_400_000;

describeEachDb('scheduled work: review reminders', (h) => {
  it('reminds each reviewer once when a review falls due, and again never; reading raises nothing', async () => {
    const p = await createProposal(h(), 'under_review');
    const panel = await assignReviewers(h(), p.id, DEFAULT_REVIEWERS);
    const reviewer = panel['reviewer@state.example']!;

    // Due in 21 days: nothing to remind of yet.
    expect((await runScheduledWork(h().deps)).reviewRemindersRaised).toBe(0);
    h().deps.clock.advance(19 * DAY_MS); // two days before the due date (reminders start three days before)
    const reviewerSession = await h().login(reviewer.email);
    const read = async () =>
      (await reviewerSession.get('/api/v1/notifications')).body.items.filter((n: { link: string; kind: string }) => n.link === `/reviews/${reviewer.assignmentId}` && n.kind !== 'review_assigned');
    expect(await read()).toEqual([]);
    expect((await runScheduledWork(h().deps)).reviewRemindersRaised).toBe(DEFAULT_REVIEWERS.length);
    expect(await read()).toMatchObject([{ kind: 'review_due_soon', read: false }]);
    expect((await runScheduledWork(h().deps)).reviewRemindersRaised).toBe(0);
    expect(await read()).toHaveLength(1);
    // Another reviewer's reminder is not this reviewer's.
    expect((await reviewerSession.get('/api/v1/notifications')).body.items.some((n: { link: string }) => n.link === `/reviews/${panel['reviewer@war.example']!.assignmentId}`)).toBe(false);
  });
});

describeEachDb('scheduled work: designation expiry', (h) => {
  it('a package whose term ended reads as expired at once; the worker records the expiry once, audited', async () => {
    const p = await createProposal(h(), 'designated');
    const po = await h().login(PROGRAM_OFFICER);
    const before = (await po.get(`/api/v1/proposals/${p.id}/package`)).body;
    expect(before.state).toBe('active');

    h().deps.clock.set(new Date(Date.parse(before.expiresAt) + DAY_MS).toISOString());
    const after = await h().login(PROGRAM_OFFICER);
    const read = (await after.get(`/api/v1/proposals/${p.id}/package`)).body;
    expect(read).toMatchObject({ state: 'expired', version: before.version });
    const expiries = async () => (await after.get(`/api/v1/proposals/${p.id}/history`)).body.events.filter((e: { action: string }) => e.action === 'package.expired');
    expect(await expiries()).toEqual([]);

    expect((await runScheduledWork(h().deps)).designationsExpired).toBeGreaterThanOrEqual(1);
    expect((await after.get(`/api/v1/proposals/${p.id}/package`)).body).toMatchObject({ state: 'expired', version: before.version + 1 });
    expect(await expiries()).toMatchObject([{ actor: null, data: { expiresAt: before.expiresAt, system: true } }]);
    expect((await runScheduledWork(h().deps)).designationsExpired).toBe(0);
  });
});

// A suite of its own: the factories keep one session per user, which the move of the clock ends.
describeEachDb('scheduled work: renewal after an unrecorded expiry', (h) => {
  it('renewing a term that ended before the worker ran records the expiry first, then the renewal', async () => {
    const p = await createProposal(h(), 'designated');
    const po = await h().login(PROGRAM_OFFICER);
    const before = (await po.get(`/api/v1/proposals/${p.id}/package`)).body;
    h().deps.clock.set(new Date(Date.parse(before.expiresAt) + 2 * DAY_MS).toISOString());
    const decision = await h().login('decision@ita.example');
    const renewed = await decision.post(`/api/v1/proposals/${p.id}/package/renew`, { reason: 'Renewed for a new term.' });
    expect(renewed.status).toBe(200);
    expect(renewed.body.state).toBe('active');
    expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThan(h().deps.clock.millis());
    const actions = (await decision.get(`/api/v1/proposals/${p.id}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(actions.slice(-2)).toEqual(['package.expired', 'package.renew']);
  });
});

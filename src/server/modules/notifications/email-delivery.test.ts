// Every notification kind, end to end by e-mail: the real event (or, for the few whose event needs
// machinery beyond this suite — screening lists and alerts, onboarding, a license at its end —
// notify() itself), the outbox, the send job, a real SMTP conversation with the test sink. Each
// e-mail goes to the right person, names the event, links absolutely to the page to act on, and
// carries no business-confidential information: the proposal's title, its package, a note, a
// company's facts and every notification's text are seeded with a marker no e-mail may contain.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/labels.ts';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { inTransaction } from '../../lib/transaction.ts';
import { answerEligibility, DEFAULT_ANSWERERS, FACTORY_ANCHOR, FACTORY_MEMBER, factoryPackage, must, PROGRAM_OFFICER, rubricScores, session, uniqueWord } from '../../test/factories.ts';
import { signUpBuyer } from '../../test/buyer-factories.ts';
import { describeEachDb, inject, type Harness } from '../../test/harness.ts';
import { deliverQueuedMail, startSmtpSink, useSmtpSink, type SmtpSink } from '../../test/smtp-sink.ts';
import { TEMPLATES } from '../mail/mail.templates.ts';
import { notify } from './notifications.service.ts';

const BASE = 'https://aiep.mail-test.example';
const MARKER = 'BCI-MARKER-7Q4Z';
const DAY_MS = 86_400_000;
const CONFIG = { PUBLIC_BASE_URL: BASE, MAIL_FROM: 'AIEP <noreply@aiep.mail-test.example>' };
const PO = PROGRAM_OFFICER;
const EDAG = 'edag@state.example';
const EXIM = 'finance@exim.example';
const DECISION = 'decision@ita.example';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const userId = async (h: Harness, email: string) => (await h.deps.db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
/** The first sentence of the kind's e-mail, without its date. */
const leadOf = (kind: NotificationKind) => TEMPLATES[kind].lead({}).replace(/\.$/, '');

describeEachDb(
  'e-mail of every notification kind',
  (h) => {
    let sink: SmtpSink;
    const covered = new Set<NotificationKind>();
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      sink = await startSmtpSink();
      useSmtpSink(h().deps, sink);
      // The demo's own notifications went out with the demo: only this suite's count below.
      await deliverQueuedMail(h().deps);
      sink.clear();
    });
    afterAll(async () => {
      await sink?.close();
    });

    /** Runs the send jobs and finds the e-mail of `kind` to `email` linking to `path`; checks its subject, words and links. */
    async function expectMail(kind: NotificationKind, email: string, path: string) {
      await deliverQueuedMail(h().deps);
      const url = `${BASE}${path}`;
      const label = NOTIFICATION_KIND_LABELS[kind];
      const m = await sink.waitForMail((x) => x.to.includes(email) && x.subject.startsWith(label) && x.text.includes(url), 5_000);
      expect(m.envelope.to).toEqual([email]);
      expect(m.subject).toBe(`${label} — American AI Exports Program`);
      expect(m.text).toContain(leadOf(kind));
      expect(m.html).toContain(`href="${url.replaceAll('&', '&amp;')}"`);
      // The only links are absolute, to this site.
      expect(m.html).not.toMatch(/href="(?!https:\/\/aiep\.mail-test\.example\/)/);
      covered.add(kind);
      return m;
    }
    /** No e-mail of `kind` reached `email` (after running the send jobs). */
    async function expectNoMail(kind: NotificationKind, email: string) {
      await deliverQueuedMail(h().deps);
      expect(sink.messages.filter((x) => x.to.includes(email) && x.subject.startsWith(NOTIFICATION_KIND_LABELS[kind]))).toEqual([]);
    }

    it('consortium, proposal, submission and return for information', async () => {
      const anchor = await session(h(), FACTORY_ANCHOR.email);
      const member = await session(h(), FACTORY_MEMBER.email);
      const po = await session(h(), PO);
      const c = must(await anchor.post('/api/v1/consortia', { name: `Mail consortium ${uniqueWord()}`, layerRoles: ['infrastructure', 'model', 'security'] }), 201, 'consortium').body;
      ids.consortium = c.id;
      must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: FACTORY_MEMBER.orgId, layerRoles: ['data', 'application'] }), 201, 'invite');
      await expectMail('consortium_invitation', FACTORY_MEMBER.email, `/consortia/${c.id}`);
      must(await member.post(`/api/v1/consortia/${c.id}/invitation/accept`), 200, 'accept');
      await expectMail('invitation_answered', FACTORY_ANCHOR.email, `/consortia/${c.id}`);

      const pkg = factoryPackage();
      for (const comp of pkg.components) comp.description = `${MARKER} unit price and margin`;
      const p = must(await anchor.post('/api/v1/proposals', { consortiumId: c.id, title: `Project ${MARKER}`, summary: `Revenue plan ${MARKER}`, package: pkg }), 201, 'proposal').body;
      ids.proposal = p.id;
      await expectMail('certification_requested', FACTORY_MEMBER.email, `/proposals/${p.id}`);
      for (const who of [anchor, member]) must(await who.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] }), 200, 'certify');
      must(await anchor.post(`/api/v1/proposals/${p.id}/submit`, {}), 200, 'submit');
      await expectMail('proposal_submitted', PO, `/proposals/${p.id}`);
      must(await po.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'start_eligibility' }), 200, 'eligibility');
      must(await po.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'return_for_information', note: `Explain ${MARKER}` }), 200, 'return');
      await expectMail('information_requested', FACTORY_MEMBER.email, `/proposals/${p.id}`);
      await expectMail('information_requested', FACTORY_ANCHOR.email, `/proposals/${p.id}`);
      // The program office, which asked, gets none.
      await expectNoMail('information_requested', PO);
      must(await anchor.post(`/api/v1/proposals/${p.id}/submit`, {}), 200, 'resubmit');
      must(await po.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'start_eligibility' }), 200, 'eligibility again');
      await answerEligibility(po, p.id);
      must(await po.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'start_review' }), 200, 'start review');
    });

    it('review, consultations, member facts, recommendation and decision', async () => {
      const p = ids.proposal!;
      const po = await session(h(), PO);
      const reviewers = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example', 'reviewer2@state.example'];
      const reviewerIds = await Promise.all(reviewers.map((e) => userId(h(), e)));
      must(await po.post(`/api/v1/proposals/${p}/reviews`, { reviewerIds }), 201, 'assign');
      const panel = must(await po.get(`/api/v1/proposals/${p}/reviews`), 200, 'panel').body.assignments as { id: string; reviewer: { id: string } }[];
      const assignmentOf = (i: number) => panel.find((a) => a.reviewer.id === reviewerIds[i])!.id;
      await expectMail('review_assigned', reviewers[0]!, `/reviews/${assignmentOf(0)}`);
      const conflicted = await session(h(), reviewers[3]!);
      must(await conflicted.post(`/api/v1/reviews/${assignmentOf(3)}/conflict-of-interest`, { conflict: true, statement: `Advised on ${MARKER}` }), 200, 'conflict');
      await expectMail('reviewer_conflicted', PO, `/proposals/${p}`);
      for (const i of [0, 1, 2]) {
        const r = await session(h(), reviewers[i]!);
        must(await r.post(`/api/v1/reviews/${assignmentOf(i)}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, 'no conflict');
        must(await r.put(`/api/v1/reviews/${assignmentOf(i)}`, { scores: await rubricScores(h(), 4, () => `good ${MARKER}`), comment: `fine ${MARKER}`, submit: true }), 200, 'review');
      }

      must(await po.post(`/api/v1/proposals/${p}/consultations`, {}), 201, 'consult');
      const consultations = must(await po.get(`/api/v1/proposals/${p}/consultations`), 200, 'consultations').body.items as { id: string; agency: string }[];
      await expectMail('consultation_requested', 'reviewer@state.example', `/proposals/${p}`);
      await expectMail('consultation_requested', 'reviewer@ostp.example', `/proposals/${p}`);
      for (const c of consultations) {
        const who = await session(h(), DEFAULT_ANSWERERS[c.agency]!);
        must(await who.put(`/api/v1/consultations/${c.id}`, { position: 'concur', rationale: `No objection ${MARKER}`, conditions: [] }), 200, 'answer');
      }
      const state = consultations.find((c) => c.agency === 'STATE')!;
      const revision = must(await (await session(h(), 'reviewer@state.example')).get(`/api/v1/consultations/${state.id}`), 200, 'consultation').body;
      must(await (await session(h(), 'reviewer@state.example')).post(`/api/v1/consultations/${state.id}/revisions`, { position: 'no_comment', rationale: `Changed ${MARKER}`, reason: `Because ${MARKER}`, version: revision.version }), 201, 'revise');
      await expectMail('consultation_revised', PO, `/proposals/${p}`);

      // A member company's facts change while its proposal is under review: the program office is told, without the facts.
      const member = await session(h(), FACTORY_MEMBER.email);
      const org = must(await member.get(`/api/v1/organizations/${FACTORY_MEMBER.orgId}`), 200, 'organization').body;
      const { name, countryOfIncorporation, principalPlaceOfBusiness, owners, smallBusiness } = org;
      must(
        await member.put(`/api/v1/organizations/${FACTORY_MEMBER.orgId}`, { version: org.version, organization: { name, countryOfIncorporation, principalPlaceOfBusiness, owners, smallBusiness, ultimateParent: { name: `Holding ${MARKER}`, country: 'AR' } } }),
        200,
        'member facts',
      );
      await expectMail('member_facts_changed', PO, `/proposals/${p}`);

      must(await po.post(`/api/v1/proposals/${p}/recommendation`, { recommendation: 'designate', rationale: `Strong ${MARKER}` }), 200, 'recommend');
      must(await po.post(`/api/v1/proposals/${p}/transitions`, { action: 'send_to_decision' }), 200, 'to decision');
      const { syncAndScreen } = await import('../screening/screening.parties.ts');
      await syncAndScreen(h().deps);
      const decision = await session(h(), DECISION);
      must(
        await decision.post(`/api/v1/proposals/${p}/decision`, {
          decision: 'designated',
          nationalInterestDetermination: `Advances ${MARKER}`,
          conditions: ['Annual report'],
          termMonths: 24,
          publicDescription: 'Precision agriculture AI for cooperatives.',
          sectors: ['agriculture'],
        }),
        200,
        'designate',
      );
      await expectMail('decision', FACTORY_ANCHOR.email, `/proposals/${p}`);
    });

    it('the designated package: amendment, buyer interest, a deal, its financing and its stage', async () => {
      const p = ids.proposal!;
      const anchor = await session(h(), FACTORY_ANCHOR.email);
      const po = await session(h(), PO);
      const pkgUrl = `/api/v1/proposals/${p}/package`;
      const amend = must(await anchor.post(`${pkgUrl}/amendments`, { kinds: ['markets'], description: `Add Uruguay ${MARKER}` }), 201, 'amend').body;
      await expectMail('amendment_requested', PO, `/proposals/${p}`);
      must(await po.post(`${pkgUrl}/amendments/${amend.amendments[0].id}/decision`, { approve: true, note: `Fine ${MARKER}` }), 200, 'decide amendment');
      await expectMail('amendment_decided', FACTORY_ANCHOR.email, `/proposals/${p}`);

      const anon = inject(h().app, '', '');
      must(
        await anon.post(`/api/v1/public/catalog/${p}/interest`, { buyerName: `Ministry ${MARKER}`, buyerKind: 'government', country: 'AR', contactEmail: 'buyer@ministry.example', requirements: { scale: `big ${MARKER}` } }),
        201,
        'interest',
      );
      await expectMail('buyer_interest', PO, '/');
      await expectMail('buyer_interest', FACTORY_ANCHOR.email, `/proposals/${p}`);

      // A foreign buyer registers interest from its workspace; the program office moves the record on.
      const buyer = await signUpBuyer(h(), { name: `Ministry of Digital Affairs ${uniqueWord('mail')}`, country: 'AR' });
      const interest = must(await buyer.client.post('/api/v1/buyer/interests', { proposalId: p, message: `Demo please ${MARKER}`, consentToShare: true }), 201, 'workspace interest').body;
      must(await po.post(`/api/v1/buyer-interests/${interest.id}/status`, { status: 'forwarded', note: `Forwarded ${MARKER}`, version: 1 }), 200, 'move the interest record');
      await expectMail('buyer_interest_status', buyer.email, `/buyer/interests/${interest.id}`);

      const edag = await session(h(), EDAG);
      const deal = must(await edag.post(`/api/v1/proposals/${p}/deals`, { country: 'AR', buyerName: `Buyer ${MARKER}`, buyerType: 'government', valueUsd: 9_000_000, sector: 'agriculture' }), 201, 'deal').body;
      ids.deal = deal.id;
      must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 4_000_000 }), 201, 'refer');
      await expectMail('financing_referred', EXIM, `/deals/${deal.id}`);
      await expectMail('financing_stage_changed', FACTORY_ANCHOR.email, `/deals/${deal.id}`);
      await expectMail('financing_stage_changed', EXIM, `/deals/${deal.id}`);
      await expectNoMail('financing_stage_changed', EDAG);
      const seen = must(await edag.get(`/api/v1/deals/${deal.id}`), 200, 'deal').body;
      must(await edag.post(`/api/v1/deals/${deal.id}/stage`, { stage: 'contract_signed', reason: `Signed ${MARKER}`, version: seen.version }), 200, 'move');
    });

    it('the clock moves: reminders, escalations and monitoring reports', async () => {
      // A second proposal under review, with its reviews and consultations outstanding.
      const anchor = await session(h(), FACTORY_ANCHOR.email);
      const member = await session(h(), FACTORY_MEMBER.email);
      const po = await session(h(), PO);
      const pkg = factoryPackage();
      const p2 = must(await anchor.post('/api/v1/proposals', { consortiumId: ids.consortium, title: `Second ${MARKER}`, summary: `s ${MARKER}`, package: pkg }), 201, 'proposal 2').body.id as string;
      for (const who of [anchor, member]) must(await who.post(`/api/v1/proposals/${p2}/certifications`, { kinds: ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] }), 200, 'certify');
      must(await anchor.post(`/api/v1/proposals/${p2}/submit`, {}), 200, 'submit');
      must(await po.post(`/api/v1/proposals/${p2}/transitions`, { action: 'start_eligibility' }), 200, 'eligibility');
      await answerEligibility(po, p2);
      must(await po.post(`/api/v1/proposals/${p2}/transitions`, { action: 'start_review' }), 200, 'review');
      const [stateId, warId] = await Promise.all([userId(h(), 'reviewer@state.example'), userId(h(), 'reviewer@war.example')]);
      must(await po.post(`/api/v1/proposals/${p2}/reviews`, { reviewerIds: [stateId] }), 201, 'assign state');
      const panel1 = must(await po.get(`/api/v1/proposals/${p2}/reviews`), 200, 'panel').body.assignments as { id: string; dueAt: string; reviewer: { id: string } }[];
      const stateAssignment = panel1.find((a) => a.reviewer.id === stateId)!;
      const due = stateAssignment.dueAt;
      // War's review falls due five days earlier: overdue when State's is due soon.
      must(await po.post(`/api/v1/proposals/${p2}/reviews`, { reviewerIds: [warId], dueAt: plus(due, -5 * DAY_MS) }), 201, 'assign war');
      const warAssignment = (must(await po.get(`/api/v1/proposals/${p2}/reviews`), 200, 'panel').body.assignments as { id: string; reviewer: { id: string } }[]).find((a) => a.reviewer.id === warId)!;
      must(await po.post(`/api/v1/proposals/${p2}/consultations`, { dueAt: due }), 201, 'consult');

      h().deps.clock.set(plus(due, -2 * DAY_MS));
      await runScheduledWork(h().deps);
      await expectMail('review_due_soon', 'reviewer@state.example', `/reviews/${stateAssignment.id}`);
      await expectMail('review_overdue', 'reviewer@war.example', `/reviews/${warAssignment.id}`);
      await expectMail('consultation_due_soon', 'reviewer@energy.example', `/proposals/${p2}`);

      h().deps.clock.set(plus(due, 4 * DAY_MS));
      await runScheduledWork(h().deps);
      await expectMail('review_escalated', PO, `/proposals/${p2}`);
      await expectMail('consultation_escalated', PO, `/proposals/${p2}`);

      // The deal's first quarter closes: its report is due; unfiled a week past its due date, it is escalated.
      const created = Date.parse((await h().deps.db.db.selectFrom('deals').select('created_at').where('id', '=', ids.deal!).executeTakeFirstOrThrow()).created_at);
      const c = new Date(created);
      const quarterEnd = new Date(Date.UTC(c.getUTCFullYear(), Math.floor(c.getUTCMonth() / 3) * 3 + 3, 1)).toISOString();
      h().deps.clock.set(new Date(Math.max(Date.parse(quarterEnd) + 2 * DAY_MS, h().deps.clock.millis() + 60_000)).toISOString());
      await runScheduledWork(h().deps);
      const report = await h().deps.db.db.selectFrom('monitoring_reports').select(['id', 'due_at']).where('deal_id', '=', ids.deal!).orderBy('due_at').executeTakeFirstOrThrow();
      await expectMail('monitoring_report_due', FACTORY_ANCHOR.email, `/monitoring/${report.id}`);
      h().deps.clock.set(new Date(Math.max(Date.parse(report.due_at) + 8 * DAY_MS, h().deps.clock.millis() + 60_000)).toISOString());
      await runScheduledWork(h().deps);
      await expectMail('monitoring_report_overdue', EDAG, `/monitoring/${report.id}`);
      await expectMail('monitoring_report_overdue', EXIM, `/deals/${ids.deal}`);
    });

    it('kinds whose event this suite does not stage: through notify(), with the marker in their text', async () => {
      const uid = (email: string) => h().deps.db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow().then((r) => r.id);
      const analyst = await uid('screening.analyst@ita.example');
      const anchor = await uid(FACTORY_ANCHOR.email);
      const admin = await uid('admin@aiep.example');
      const po = await uid(PO);
      const staged: [NotificationKind, string, string, string][] = [
        ['screening_alert', analyst, 'screening.analyst@ita.example', '/screening?tab=alerts&alert=a-1'],
        ['screening_clearance', analyst, 'screening.analyst@ita.example', '/screening?tab=alerts&alert=a-2'],
        ['screening_contest', analyst, 'screening.analyst@ita.example', '/screening?tab=alerts&alert=a-3'],
        ['screening_list_stale', admin, 'admin@aiep.example', '/screening?tab=lists'],
        ['license_expiring', anchor, FACTORY_ANCHOR.email, `/proposals/${ids.proposal}/compliance`],
        ['organization_registered', admin, 'admin@aiep.example', '/users'],
      ];
      await inTransaction(h().deps, async (tx) => {
        for (const [kind, user, , link] of staged) await notify(tx, [user], kind, `${kind}: ${MARKER} party, revenue $9,876,543`, link);
        // In the app only: never e-mailed.
        await notify(tx, [po], 'mail_failed', `mail_failed ${MARKER}`, '/admin/mail');
      });
      for (const [kind, , email, link] of staged) await expectMail(kind, email, link);
      expect(sink.messages.some((m) => m.subject.startsWith(NOTIFICATION_KIND_LABELS.mail_failed))).toBe(false);
    });

    it('every kind was e-mailed, and no e-mail carries business-confidential information', () => {
      expect(NOTIFICATION_KINDS.filter((k) => k !== 'mail_failed' && !covered.has(k))).toEqual([]);
      expect(sink.messages.length).toBeGreaterThanOrEqual(covered.size);
      for (const m of sink.messages) {
        expect(m.raw).not.toContain(MARKER);
        expect(m.text).not.toContain(MARKER);
        expect(m.html).not.toContain(MARKER);
        expect(m.subject).not.toContain(MARKER);
        expect(m.raw).not.toContain('9,876,543');
      }
    });
  },
  { config: CONFIG },
);

// The access log page: entries in words, filters that go to the URL and to the API, pages newest
// first; the audit chain's verification in sentences (intact, or where it breaks); only for
// auditors and administrators.
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { AccessLogPage } from '../../../shared/contracts/access-log.ts';
import { AuditVerification } from '../../../shared/contracts/audit.ts';
import { UserListResponse } from '../../../shared/contracts/users.ts';
import { ok } from '../../test/api-stub.ts';
import { users as sessions } from '../../test/recorded.ts';
import { renderApp } from '../../test/render.tsx';
import { verificationInWords } from '../audit/AuditChainPanel.tsx';
import { admin, auditor } from '../users/fixtures.ts';

const people = UserListResponse.parse({
  items: [
    { id: 'u-anchor', email: 'anchor@cascade.example', name: 'Harper Quinn', roles: ['anchor_member'], orgId: 'org-cascade', orgName: 'Cascade Cloud Systems Inc.', orgKind: 'company', disabled: false, lockedUntil: null, lastSignInAt: null },
  ],
});
const entry = { id: 1, at: '2026-11-16T11:00:00.000Z', userId: 'u-anchor', userEmail: 'anchor@cascade.example', apiKeyId: null, auth: 'session', method: 'GET', route: '/api/v1/proposals/:id/manifest', entityType: 'proposal', entityId: 'p-asean', status: 200, ip: '10.0.0.7' };
const first = AccessLogPage.parse({
  items: [entry, { ...entry, id: 2, userId: null, userEmail: null, auth: 'none', route: '/api/v1/proposals/:id/history', status: 401, ip: null }],
  nextCursor: 'c-older',
});
const older = AccessLogPage.parse({ items: [{ ...entry, id: 3, route: '/api/v1/organizations/:id', entityType: 'organization', entityId: 'org-kestrel', status: 403 }], nextCursor: null });
const intact = AuditVerification.parse({ ok: true, verifiedAt: '2026-11-16T12:00:00.000Z', checked: 1234, unkeyed: 0, checkpoints: 2, firstBroken: null, checkpoint: null });

it('shows the entries in words, filters through the URL, and pages to older entries', async () => {
  const { user, router } = renderApp(auditor, '/access-log', {
    'GET /api/v1/users': ok(people),
    'GET /api/v1/access-log?limit=50': ok(first),
    'GET /api/v1/access-log?limit=50&cursor=c-older': ok(older),
    'GET /api/v1/access-log?userId=u-anchor&entityType=proposal&from=2026-11-01&limit=50': ok({ items: [entry], nextCursor: null }),
  });
  const table = await screen.findByRole('table', { name: 'Access log' });
  const rows = within(table).getAllByRole('row').slice(1).map((r) => r.textContent);
  expect(rows[0]).toMatch(/anchor@cascade\.example.*Signed in.*Proposal manifest export.*p-asean.*Read.*10\.0\.0\.7/);
  expect(rows[1]).toMatch(/Nobody signed in.*Not signed in.*Proposal history.*Refused: not signed in/);

  await user.click(screen.getByRole('button', { name: 'Older' }));
  const log = () => within(screen.getByRole('table', { name: 'Access log' }));
  await waitFor(() => expect(log().getByText('Company or agency (ownership)')).toBeTruthy());
  expect(log().getByText('Refused: not permitted')).toBeTruthy();
  expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Older' }).disabled).toBe(true);
  await user.click(screen.getByRole('button', { name: 'Newer' }));
  await waitFor(() => expect(log().getByText('Proposal manifest export')).toBeTruthy());

  const filters = within(screen.getByRole('search', { name: 'Filter the access log' }));
  await waitFor(() => expect(filters.getAllByRole('option', { name: /Harper Quinn/ })).toHaveLength(1));
  await user.selectOptions(filters.getByLabelText('User'), 'u-anchor');
  await user.selectOptions(filters.getByLabelText('Kind of record'), 'proposal');
  await user.type(filters.getByLabelText('From'), '2026-11-01');
  await user.click(filters.getByRole('button', { name: 'Show' }));
  await waitFor(() => expect(router.state.location.search).toEqual({ userId: 'u-anchor', entityType: 'proposal', from: '2026-11-01' }));
  await waitFor(() => expect(within(screen.getByRole('table', { name: 'Access log' })).getAllByRole('row')).toHaveLength(2));
});

it('refuses a period that ends before it starts, before asking', async () => {
  const { user, router } = renderApp(admin, '/access-log', { 'GET /api/v1/users': ok(people), 'GET /api/v1/access-log?limit=50': ok(first) });
  const filters = within(await screen.findByRole('search', { name: 'Filter the access log' }));
  await user.type(filters.getByLabelText('From'), '2026-11-17');
  await user.type(filters.getByLabelText('To'), '2026-11-16');
  expect(filters.getByText('The period ends before it starts.')).toBeTruthy();
  expect(filters.getByRole<HTMLButtonElement>('button', { name: 'Show' }).disabled).toBe(true);
  expect(router.state.location.search).toEqual({});
});

it('verifies the audit chain on demand and says the result in words', async () => {
  const { user, api } = renderApp(auditor, '/access-log', { 'GET /api/v1/users': ok(people), 'GET /api/v1/access-log?limit=50': ok(first), 'GET /api/v1/audit/verification': ok(intact) });
  const panel = await screen.findByRole('region', { name: 'Audit chain' });
  expect(api.calls('GET /api/v1/audit/verification')).toHaveLength(0);
  await user.click(within(panel).getByRole('button', { name: 'Verify the audit chain' }));
  await within(panel).findByText('The audit chain is intact: 1,234 events verified.');
  expect(within(panel).getByText('All 2 signed checkpoints kept outside the database match it.')).toBeTruthy();
});

it('says where the chain breaks, and which checkpoint no longer matches', () => {
  const broken = AuditVerification.parse({ ...intact, ok: false, checked: 41, firstBroken: { seq: 42, id: 'e42', position: 42, problem: 'altered' } });
  expect(verificationInWords(broken)).toEqual({
    ok: false,
    lines: ['The audit chain breaks at event #42, the 42nd of the chain: its content was changed after it was written.', 'The 41 events before it verify.'],
  });
  const truncated = AuditVerification.parse({ ...intact, ok: false, checked: 90, checkpoint: { line: 3, at: null, count: 100, problem: 'truncated' } });
  expect(verificationInWords(truncated).lines).toEqual(['Checkpoint 3 (recording 100 events) recorded more events than the chain now holds: the most recent events were removed.']);
  expect(verificationInWords({ ...intact, checkpoints: 0, unkeyed: 3 }).lines).toEqual([
    'The audit chain is intact: 1,234 events verified (3 of them from before the chain was keyed).',
    'No checkpoint has been written yet, so the removal of the most recent events could not be detected.',
  ]);
});

it('another role is told the page is not theirs', async () => {
  renderApp(sessions.programOfficer, '/access-log', {});
  await screen.findByText('The access log is for auditors and administrators.');
  expect(screen.queryByRole('region', { name: 'Audit chain' })).toBeNull();
});

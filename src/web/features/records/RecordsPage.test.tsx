// The Records page: retention classes, a disposal report that deletes nothing until approved (after
// a confirmation), legal holds; auditors read without the buttons; others are told it is not theirs.
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { DisposalRunList, DisposalRunSchema, LegalHoldList, RetentionClassList } from '../../../shared/contracts/records.ts';
import { ok } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { admin, auditor } from '../users/fixtures.ts';
import { SessionUserSchema } from '../../../shared/contracts/auth.ts';

const classes = RetentionClassList.parse({
  items: [
    { recordClass: 'proposal_withdrawn', label: 'Proposals withdrawn', retentionDays: 2190, setting: 'RETENTION_PROPOSAL_WITHDRAWN_DAYS', from: 'the withdrawal', handledBy: 'disposal_run' },
    { recordClass: 'access_log', label: 'Access log', retentionDays: 400, setting: 'ACCESS_LOG_RETENTION_DAYS', from: 'the entry', handledBy: 'scheduled_pruning' },
  ],
});
const reported = DisposalRunSchema.parse({
  id: 'run-1',
  recordClass: 'proposal_withdrawn',
  status: 'reported',
  retentionDays: 2190,
  cutoff: '2020-11-16T12:00:00.000Z',
  itemCount: 1,
  items: [{ id: 'p-old', label: 'Old withdrawn proposal' }],
  kept: [{ id: 'p-held', label: 'Held proposal', reason: 'legal hold' }],
  result: null,
  reportedBy: 'Avery Admin',
  reportedAt: '2026-11-16T12:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  version: 1,
});
const disposed = { ...reported, status: 'disposed', result: { disposed: 1, skipped: [] }, decidedBy: 'Avery Admin', decidedAt: '2026-11-16T12:05:00.000Z', version: 2 };
const holds = LegalHoldList.parse({
  items: [{ id: 'h1', entityType: 'proposal', entityId: 'p-held', reason: 'Litigation hold', placedBy: 'Avery Admin', placedAt: '2026-11-01T09:00:00.000Z', releasedBy: null, releasedAt: null, releaseReason: null }],
});

it('reports, then disposes only after the administrator confirms the approval', async () => {
  const { user, api } = renderApp(admin, '/records', {
    'GET /api/v1/records/retention-classes': ok(classes),
    'GET /api/v1/records/disposal-runs': [ok(DisposalRunList.parse({ items: [] })), ok({ items: [reported] }), ok({ items: [disposed] })],
    'POST /api/v1/records/disposal-runs': ok(reported, 201),
    'POST /api/v1/records/disposal-runs/run-1/approve': ok(disposed),
    'GET /api/v1/records/legal-holds': ok(holds),
  });
  const table = await screen.findByRole('table', { name: 'Retention classes' });
  expect(within(table).getByText('RETENTION_PROPOSAL_WITHDRAWN_DAYS')).toBeTruthy();
  expect(within(table).getByText('Scheduled pruning')).toBeTruthy();

  const form = within(screen.getByRole('form', { name: 'Run a disposal report' }));
  await user.selectOptions(form.getByLabelText('Record class'), 'proposal_withdrawn');
  await user.click(form.getByRole('button', { name: 'Run disposal report' }));
  await waitFor(() => expect(api.calls('POST /api/v1/records/disposal-runs')).toHaveLength(1));
  expect(api.calls('POST /api/v1/records/disposal-runs')[0]!.body).toEqual({ recordClass: 'proposal_withdrawn' });

  const approve = await screen.findByRole('button', { name: 'Approve disposal' });
  expect(screen.getByText(/Kept: Held proposal/)).toBeTruthy();
  await user.click(approve);
  const dialog = await screen.findByRole('alertdialog');
  await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
  expect(api.calls('POST /api/v1/records/disposal-runs/run-1/approve')).toHaveLength(0);

  await user.click(screen.getByRole('button', { name: 'Approve disposal' }));
  await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Dispose' }));
  await waitFor(() => expect(api.calls('POST /api/v1/records/disposal-runs/run-1/approve')).toHaveLength(1));
  expect(api.calls('POST /api/v1/records/disposal-runs/run-1/approve')[0]!.body).toEqual({ version: 1 });
  await screen.findByText(/1 disposed of/);
  expect(screen.getByRole('table', { name: 'Legal holds' }).textContent).toContain('Litigation hold');
});

it('shows auditors the runs and holds without the buttons', async () => {
  renderApp(auditor, '/records', {
    'GET /api/v1/records/retention-classes': ok(classes),
    'GET /api/v1/records/disposal-runs': ok({ items: [reported] }),
    'GET /api/v1/records/legal-holds': ok(holds),
  });
  await screen.findByText(/Kept: Held proposal/);
  expect(screen.queryByRole('button', { name: 'Approve disposal' })).toBeNull();
  expect(screen.queryByRole('form', { name: 'Run a disposal report' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Release' })).toBeNull();
});

it('tells other users that records management is not theirs, without asking the API', async () => {
  const officer = SessionUserSchema.parse({ ...admin, id: 'u-po', email: 'program.officer@ita.example', roles: ['program_officer'] });
  const { api } = renderApp(officer, '/records');
  await screen.findByText('Records management is for administrators and auditors.');
  expect(api.requests.filter((r) => r.path.startsWith('/api/v1/records'))).toEqual([]);
});

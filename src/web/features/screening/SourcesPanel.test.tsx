// The Sources panel of the Lists tab: each source's address, schedule, last check, validators, data
// age and stale badge, the notice about the shipped 2022 snapshot; an administrator enables, edits
// and refreshes a source, a reader has no control. Answers are parsed with the contract's schema.
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { ListSourcesResponse } from '../../../shared/contracts/list-sources.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { SourcesPanel } from './SourcesPanel.tsx';

const base = {
  format: 'csl',
  intervalMinutes: 60,
  maxAgeHours: 48,
  enabledByEnvironment: false,
  autoActivate: true,
  lastGoodVersionId: null,
  nextCheckAt: null,
};
const csl = {
  ...base,
  list: 'csl',
  title: 'Consolidated Screening List (trade.gov)',
  url: 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv',
  enabled: true,
  validators: { etag: '"abc123"', lastModified: 'Mon, 16 Nov 2026 11:00:00 GMT' },
  lastCheckedAt: '2026-11-16T11:00:00.000Z',
  lastStatus: 'failed',
  lastError: 'DOWNLOAD_STATUS: the server answered 503',
  lastSuccessAt: null,
  nextCheckAt: '2026-11-16T12:00:00.000Z',
  activeVersion: { id: 'v1', fileName: 'csl-2022-05-bis-state.csv', entryCount: 3625, activatedAt: '2026-11-16T10:00:00.000Z', shippedSnapshot: true },
  dataAsOf: '2022-05-06T00:00:00.000Z',
  ageHours: 39000,
  stale: true,
};
const un = {
  ...base,
  list: 'un',
  title: 'UN Security Council Consolidated List',
  url: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
  format: 'un',
  enabled: false,
  validators: { etag: null, lastModified: null },
  lastCheckedAt: null,
  lastStatus: null,
  lastError: null,
  lastSuccessAt: null,
  activeVersion: null,
  dataAsOf: null,
  ageHours: null,
  stale: false,
};
const answer = ListSourcesResponse.parse({ items: [csl, un], stale: true, shippedSnapshotActive: true, notice: 'The active Consolidated Screening List is the snapshot of May 2022 shipped with aiep.' });
const row = (name: RegExp) => screen.getByRole('rowheader', { name }).closest('tr')!;

it('shows each source with its last check, validators, age and stale badge; a reader has no control', async () => {
  stubApi({ 'GET /api/v1/lists/sources': ok(answer) });
  renderAs(users.programOfficer, <SourcesPanel canManage={false} />);
  await screen.findByRole('rowheader', { name: /Consolidated Screening List/ });
  expect(screen.getByText(/snapshot of May 2022/)).toBeTruthy();
  const cslRow = within(row(/Consolidated Screening List/));
  expect(cslRow.getByText('stale')).toBeTruthy();
  expect(cslRow.getByText('failed')).toBeTruthy();
  expect(cslRow.getByText('DOWNLOAD_STATUS: the server answered 503')).toBeTruthy();
  expect(cslRow.getByText('ETag: "abc123"')).toBeTruthy();
  expect(cslRow.getByText('shipped May 2022 snapshot')).toBeTruthy();
  expect(within(row(/UN Security Council/)).getByText('disabled')).toBeTruthy();
  expect(screen.queryByRole('button')).toBeNull();
});

it('an administrator enables a source, edits it and asks for a refresh', async () => {
  const api = stubApi({
    'GET /api/v1/lists/sources': ok(answer),
    'PATCH /api/v1/lists/sources/un': ok({ ...un, enabled: true }),
    'POST /api/v1/lists/sources/csl/refresh': ok({ jobId: 'j1', source: csl }, 202),
  });
  const { user } = renderAs(users.programOfficer, <SourcesPanel canManage />);
  await screen.findByRole('rowheader', { name: /UN Security Council/ });
  await user.click(screen.getByRole('button', { name: 'Enable the UN Security Council Consolidated List source' }));
  await waitFor(() => expect(api.calls('PATCH /api/v1/lists/sources/un')[0]!.body).toEqual({ enabled: true }));

  await user.click(screen.getByRole('button', { name: 'Edit the UN Security Council Consolidated List source' }));
  const interval = screen.getByLabelText('Check every (minutes)');
  await user.clear(interval);
  await user.type(interval, '720');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(api.calls('PATCH /api/v1/lists/sources/un')).toHaveLength(2));
  expect(api.calls('PATCH /api/v1/lists/sources/un')[1]!.body).toEqual({ url: un.url, format: 'un', intervalMinutes: 720, maxAgeHours: 48, autoActivate: true });

  await user.click(screen.getByRole('button', { name: 'Refresh now: Consolidated Screening List (trade.gov)' }));
  await waitFor(() => expect(api.calls('POST /api/v1/lists/sources/csl/refresh')).toHaveLength(1));
  await screen.findByText(/a check is queued/);
});

// The calls page: everybody reads the calls with their requirements; the program office drafts a
// call (the rubric starts as the default one) and publishes it on the version it read; a company
// user gets no editing controls.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { CallListSchema } from '../../../shared/contracts/calls.ts';
import { CallsPage } from './CallsPage.tsx';

const criteria = [
  { key: 'stack', title: 'Full stack', description: 'All five layers.', weight: 0.6 },
  { key: 'market', title: 'Market', description: 'Why these markets.', weight: 0.4 },
];
const draftCall = {
  id: 'call-1',
  title: 'Agriculture AI call',
  summary: 'Packages for farming cooperatives.',
  status: 'draft',
  acceptingProposals: false,
  rolling: false,
  opensAt: '2026-12-01T00:00:00.000Z',
  closesAt: '2027-03-31T23:59:00.000Z',
  reviewCutoffs: [],
  eligibleRegions: ['South America'],
  eligibleSectors: ['agriculture'],
  requirements: { callId: 'call-1', sections: [{ key: 'need', title: 'Need and impact', maxWords: 800, required: true }], attachmentTypes: [], bciJustificationRequired: true },
  reviewDueDays: 21,
  rubric: { id: 'rv-1', callId: 'call-1', version: 1, criteria, createdAt: '2026-11-16T12:00:00.000Z' },
  createdAt: '2026-11-16T12:00:00.000Z',
  updatedAt: '2026-11-16T12:00:00.000Z',
  version: 1,
};
const calls = CallListSchema.parse({ items: [draftCall] });

describe('CallsPage', () => {
  it('lets the program office draft a call with the default rubric and publish a draft on the version read', async () => {
    const api = stubApi({
      'GET /api/v1/calls': ok(calls),
      'GET /api/v1/rubric': ok({ criteria }),
      'POST /api/v1/calls': ok(draftCall, 201),
      'POST /api/v1/calls/call-1/publish': ok({ ...draftCall, status: 'open', version: 2 }),
    });
    const { user } = renderAs(users.programOfficer, <CallsPage />);
    const card = await screen.findByRole('region', { name: 'Agriculture AI call' });
    expect(card).toHaveTextContent('Need and impact — at most 800 words, required');
    await user.click(within(card).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(api.calls('POST /api/v1/calls/call-1/publish')).toHaveLength(1));
    expect(api.calls('POST /api/v1/calls/call-1/publish')[0]!.body).toEqual({ version: 1 });

    await user.click(screen.getByRole('button', { name: 'New call' }));
    const form = await screen.findByRole('form', { name: 'New call' });
    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'Energy AI call');
    await user.type(within(form).getByLabelText('Opens (UTC)'), '2026-12-01T00:00');
    await user.click(within(form).getByRole('checkbox', { name: /Rolling call/ }));
    await user.type(within(form).getByRole('textbox', { name: /Review cut-off days/ }), '2027-01-15, 2027-04-15');
    await user.click(within(form).getByRole('button', { name: 'Draft call' }));
    await waitFor(() => expect(api.calls('POST /api/v1/calls')).toHaveLength(1));
    expect(api.calls('POST /api/v1/calls')[0]!.body).toMatchObject({
      title: 'Energy AI call',
      opensAt: '2026-12-01T00:00:00.000Z',
      closesAt: null,
      reviewCutoffs: ['2027-01-15', '2027-04-15'],
      rubric: criteria,
    });
  });

  it('shows a company user the calls without editing controls', async () => {
    stubApi({ 'GET /api/v1/calls': ok(CallListSchema.parse({ items: [{ ...draftCall, status: 'open', acceptingProposals: true }] })) });
    renderAs(users.applicant, <CallsPage />);
    const card = await screen.findByRole('region', { name: 'Agriculture AI call' });
    expect(within(card).getByText('accepting proposals')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New call' })).toBeNull();
    expect(within(card).queryByRole('button')).toBeNull();
  });
});

// Submitting a proposal is asked first (the package becomes read-only for the consortium), and the
// question warns when the infrastructure layer's US content is below the national-interest
// presumption (51 %, US_CONTENT_PRESUMPTION), which does not block submission.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProposalPage } from '../../pages/ProposalPage.tsx';
import { ok, stubApi } from '../../test/api-stub.ts';
import { aseanAsApplicant, users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';

const URL = `/api/v1/proposals/${aseanAsApplicant.id}`;

/** The recorded ASEAN package as a complete draft its anchor may submit. */
const draft: ProposalDetail = { ...aseanAsApplicant, state: 'draft', submittedAt: null, permissions: { edit: 'all', certify: true, actions: ['submit', 'withdraw'] } };
const submitted: ProposalDetail = { ...draft, state: 'submitted', version: draft.version + 1, permissions: { edit: 'none', certify: false, actions: ['withdraw'] } };
/** The same with every infrastructure component 48 % US-origin. */
const lowUsContent: ProposalDetail = { ...draft, package: { ...draft.package, components: draft.package.components.map((c) => (c.layer === 'infrastructure' ? { ...c, usOriginShare: 0.48 } : c)) } };

async function open(proposal: ProposalDetail) {
  const api = stubApi({ [`GET ${URL}`]: ok(proposal), [`POST ${URL}/submit`]: ok(submitted) });
  const view = renderAs(users.designatedAnchor, <ProposalPage id={proposal.id} />);
  await screen.findByRole('heading', { level: 1, name: proposal.title });
  return { ...view, api };
}

describe('submitting a proposal', () => {
  it('asks first, then submits at the version read; the package is read-only afterwards', async () => {
    const { user, api } = await open(draft);
    await user.click(screen.getByRole('button', { name: 'Submit proposal' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Submit the proposal?' });
    expect(ask).toHaveTextContent('read-only for the consortium');
    expect(within(ask).queryByRole('alert')).not.toBeInTheDocument();
    expect(api.calls(`POST ${URL}/submit`)).toEqual([]);

    await user.click(within(ask).getByRole('button', { name: 'Submit proposal' }));
    expect(await screen.findByText('Submitted. The proposal is now read-only.')).toBeInTheDocument();
    expect(api.calls(`POST ${URL}/submit`).map((r) => r.body)).toEqual([{ version: draft.version }]);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    // The sidebar now says what happens next, not "ready to submit".
    const next = await screen.findByRole('region', { name: 'What happens next' });
    expect(next).toHaveTextContent('The program office has received the proposal');
    expect(screen.queryByText('Complete: ready to submit.')).not.toBeInTheDocument();
  });

  it('warns when US content is below the 51 % presumption; cancelling sends nothing', async () => {
    const { user, api } = await open(lowUsContent);
    await user.click(screen.getByRole('button', { name: 'Submit proposal' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Submit the proposal?' });
    expect(within(ask).getByRole('alert')).toHaveTextContent('US content is 48.0 %, below the 51.0 % at which the national-interest test is presumed met');

    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.calls(`POST ${URL}/submit`)).toEqual([]);
    expect(screen.getByRole('button', { name: 'Submit proposal' })).toBeEnabled();
  });
});

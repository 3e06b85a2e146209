// Removing a member of a consortium is asked first; only "Remove member" in the question sends the DELETE.
// Sending an invitation says so and resets the form.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, stubApi } from '../test/api-stub.ts';
import { healthDraft, users } from '../test/recorded.ts';
import { renderAs } from '../test/render.tsx';
import { ConsortiumPage } from './ConsortiumPage.tsx';

const consortium = healthDraft.consortium;
const jade = consortium.members.find((m) => m.orgId === 'org-jade')!;
const URL = `/api/v1/consortia/${consortium.id}`;

describe('consortium page: removing a member', () => {
  it('asks first; Cancel sends nothing, “Remove member” sends the DELETE and the member leaves the table', async () => {
    const afterRemoval = { ...consortium, members: consortium.members.map((m) => (m.orgId === jade.orgId ? { ...m, status: 'removed' as const } : m)) };
    const api = stubApi({ [`GET ${URL}`]: ok(consortium), [`DELETE ${URL}/members/${jade.orgId}`]: ok(afterRemoval) });
    const { user } = renderAs(users.applicant, <ConsortiumPage id={consortium.id} />);
    const remove = await screen.findByRole('button', { name: `Remove ${jade.name}` });

    await user.click(remove);
    const ask = screen.getByRole('alertdialog', { name: `Remove ${jade.name}?` });
    expect(ask).toHaveTextContent('Bringing it back takes a new invitation.');
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(api.calls(`DELETE ${URL}/members/${jade.orgId}`)).toEqual([]);
    expect(screen.getByRole('cell', { name: jade.name })).toBeInTheDocument();

    await user.click(remove);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove member' }));
    await waitFor(() => expect(screen.queryByRole('cell', { name: jade.name })).not.toBeInTheDocument());
    expect(api.calls(`DELETE ${URL}/members/${jade.orgId}`)).toHaveLength(1);
  });
});

describe('consortium page: inviting a company', () => {
  it('says the invitation was sent, and empties the form for the next one', async () => {
    const nile = { id: 'org-nile', name: 'Nile Compute Ltd', countryOfIncorporation: 'EG' };
    const delta = { id: 'org-nile-delta', name: 'Nile Delta Data SAE', countryOfIncorporation: 'EG' };
    const invited = { ...consortium, members: [...consortium.members, { ...jade, orgId: nile.id, name: nile.name, status: 'invited' as const }] };
    const api = stubApi({
      [`GET ${URL}`]: ok(consortium),
      'GET /api/v1/organizations?q=Nile': ok({ items: [nile, delta] }),
      [`POST ${URL}/invitations`]: ok(invited),
    });
    const { user } = renderAs(users.applicant, <ConsortiumPage id={consortium.id} />);
    await user.type(await screen.findByLabelText('Company name'), 'Nile');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.selectOptions(await screen.findByLabelText('Company'), nile.id);
    const form = screen.getByRole('region', { name: 'Invite a company' });
    await user.click(within(form).getByRole('checkbox', { name: /^Data/ }));
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));

    expect(await screen.findByRole('status')).toHaveTextContent(`Invitation sent to ${nile.name}`);
    expect(api.calls(`POST ${URL}/invitations`).map((c) => c.body)).toEqual([{ orgId: nile.id, layerRoles: ['data'] }]);
    // The invited company leaves the choice; the other stays, nothing chosen.
    const company = screen.getByLabelText<HTMLSelectElement>('Company');
    expect(company.value).toBe('');
    expect([...company.options].map((o) => o.value)).toEqual(['', delta.id]);
    expect(within(form).getByRole('checkbox', { name: /^Data/ })).not.toBeChecked();
  });
});

describe('consortium page: the invited company answers', () => {
  it('the invitation’s link leads here: Accept sends the answer and the company shows as an active member', async () => {
    const invited = { ...consortium, viewerIsAnchor: false, members: consortium.members.map((m) => (m.orgId === jade.orgId ? { ...m, status: 'invited' as const } : m)) };
    const api = stubApi({ [`GET ${URL}`]: ok(invited), [`POST ${URL}/invitation/accept`]: ok({ ...invited, members: consortium.members }) });
    const { user } = renderAs(users.member, <ConsortiumPage id={consortium.id} />);
    const invitation = await screen.findByRole('region', { name: 'Invitation' });
    expect(invitation).toHaveTextContent(`${consortium.name} invites ${jade.name} to join for the infrastructure layer.`);
    await user.click(within(invitation).getByRole('button', { name: 'Accept' }));
    expect(await screen.findByRole('status')).toHaveTextContent(`${jade.name} is now a member of ${consortium.name}.`);
    expect(api.calls(`POST ${URL}/invitation/accept`)).toHaveLength(1);
    expect(screen.queryByRole('region', { name: 'Invitation' })).not.toBeInTheDocument();
  });

  it('an anchor sees no answer to give, only the members', async () => {
    stubApi({ [`GET ${URL}`]: ok(consortium) });
    renderAs(users.applicant, <ConsortiumPage id={consortium.id} />);
    await screen.findByRole('region', { name: 'Members' });
    expect(screen.queryByRole('region', { name: 'Invitation' })).not.toBeInTheDocument();
  });
});

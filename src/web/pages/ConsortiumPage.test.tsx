// Removing a member of a consortium is asked first; only "Remove member" in the question sends the DELETE.
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

// No list, no clearance: a search made while no screening list is active says "not screened" in
// the API's words, never "no match"; with a list active, an empty answer is a clean result.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PartySearchResponse } from '../../../shared/contracts/screening.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { SearchPanel } from './SearchPanel.tsx';

const NOTICE = 'Not screened: no screening list is active. An administrator must import and activate a list.';
const answer = (over: Partial<ReturnType<typeof PartySearchResponse.parse>>) =>
  PartySearchResponse.parse({ query: { name: 'Atlas Sanatgaran' }, threshold: 0.88, screened: true, notice: null, lists: [], matches: [], ...over });

async function search(reply: unknown) {
  const api = stubApi({ 'POST /api/v1/screening/search': ok(reply) });
  const { user } = renderAs(users.programOfficer, <SearchPanel />);
  const panel = await screen.findByRole('region', { name: 'Screen a party' });
  await user.type(within(panel).getByLabelText('Name'), 'Atlas Sanatgaran');
  await user.click(within(panel).getByRole('button', { name: 'Screen' }));
  return { api, panel };
}

describe('screening search: no list, no clearance', () => {
  it('with no list active, says "not screened" and why, and never "no match"', async () => {
    const { api, panel } = await search(answer({ screened: false, notice: NOTICE }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(NOTICE);
    expect(within(panel).queryByText(/No match/)).not.toBeInTheDocument();
    expect(api.calls('POST /api/v1/screening/search').map((r) => r.body)).toEqual([{ name: 'Atlas Sanatgaran' }]);
  });

  it('with a list active, an empty answer reads as no match against that list', async () => {
    const { panel } = await search(answer({ lists: [{ list: 'csl', title: 'Consolidated Screening List (trade.gov)', fileName: 'csl-2022-05-bis-state.csv', versionId: 'v1', activatedAt: '2026-11-16T12:00:00.000Z', entries: 3625 }] }));
    expect(await within(panel).findByText(/^No match at threshold 0\.88 against Consolidated Screening List \(trade\.gov\), csl-2022-05-bis-state\.csv active since .+ \(3,625 entries\)\.$/)).toBeInTheDocument();
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
  });
});

// The compliance matrix grid (MatrixGrid and CellDetails) as the compliance page hosts it, on a
// recorded matrix of a draft selling to the UAE and Cuba: every status once, and a license record.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CompliancePage } from '../../pages/CompliancePage.tsx';
import { ok, stubApi, type StubRequest } from '../../test/api-stub.ts';
import { licenseCreated, matrix, users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';

const COMPLIANCE = `/api/v1/proposals/${matrix.proposalId}/compliance`;

async function openMatrix(m: typeof matrix = matrix, routes: Parameters<typeof stubApi>[0] = {}) {
  const api = stubApi({ [`GET ${COMPLIANCE}`]: ok(m), ...routes });
  const view = renderAs(users.northstarAnchor, <CompliancePage id={m.proposalId} />);
  await screen.findByRole('heading', { level: 1, name: 'Compliance matrix' });
  return { ...view, api };
}

const grid = () => screen.getByRole('table', { name: /Components × markets/ });
const square = (name: string | RegExp) => within(grid()).getByRole('button', { name });
const details = () => screen.queryByRole('region', { name: /→/ });

describe('compliance matrix grid', () => {
  it('has one square per component and market, named by its status and license records', async () => {
    await openMatrix();
    expect(within(grid()).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Data-center GPU accelerators to United Arab Emirates: License required, 1 license record(s)',
      'Data-center GPU accelerators to Cuba: Prohibited',
      'Open-weight language model to United Arab Emirates: Needs information',
      'Open-weight language model to Cuba: Prohibited',
      'Citizen services assistant to United Arab Emirates: Clear',
      'Citizen services assistant to Cuba: Prohibited',
    ]);
    // Rows say the component's ECCN (or its absence) and its worst status; columns the market's.
    expect(within(grid()).getByRole('rowheader', { name: /Open-weight language model/ })).toHaveTextContent('no ECCN');
    expect(within(grid()).getByRole('columnheader', { name: /CU Cuba/ })).toHaveTextContent('Prohibited');
    expect(within(grid()).getByRole('columnheader', { name: /AE United Arab Emirates/ })).toHaveTextContent('License required');
    // The summary counts every status, the new "needs screening" too (none here: every party was screened).
    expect(screen.getByText(/6 cell\(s\)/)).toHaveTextContent('3 prohibited, 1 license required, 1 need information, 0 need screening, 1 clear.');
  });

  it('tells prohibited and license-required squares apart by word and symbol, not by colour alone', async () => {
    await openMatrix();
    const prohibited = square('Data-center GPU accelerators to Cuba: Prohibited');
    const licensed = square('Data-center GPU accelerators to United Arab Emirates: License required, 1 license record(s)');
    expect(prohibited).toHaveTextContent('✕ Prohibited');
    expect(licensed).toHaveTextContent('! License required');
    expect(licensed).toHaveTextContent('1 license record(s)');
    expect(square('Citizen services assistant to United Arab Emirates: Clear')).toHaveTextContent('✓ Clear');
    expect(square('Open-weight language model to United Arab Emirates: Needs information')).toHaveTextContent('? Needs information');
    // The colour the stylesheet gives follows the status too.
    expect(prohibited).toHaveClass('cell-prohibited');
    expect(licensed).toHaveClass('cell-license_required');
  });

  it('opens a square’s reasons, citations and license records on click and closes them on a second click', async () => {
    const { user } = await openMatrix();
    const gpuUae = square(/^Data-center GPU accelerators to United Arab Emirates/);
    expect(gpuUae).toHaveAttribute('aria-expanded', 'false');
    expect(details()).not.toBeInTheDocument();

    await user.click(gpuUae);
    expect(gpuUae).toHaveAttribute('aria-expanded', 'true');
    const open = screen.getByRole('region', { name: 'Data-center GPU accelerators → United Arab Emirates' });
    expect(within(open).getByRole('heading', { name: 'Gulf Builders LLC (build)' })).toBeInTheDocument();
    const determination = matrix.determinations[0]!;
    for (const r of determination.reasons) expect(within(open).getByText(r.citation)).toBeInTheDocument();
    expect(within(open).getByText('Red flags')).toBeInTheDocument();
    expect(open).toHaveTextContent('Needs information: party.ultimateParentHeadquarters');
    expect(open).toHaveTextContent('Submitted · BIS application Z1234567');

    await user.click(gpuUae);
    expect(gpuUae).toHaveAttribute('aria-expanded', 'false');
    expect(details()).not.toBeInTheDocument();

    await user.click(square('Open-weight language model to Cuba: Prohibited'));
    const cuba = screen.getByRole('region', { name: 'Open-weight language model → Cuba' });
    expect(within(cuba).getByRole('heading', { name: 'No party declared for this market' })).toBeInTheDocument();
    expect(within(cuba).getByText('15 CFR 746.2; 31 CFR Part 515 (OFAC CACR)')).toBeInTheDocument();
    expect(cuba).toHaveTextContent('applied ECCN UNCLASSIFIED');
    expect(cuba).toHaveTextContent('None for this component and market.');
    expect(screen.getAllByRole('region', { name: /→/ })).toHaveLength(1);
  });

  it('records a license for the open square: the tracker is pre-filled and POSTs it, then the matrix is re-read', async () => {
    const { user, api } = await openMatrix(matrix, {
      [`POST /api/v1/proposals/${matrix.proposalId}/licenses`]: (req: StubRequest) => ok({ ...licenseCreated, ...(req.body as object) }, 201),
    });
    await user.click(square('Open-weight language model to United Arab Emirates: Needs information'));
    await user.click(screen.getByRole('button', { name: 'Record a license for this square' }));

    const tracker = screen.getByRole('region', { name: 'License tracker' });
    expect(within(tracker).getByRole('combobox', { name: 'Component' })).toHaveDisplayValue('Open-weight language model (no ECCN)');
    expect(within(tracker).getByRole('combobox', { name: 'Market' })).toHaveDisplayValue('AE United Arab Emirates');
    await user.click(within(tracker).getByRole('button', { name: 'Add license record' }));

    expect(await within(tracker).findByText('License record added.')).toBeInTheDocument();
    expect(api.calls(`POST /api/v1/proposals/${matrix.proposalId}/licenses`).map((r) => r.body)).toEqual([
      { componentId: 'ns-model', market: 'AE', partyId: null, status: 'needed', bisApplicationNumber: null, expiresAt: null, conditions: [] },
    ]);
    expect(api.calls(`GET ${COMPLIANCE}`)).toHaveLength(2);

    // The form was emptied after the record; asking again for the same square fills it again.
    await user.click(screen.getByRole('button', { name: 'Record a license for this square' }));
    expect(within(tracker).getByRole('combobox', { name: 'Component' })).toHaveDisplayValue('Open-weight language model (no ECCN)');
    expect(within(tracker).getByRole('combobox', { name: 'Market' })).toHaveDisplayValue('AE United Arab Emirates');
  });

  it('offers no license recording to a viewer who may not edit licenses', async () => {
    const { user } = await openMatrix({ ...matrix, canEditLicenses: false });
    await user.click(square(/^Data-center GPU accelerators to United Arab Emirates/));
    expect(screen.getByRole('region', { name: 'Data-center GPU accelerators → United Arab Emirates' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Record a license for this square' })).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Add a license record' })).not.toBeInTheDocument();
  });
});

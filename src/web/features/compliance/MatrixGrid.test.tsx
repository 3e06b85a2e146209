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
      { componentId: 'ns-model', market: 'AE', partyId: null, status: 'draft', bisApplicationNumber: null, expiresAt: null, conditions: [] },
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

describe('compliance matrix grid: answers under assumptions', () => {
  // The recorded matrix with the application's UAE cell decided under a default (no parent of record).
  const assumedMatrix: typeof matrix = {
    ...matrix,
    cells: matrix.cells.map((c) => (c.componentId === 'ns-app' && c.market === 'AE' ? { ...c, assumed: true } : c)),
    determinations: matrix.determinations.map((d, i) =>
      i === 2
        ? {
            ...d,
            assumed: true,
            assumptions: [{ fact: 'party.ultimateParentHeadquarters', assumed: 'AE', text: "party's ultimate parent not stated: assumed to be party itself, headquartered in United Arab Emirates", citation: '15 CFR 742.6(a)(6)(iii)(A)' }],
            conditions: [{ fact: 'party.ultimateParentHeadquarters', if: 'is in Macau or a Country Group D:5 country', then: true, text: 'A license would be required if party.ultimateParentHeadquarters is in Macau or a Country Group D:5 country', citation: '15 CFR 742.6(a)(6)(iii)(A)' }],
          }
        : d,
    ),
  };

  it('names the square "clear under assumptions" and shows the assumptions and conditions with citations', async () => {
    const { user } = await openMatrix(assumedMatrix);
    const app = square('Citizen services assistant to United Arab Emirates: Clear under assumptions');
    expect(app).toHaveTextContent('✓ Clear(assuming missing facts)');
    await user.click(app);
    const open = screen.getByRole('region', { name: 'Citizen services assistant → United Arab Emirates' });
    expect(open).toHaveTextContent('(assuming party.ultimateParentHeadquarters = AE)');
    expect(within(open).getByRole('heading', { name: 'Assumed (facts not given)' })).toBeInTheDocument();
    expect(within(open).getByRole('heading', { name: 'If a missing fact turns out otherwise' })).toBeInTheDocument();
    expect(open).toHaveTextContent('A license would be required if party.ultimateParentHeadquarters is in Macau or a Country Group D:5 country');
    expect(within(open).getAllByText('15 CFR 742.6(a)(6)(iii)(A)').length).toBeGreaterThanOrEqual(2);
  });
});

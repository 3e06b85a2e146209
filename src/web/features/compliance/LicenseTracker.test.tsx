// The license tracker through a license's life, on the recorded matrix: days with BIS and aging in
// words, only the allowed next steps offered, a step PATCHed with its day and reason, the balance of
// an issued license, and a shipment POSTed against it; a refused shipment is shown.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LicenseView } from '../../../shared/contracts/compliance.ts';
import { CompliancePage } from '../../pages/CompliancePage.tsx';
import { ok, problem, stubApi, type StubRequest } from '../../test/api-stub.ts';
import { matrix, users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';

const COMPLIANCE = `/api/v1/proposals/${matrix.proposalId}/compliance`;
const submitted = matrix.licenses[0]!;
const LABEL = 'Data-center GPU accelerators → AE';

const issued: LicenseView = {
  ...submitted,
  status: 'approved',
  version: 3,
  licenseNumber: 'L-AE-1',
  validFrom: '2026-11-01',
  expiresAt: '2030-10-31',
  authorizedQuantity: 10,
  authorizedValueUsd: 5_000_000,
  shippedQuantity: 4,
  shippedValueUsd: 2_000_000,
  remainingQuantity: 6,
  remainingValueUsd: 3_000_000,
  daysPending: null,
  aging: null,
  nextStatuses: ['expired', 'revoked'],
};

async function openTracker(licenses: LicenseView[], routes: Parameters<typeof stubApi>[0] = {}) {
  const api = stubApi({ [`GET ${COMPLIANCE}`]: ok({ ...matrix, licenses }), ...routes });
  const view = renderAs(users.northstarAnchor, <CompliancePage id={matrix.proposalId} />);
  await screen.findByRole('heading', { level: 1, name: 'Compliance matrix' });
  return { ...view, api, tracker: screen.getByRole('region', { name: 'License tracker' }) };
}

describe('license tracker', () => {
  it('shows days with BIS and the aging in words, and offers only the allowed next steps', async () => {
    const { user, tracker } = await openTracker([{ ...submitted, daysPending: 50, aging: 'due_soon' }]);
    const row = within(tracker).getByRole('rowheader', { name: /Data-center GPU accelerators → AE/ }).closest('tr')!;
    expect(row).toHaveTextContent('Submitted 50 day(s) with BIS · due soon');
    const manage = within(row).getByRole('button', { name: `Manage ${LABEL}` });
    expect(manage).toHaveAttribute('aria-expanded', 'false');
    await user.click(manage);
    expect(manage).toHaveAttribute('aria-expanded', 'true');
    const steps = within(tracker).getByRole('group', { name: `Status and facts of ${LABEL}` });
    const options = within(within(steps).getByRole('combobox', { name: 'Next step' })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Keep: Submitted', 'Returned', 'Approved', 'Denied']);
    // No shipment before BIS issues the license.
    expect(within(tracker).queryByRole('group', { name: /Record a shipment/ })).not.toBeInTheDocument();
  });

  it('returns an application with its day and BIS’s reason, on the version read', async () => {
    const { user, api, tracker } = await openTracker([submitted], {
      [`PATCH /api/v1/licenses/${submitted.id}`]: (req: StubRequest) => ok({ ...submitted, ...(req.body as object), version: 2 }),
    });
    await user.click(within(tracker).getByRole('button', { name: `Manage ${LABEL}` }));
    const steps = within(tracker).getByRole('group', { name: `Status and facts of ${LABEL}` });
    await user.selectOptions(within(steps).getByRole('combobox', { name: 'Next step' }), 'returned');
    await user.type(within(steps).getByLabelText('Day of the step'), '2026-11-20');
    await user.type(within(steps).getByLabelText('Reason BIS returned it'), 'End-user statement missing');
    await user.click(within(steps).getByRole('button', { name: 'Save license' }));
    expect(await within(tracker).findByText(`License ${LABEL}: returned.`)).toBeInTheDocument();
    expect(api.calls(`PATCH /api/v1/licenses/${submitted.id}`).map((r) => r.body)).toEqual([
      {
        version: 1,
        status: 'returned',
        on: '2026-11-20',
        returnedReason: 'End-user statement missing',
        bisApplicationNumber: 'Z1234567',
        licenseNumber: null,
        validFrom: null,
        expiresAt: null,
        authorizedQuantity: null,
        authorizedValueUsd: null,
        conditions: [],
      },
    ]);
  });

  it('shows an issued license’s validity and balance, records a shipment, and says why one is refused', async () => {
    let answer: 'refuse' | 'accept' = 'refuse';
    const { user, api, tracker } = await openTracker([issued], {
      [`POST /api/v1/licenses/${issued.id}/shipments`]: () =>
        answer === 'refuse'
          ? problem({ type: 'about:blank', title: 'Conflict', status: 409, code: 'LICENSE_EXHAUSTED', detail: 'License L-AE-1 (ns-gpu → AE): the shipment’s quantity 7 exceeds the 6 remaining of 10 authorized' })
          : ok({ ...issued, status: 'shipped_against', version: 4 }, 201),
    });
    const row = within(tracker).getByRole('rowheader', { name: /Data-center GPU accelerators → AE/ }).closest('tr')!;
    expect(row).toHaveTextContent('2026-11-01 to 2030-10-31');
    expect(row).toHaveTextContent('6 of 10 units left; $3,000,000 of $5,000,000 left');
    await user.click(within(row).getByRole('button', { name: `Manage ${LABEL}` }));
    const shipment = within(tracker).getByRole('group', { name: `Record a shipment against ${LABEL}` });
    await user.type(within(shipment).getByLabelText('Shipped on'), '2026-11-25');
    await user.type(within(shipment).getByLabelText('Quantity'), '7');
    await user.type(within(shipment).getByLabelText('Value (USD)'), '100000');
    await user.type(within(shipment).getByLabelText(/Reference/), 'AWB 176-1');
    await user.click(within(shipment).getByRole('button', { name: 'Record shipment' }));
    expect(await within(tracker).findByRole('alert')).toHaveTextContent('exceeds the 6 remaining of 10 authorized');

    answer = 'accept';
    await user.clear(within(shipment).getByLabelText('Quantity'));
    await user.type(within(shipment).getByLabelText('Quantity'), '6');
    await user.click(within(shipment).getByRole('button', { name: 'Record shipment' }));
    expect(await within(tracker).findByText(`Shipment recorded against ${LABEL}.`)).toBeInTheDocument();
    expect(api.calls(`POST /api/v1/licenses/${issued.id}/shipments`).map((r) => r.body)).toEqual([
      { version: 3, shippedOn: '2026-11-25', quantity: 7, valueUsd: 100000, reference: 'AWB 176-1' },
      { version: 3, shippedOn: '2026-11-25', quantity: 6, valueUsd: 100000, reference: 'AWB 176-1' },
    ]);
  });
});

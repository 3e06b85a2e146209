// Monitoring reports: the list (overdue first, what the viewer files marked), one report's page,
// and the anchor member's submission — once: a report filed meanwhile is refused and shown as filed.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MonitoringReportRecordSchema, type MonitoringReportRecord } from '../../../shared/contracts/financing.ts';
import { ok, problem } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderApp } from '../../test/render.tsx';
import { edagCoordinator } from '../financing/fixtures.ts';

const anchor = users.designatedAnchor;

function report(overrides: Partial<MonitoringReportRecord> = {}): MonitoringReportRecord {
  return MonitoringReportRecordSchema.parse({
    id: 'm1',
    proposalId: 'p-asean',
    proposalTitle: 'Digital government AI for ASEAN',
    dealId: 'd-sg',
    deal: { buyerName: 'Singapore GovTech Agency', country: 'SG' },
    period: '2026-Q3',
    dueAt: '2026-10-31T00:00:00.000Z',
    submittedAt: null,
    submittedBy: null,
    overdue: true,
    metrics: null,
    maySubmit: true,
    ...overrides,
  });
}
const submitted = report({ submittedAt: '2026-11-20T10:00:00.000Z', submittedBy: 'u-anchor', overdue: false, maySubmit: false, metrics: { utilizationPct: 64, securityIncidents: 0, usContentRecertified: true, endUseAttested: true } });

describe('monitoring reports', () => {
  it('lists the reports, overdue first, marking those the viewer files', async () => {
    const open = report({ id: 'm2', period: '2026-Q4', dueAt: '2027-01-30T00:00:00.000Z', overdue: false, deal: null, dealId: null });
    renderApp(anchor, '/monitoring', { 'GET /api/v1/monitoring': ok({ items: [{ ...submitted, id: 'm0', period: '2026-Q2' }, open, report()] }) });
    const table = await screen.findByRole('table', { name: 'Monitoring reports' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [within(r).getAllByRole('cell')[0]!.textContent, within(r).getAllByRole('cell')[2]!.textContent, within(r).getAllByRole('cell')[4]!.textContent])).toEqual([
      ['2026-Q3 — to file', 'Singapore GovTech Agency (SG)', 'Overdue'],
      ['2026-Q4 — to file', 'The package as a whole', 'Open'],
      ['2026-Q2', 'Singapore GovTech Agency (SG)', expect.stringMatching(/^Submitted /)],
    ]);
    expect(screen.getByText('2 reports await your submission.')).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('link', { name: 'File the 2026-Q3 report of Digital government AI for ASEAN: Singapore GovTech Agency (SG)' })).toHaveAttribute('href', '/monitoring/m1');
  });

  it('says when no report is due', async () => {
    renderApp(edagCoordinator, '/monitoring', { 'GET /api/v1/monitoring': ok({ items: [] }) });
    expect(await screen.findByText('No monitoring report is due yet.')).toBeInTheDocument();
  });

  it('the anchor member files a report: empty optional figures are left out, the attestations answered', async () => {
    const { user, api } = renderApp(anchor, '/monitoring/m1', { 'GET /api/v1/monitoring/m1': ok(report()), 'PUT /api/v1/monitoring/m1': ok(submitted) });
    const form = await screen.findByRole('form', { name: 'Submit the report' });
    // The attestations and the incident count must be answered: nothing is sent without them.
    await user.click(within(form).getByRole('button', { name: 'Submit report' }));
    expect(api.calls('PUT /api/v1/monitoring/m1')).toEqual([]);
    await user.type(within(form).getByLabelText(/^Utilization/), '64');
    await user.type(within(form).getByLabelText('Security incidents this quarter'), '0');
    await user.selectOptions(within(form).getByLabelText('US content recertified for the period'), 'yes');
    await user.selectOptions(within(form).getByLabelText(/^End use attested/), 'yes');
    await user.click(within(form).getByRole('button', { name: 'Submit report' }));
    await screen.findByRole('region', { name: 'Reported' });
    expect(api.calls('PUT /api/v1/monitoring/m1').map((r) => r.body)).toEqual([{ utilizationPct: 64, securityIncidents: 0, usContentRecertified: true, endUseAttested: true }]);
    const reported = screen.getByRole('region', { name: 'Reported' });
    expect(within(reported).getByText('64 %')).toBeInTheDocument();
    expect(within(reported).getAllByText('not reported')).toHaveLength(3);
    expect(screen.queryByRole('form', { name: 'Submit the report' })).toBeNull();
    expect(screen.getByText(/^Submitted /)).toBeInTheDocument();
  });

  it('a report filed meanwhile is refused, the refusal shown, and the report reloaded as filed', async () => {
    const { user, api } = renderApp(anchor, '/monitoring/m1', {
      'GET /api/v1/monitoring/m1': [ok(report()), ok(submitted)],
      'PUT /api/v1/monitoring/m1': problem({ type: 'about:blank', title: 'Conflict', status: 409, code: 'REPORT_SUBMITTED', detail: 'This report was already submitted' }),
    });
    const form = await screen.findByRole('form', { name: 'Submit the report' });
    await user.type(within(form).getByLabelText('Security incidents this quarter'), '1');
    await user.selectOptions(within(form).getByLabelText('US content recertified for the period'), 'no');
    await user.selectOptions(within(form).getByLabelText(/^End use attested/), 'yes');
    await user.click(within(form).getByRole('button', { name: 'Submit report' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This report was already submitted');
    await waitFor(() => expect(api.calls('GET /api/v1/monitoring/m1')).toHaveLength(2));
    expect(await screen.findByRole('region', { name: 'Reported' })).toBeInTheDocument();
    expect(api.calls('PUT /api/v1/monitoring/m1').map((r) => r.body)).toEqual([{ securityIncidents: 1, usContentRecertified: false, endUseAttested: true }]);
  });

  it('a reader who does not file it sees that it is awaited, without a form', async () => {
    renderApp(edagCoordinator, '/monitoring/m1', { 'GET /api/v1/monitoring/m1': ok(report({ maySubmit: false })) });
    expect(await screen.findByText('Not submitted yet. The package’s anchor member files it.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Submit the report' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Singapore GovTech Agency' })).toHaveAttribute('href', '/deals/d-sg');
  });

  it('a report the viewer may not read answers as not found', async () => {
    renderApp(anchor, '/monitoring/zzz', { 'GET /api/v1/monitoring/zzz': problem({ type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', detail: 'Monitoring report not found' }) });
    expect(await screen.findByRole('alert')).toHaveTextContent('Monitoring report not found');
  });
});

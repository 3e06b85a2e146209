// The eligibility checklist panel: the program officer answers each criterion beside the system's
// pre-assessment, a "not met" needs a note before anything is sent, only changed answers are sent;
// read-only for other government readers.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { EligibilityPanel } from './EligibilityPanel.tsx';
import type { EligibilityChecklist } from '../../../shared/contracts/eligibility.ts';

const criterion = (id: string, label: string, blocking = true) => ({
  id,
  label,
  rule: `The rule of ${label.toLowerCase()}.`,
  citation: 'Executive Order 14320 §3(b)',
  effective: '2025-07-23',
  blocking,
  guidance: blocking ? null : 'A presumption, not a condition.',
  system: { assessment: 'met' as const, findings: [] },
  answer: null,
});

const checklist = (editable: boolean): EligibilityChecklist => ({
  proposalId: 'p1',
  revision: 1,
  state: editable ? 'eligibility_screening' : 'under_review',
  editable,
  complete: false,
  blockers: [
    { criterionId: 'target_market', label: 'At least one target market', reason: 'unanswered' },
    { criterionId: 'us_content', label: 'US content', reason: 'unanswered' },
  ],
  criteria: [
    criterion('target_market', 'At least one target market'),
    { ...criterion('us_content', 'US content', false), system: { assessment: 'not_met', findings: ['US content of the infrastructure layer is 40.0 %, below 51 %.'] } },
  ],
});

describe('EligibilityPanel', () => {
  it('lets the program officer answer; a "not met" without a note is stopped before sending; only changed answers are sent', async () => {
    const saved = { ...checklist(true), complete: true, blockers: [] };
    const api = stubApi({ 'GET /api/v1/proposals/p1/eligibility': ok(checklist(true)), 'PUT /api/v1/proposals/p1/eligibility': ok(saved) });
    const { user } = renderAs(users.programOfficer, <EligibilityPanel proposalId="p1" />);
    const us = await screen.findByRole('group', { name: 'US content' });
    expect(within(us).getByText(/System pre-assessment: Not met/).closest('p')).toHaveTextContent('40.0 %');
    expect(within(us).getByText('A presumption, not a condition.')).toBeInTheDocument();
    expect(screen.getByText(/Review cannot start yet: 2 of 2 criteria not answered/)).toBeInTheDocument();

    const save = screen.getByRole('button', { name: 'Save checklist' });
    expect(save).toBeDisabled();
    await user.click(within(screen.getByRole('radiogroup', { name: 'Answer: At least one target market' })).getByRole('radio', { name: 'Met' }));
    await user.click(within(screen.getByRole('radiogroup', { name: 'Answer: US content' })).getByRole('radio', { name: 'Not met' }));
    await user.click(save);
    const note = within(us).getByRole('textbox', { name: 'Note (required)' });
    expect(note).toHaveAttribute('aria-invalid', 'true');
    expect(note).toHaveAccessibleDescription('Say why this criterion is not met.');
    expect(api.calls('PUT /api/v1/proposals/p1/eligibility')).toHaveLength(0);

    await user.type(note, 'Below 51 %; weighed in review.');
    await user.click(save);
    await waitFor(() => expect(api.calls('PUT /api/v1/proposals/p1/eligibility')).toHaveLength(1));
    expect(api.calls('PUT /api/v1/proposals/p1/eligibility')[0]!.body).toEqual({
      answers: [
        { criterionId: 'target_market', answer: 'met', note: '' },
        { criterionId: 'us_content', answer: 'not_met', note: 'Below 51 %; weighed in review.' },
      ],
    });
    expect(await screen.findByText('Checklist saved.')).toBeInTheDocument();
  });

  it('is read-only for other government readers', async () => {
    const answered = checklist(false);
    answered.criteria[0]!.answer = { answer: 'not_applicable', note: 'Markets confirmed.', by: 'Pat Romero', at: '2026-11-10T10:00:00.000Z' };
    stubApi({ 'GET /api/v1/proposals/p1/eligibility': ok(answered) });
    renderAs(users.programOfficer, <EligibilityPanel proposalId="p1" />);
    expect((await screen.findByText(/Program office: Not applicable/)).closest('p')).toHaveTextContent('Pat Romero');
    expect(screen.getByText('Markets confirmed.')).toBeInTheDocument();
    expect(screen.getByText(/Program office: Not answered/)).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save checklist' })).not.toBeInTheDocument();
  });
});

// The narratives panel: the anchor writes a section with a live, sanitized preview and a word
// counter against the call's limit (saving is stopped over the limit), marks it BCI with a
// justification and saves on the revision read; reviewers read the rendered text with a BCI badge.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { NarrativeListSchema, type NarrativeList } from '../../../shared/contracts/calls.ts';
import { NarrativesPanel } from './NarrativesPanel.tsx';

const requirements = {
  callId: 'call-1',
  sections: [
    { key: 'need', title: 'Need and impact', maxWords: 5, required: true },
    { key: 'security_plan', title: 'Security plan', maxWords: 100, required: false },
  ],
  attachmentTypes: [],
  bciJustificationRequired: true,
};

const list = (editable: boolean, items: NarrativeList['items'] = []): NarrativeList =>
  NarrativeListSchema.parse({ requirements, editable, source: editable ? 'working' : 'submitted', items });

describe('NarrativesPanel', () => {
  it('counts words against the limit, previews sanitized Markdown, and saves with the BCI mark on the revision read', async () => {
    const savedItem = { sectionKey: 'need', title: 'Need and impact', bodyMarkdown: '**Farmers** need data.', bci: true, bciJustification: 'Names partners.', revision: 1, updatedAt: '2026-11-16T12:00:00.000Z' };
    const completeness = { complete: false, problems: [{ code: 'NARRATIVE_MISSING', path: 'narratives.need', label: 'Narrative: Need and impact', message: 'The call asks for the section “Need and impact”' }] };
    const api = stubApi({
      'GET /api/v1/proposals/p1/narratives': ok(list(true)),
      'GET /api/v1/proposals/p1/completeness': ok(completeness),
      'PUT /api/v1/proposals/p1/narratives/need': ok(list(true, [savedItem])),
    });
    const { user } = renderAs(users.northstarAnchor, <NarrativesPanel proposalId="p1" />);
    const section = await screen.findByRole('article', { name: /Need and impact/ });
    expect(await screen.findByText('The call asks for the section “Need and impact”')).toBeInTheDocument();
    const text = within(section).getByRole('textbox', { name: 'Text (Markdown)' });
    const save = within(section).getByRole('button', { name: 'Save section' });

    await user.type(text, 'one two three four five six');
    expect(within(section).getByText(/6 of 5 words — 1 over the limit/)).toBeInTheDocument();
    expect(save).toBeDisabled();

    await user.clear(text);
    await user.type(text, '**Farmers** need data.<img src=x onerror=alert(1)>');
    const preview = within(section).getByLabelText('Preview of Need and impact');
    expect(preview.querySelector('strong')).toHaveTextContent('Farmers');
    expect(preview.innerHTML).not.toContain('onerror');
    expect(preview.querySelector('img')).toBeNull();

    await user.clear(text);
    await user.type(text, '**Farmers** need data.');
    await user.click(within(section).getByRole('checkbox', { name: /Business-confidential/ }));
    await user.type(within(section).getByRole('textbox', { name: /Why this section is business-confidential/ }), 'Names partners.');
    await user.click(save);
    await waitFor(() => expect(api.calls('PUT /api/v1/proposals/p1/narratives/need')).toHaveLength(1));
    expect(api.calls('PUT /api/v1/proposals/p1/narratives/need')[0]!.body).toEqual({ bodyMarkdown: '**Farmers** need data.', bci: true, bciJustification: 'Names partners.', expectedRevision: 0 });
  });

  it('shows reviewers the submitted text rendered, with a BCI badge, and no editor', async () => {
    stubApi({
      'GET /api/v1/proposals/p1/narratives': ok(
        list(false, [{ sectionKey: 'security_plan', title: 'Security plan', bodyMarkdown: '## Vaults\n\nLocked.', bci: true, bciJustification: 'Site layout.', revision: 2, updatedAt: '2026-11-16T12:00:00.000Z' }]),
      ),
    });
    renderAs(users.reviewer, <NarrativesPanel proposalId="p1" />);
    const section = await screen.findByRole('article', { name: /Security plan/ });
    expect(within(section).getByText('BCI')).toBeInTheDocument();
    expect(within(section).getByRole('heading', { level: 2, name: 'Vaults' })).toBeInTheDocument();
    expect(within(section).queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('article', { name: /Need and impact/ })).toHaveTextContent('Not written (required).');
  });
});

// The package builder (ComponentsEditor, MarketsEditor, OperatingModelEditor, SupportEditor) as
// the proposal page hosts it: what each viewer may change, and what reaches the API on "Save".
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProposalPage } from '../../pages/ProposalPage.tsx';
import { ok, problem, stubApi } from '../../test/api-stub.ts';
import { aseanAsApplicant, healthDraft, healthDraftAsMember, healthSave400, healthSave409, healthSaved, users } from '../../test/recorded.ts';
import { CSRF_TOKEN, renderAs } from '../../test/render.tsx';

const PROPOSAL = `/api/v1/proposals/${healthDraft.id}`;

async function openDraft(user = users.applicant, proposal = healthDraft, routes: Parameters<typeof stubApi>[0] = {}) {
  const api = stubApi({ [`GET /api/v1/proposals/${proposal.id}`]: ok(proposal), ...routes });
  const view = renderAs(user, <ProposalPage id={proposal.id} />);
  await screen.findByRole('heading', { level: 1, name: proposal.title });
  return { ...view, api };
}

const component = (name: string) => screen.getByRole('group', { name });
const checklist = () => screen.getByRole('region', { name: 'Completeness' });

describe('package editor', () => {
  it('saves an edited component: PUT with the whole package, the version read and the CSRF token', async () => {
    const { user, api } = await openDraft(undefined, undefined, { [`PUT ${PROPOSAL}`]: ok(healthSaved) });
    expect(screen.getByRole('button', { name: 'Saved' })).toBeDisabled();

    const name = within(component('infrastructure component 1')).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Inference servers (L40S)');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    const [put] = api.calls(`PUT ${PROPOSAL}`);
    expect(put!.headers['x-csrf-token']).toBe(CSRF_TOKEN);
    expect(put!.body).toEqual({
      title: healthDraft.title,
      summary: healthDraft.summary,
      version: 1,
      package: { ...healthDraft.package, components: healthDraft.package.components.map((c, i) => (i === 0 ? { ...c, name: 'Inference servers (L40S)' } : c)) },
    });
    expect(screen.getByRole('button', { name: 'Saved' })).toBeDisabled();
    expect(screen.getByText('revision 1 · version 2')).toBeInTheDocument();
  });

  it('adds a component to an uncovered layer, updates the checklist live and sends it on save', async () => {
    const { user, api } = await openDraft(undefined, undefined, { [`PUT ${PROPOSAL}`]: ok(healthSaved) });
    const security = screen.getByRole('group', { name: /^Security/ });
    expect(within(security).getByText('not covered')).toBeInTheDocument();
    expect(within(checklist()).getByText('The security layer has no component')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add security component' }));
    const added = component('security component 1');
    await user.type(within(added).getByLabelText('Name'), 'Chip location verification service');
    await user.type(within(added).getByLabelText('ECCN (optional until compliance)'), '5A002.a');
    await user.clear(within(added).getByLabelText('Unit value (USD)'));
    await user.type(within(added).getByLabelText('Unit value (USD)'), '250000');
    await user.clear(within(added).getByLabelText('Quantity'));
    await user.type(within(added).getByLabelText('Quantity'), '2');

    expect(within(security).getByText('1 component(s)')).toBeInTheDocument();
    expect(within(added).getByText('$500,000')).toBeInTheDocument();
    expect(within(checklist()).queryByText('The security layer has no component')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    const sent = api.calls(`PUT ${PROPOSAL}`)[0]!.body as { package: typeof healthDraft.package };
    expect(sent.package.components).toHaveLength(healthDraft.package.components.length + 1);
    expect(sent.package.components.at(-1)).toEqual({
      id: expect.any(String),
      layer: 'security',
      category: 'security_measure',
      name: 'Chip location verification service',
      supplier: 'org-harbor',
      description: '',
      eccn: '5A002.a',
      countryOfOrigin: 'US',
      unitValueUsd: 250000,
      quantity: 2,
      usOriginShare: 1,
    });
  });

  it('adds a market and names who owns the infrastructure in one', async () => {
    const { user, api } = await openDraft(undefined, undefined, { [`PUT ${PROPOSAL}`]: ok(healthSaved) });
    expect(within(checklist()).getByText('East African Community: nobody is named to own the infrastructure')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'EAC own entity name' }), 'Nairobi Health Infrastructure Ltd');
    await user.type(screen.getByRole('textbox', { name: 'EAC own entity country' }), 'ke');
    await user.click(screen.getByRole('button', { name: 'Add own entity for EAC' }));
    expect(screen.getByText('Nairobi Health Infrastructure Ltd (KE)')).toBeInTheDocument();
    expect(within(checklist()).queryByText('East African Community: nobody is named to own the infrastructure')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Country' }), 'KE');
    await user.click(screen.getByRole('button', { name: 'Add market' }));
    expect(within(screen.getByRole('list', { name: 'Chosen markets' })).getByText(/Kenya/)).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'KE' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    const sent = api.calls(`PUT ${PROPOSAL}`)[0]!.body as { package: typeof healthDraft.package };
    expect(sent.package.targetMarkets).toEqual([
      { kind: 'bloc', code: 'EAC' },
      { kind: 'country', code: 'KE' },
    ]);
    expect(sent.package.operatingModel).toEqual([
      { ...healthDraft.package.operatingModel[0], own: [{ name: 'Nairobi Health Infrastructure Ltd', country: 'KE', orgId: null }] },
      { market: 'KE', build: [], own: [], operate: [] },
    ]);
  });

  it('shows the validation problems of a 400 answer, field by field, and keeps the edits', async () => {
    const { user, api } = await openDraft(undefined, undefined, { [`PUT ${PROPOSAL}`]: problem(healthSave400) });
    const first = component('infrastructure component 1');
    await user.clear(within(first).getByLabelText('Name'));
    const eccn = within(first).getByLabelText('ECCN (optional until compliance)');
    await user.clear(eccn);
    await user.type(eccn, '3A90');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Request is invalid: 2 problem(s)');
    const problems = within(alert).getAllByRole('listitem');
    expect(problems.map((li) => li.textContent)).toEqual(['Package, component 1, name: must not be empty', 'Package, component 1, ECCN: must be an ECCN such as "3A090.a", or "EAR99"']);
    const sent = api.calls(`PUT ${PROPOSAL}`)[0]!.body as { package: typeof healthDraft.package };
    expect(sent.package.components[0]).toMatchObject({ id: 'eah-srv', name: '', eccn: '3A90' });
    // Nothing was saved: the edits are still there to correct.
    expect(eccn).toHaveValue('3A90');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeEnabled();
    expect(screen.queryByText('Saved.')).not.toBeInTheDocument();
  });

  it('shows a 409 version conflict and re-reads the proposal', async () => {
    const { user, api } = await openDraft(undefined, undefined, {
      [`GET ${PROPOSAL}`]: [ok(healthDraft), ok(healthSaved)],
      [`PUT ${PROPOSAL}`]: problem(healthSave409),
    });
    expect(screen.getByText('revision 1 · version 1')).toBeInTheDocument();
    await user.type(within(component('model component 1')).getByLabelText('Description'), 'Fine-tuned on regional imaging.');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The proposal was changed by someone else (now version 2); reload and apply your change again');
    expect(await screen.findByText('revision 1 · version 2')).toBeInTheDocument();
    expect(api.calls(`GET ${PROPOSAL}`)).toHaveLength(2);
  });

  it('lets a member change only its own components', async () => {
    const { user, api } = await openDraft(users.member, healthDraftAsMember, { [`PUT ${PROPOSAL}`]: ok(healthSaved) });
    // Jade Harbour supplies the edge networking kits (infrastructure component 3) and nothing else.
    const own = component('infrastructure component 3');
    expect(within(own).getByLabelText('Name')).toHaveValue('Edge networking kits for clinics');
    expect(own).toBeEnabled();
    expect(within(own).getByRole('combobox', { name: 'Supplying member' })).toBeDisabled();
    expect(within(own).getByRole('button', { name: 'Remove component' })).toBeEnabled();
    for (const other of ['infrastructure component 1', 'infrastructure component 2', 'data component 1', 'model component 1', 'application component 1']) {
      expect(component(other)).toBeDisabled();
      expect(within(component(other)).queryByRole('button', { name: 'Remove component' })).not.toBeInTheDocument();
    }
    // Markets, entities and support requests are the anchor's: the member gets no × or "Remove request".
    expect(screen.queryByRole('button', { name: /^Remove (market|request)|^Remove .* from / })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Title' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Add market' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add support request' })).not.toBeInTheDocument();

    const quantity = within(own).getByLabelText('Quantity');
    await user.clear(quantity);
    await user.type(quantity, '500');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved.');
    const sent = api.calls(`PUT ${PROPOSAL}`)[0]!.body as { package: typeof healthDraft.package };
    expect(sent.package.components.find((c) => c.id === 'eah-parts')).toMatchObject({ supplier: 'org-jade', quantity: 500 });
  });

  it('gives a read-only viewer no control that changes the package', async () => {
    await openDraft(users.designatedAnchor, aseanAsApplicant);
    expect(screen.getByRole('status')).toHaveTextContent('This proposal is read-only (Designated).');
    expect(screen.queryByRole('button', { name: /save/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Add/ })).not.toBeInTheDocument();
    // No "Remove component", "Remove request" or × of a market or an entity is offered at all.
    expect(screen.queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByText('×')).not.toBeInTheDocument();
    // Every field and every remaining button is disabled; only the tabs work.
    for (const control of [...screen.getAllByRole('textbox'), ...screen.getAllByRole('spinbutton'), ...screen.getAllByRole('combobox'), ...screen.queryAllByRole('button')]) {
      expect(control).toBeDisabled();
    }
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Package', 'Outcome', 'Buyers', 'Narratives', 'Documents', 'History']);
  });
});

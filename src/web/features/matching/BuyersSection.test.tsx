// The Buyers tab of a designated package: the anchor edits the profile and the translations (the
// Arabic fields right to left), others read them; the matched buyers come with their reasons and
// anonymously without the buyer's consent; the interest received names a buyer only with consent.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, stubApi } from '../../test/api-stub.ts';
import { aseanAsApplicant, aseanAsProgramOfficer, users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { BuyersSection } from './BuyersSection.tsx';

const P = aseanAsApplicant.id;
const base = `/api/v1/proposals/${P}`;

const profile = {
  deployments: ['sovereign_cloud'],
  dataResidency: ['in_country'],
  modelLicensing: ['open_weight'],
  languages: ['en', 'th'],
  budgetMinUsd: 5_000_000,
  budgetMaxUsd: 40_000_000,
  deliveryMonths: 9,
  financing: ['EXIM'],
};

const reasons = [
  { criterion: 'country', outcome: 'met', wanted: ['KH'], offered: ['KH'] },
  { criterion: 'sector', outcome: 'met', wanted: ['government_services'], offered: ['government_services'] },
  { criterion: 'layers', outcome: 'met', wanted: ['model'], offered: ['model'] },
  { criterion: 'deployment', outcome: 'partial', wanted: ['sovereign_cloud', 'air_gapped'], offered: ['sovereign_cloud'] },
  { criterion: 'dataResidency', outcome: 'met', wanted: ['in_country'], offered: ['in_country'] },
  { criterion: 'modelLicensing', outcome: 'met', wanted: ['either'], offered: ['open_weight'] },
  { criterion: 'languages', outcome: 'missed', wanted: ['km'], offered: ['en', 'th'] },
  { criterion: 'budget', outcome: 'met', wanted: [5_000_000, 20_000_000], offered: [5_000_000, 40_000_000] },
  { criterion: 'timeline', outcome: 'met', wanted: ['6_to_12_months'], offered: [9] },
  { criterion: 'financing', outcome: 'unknown', wanted: ['EXIM'], offered: [] },
];

const matches = {
  items: [
    { requirementId: 'r1', requirementTitle: 'National AI platform', buyer: { name: 'Ministry of Posts of Cambodia', country: 'KH', kind: 'government' }, score: 86, fit: 'strong', reasons },
    { requirementId: 'r2', requirementTitle: null, buyer: { anonymous: true, country: 'LA', kind: 'government' }, score: 61, fit: 'partial', reasons },
  ],
};

const interests = {
  items: [
    { id: 'i1', reference: 'EOI-AAAA-BBBB-CCCC', status: 'forwarded', createdAt: '2026-11-10T09:00:00.000Z', message: 'We would like a demonstration.', buyer: { name: 'Thai DGA', country: 'TH', kind: 'state_owned', contactEmail: 'ai@dga.example' } },
    { id: 'i2', reference: 'EOI-DDDD-EEEE-FFFF', status: 'received', createdAt: '2026-11-12T09:00:00.000Z', message: null, buyer: { anonymous: true, country: 'KE', kind: 'government' } },
  ],
};

const translations = { items: [{ locale: 'fr', title: 'IA pour les ministères', summary: 'Nuage souverain.', updatedAt: '2026-11-01T00:00:00.000Z' }], canEdit: true };

describe('BuyersSection', () => {
  it('lets the anchor save the profile with the version read, and a translation; the Arabic fields read right to left', async () => {
    const saved = { proposalId: P, profile: { ...profile, deployments: ['sovereign_cloud', 'air_gapped'], languages: ['en', 'th', 'km'] }, version: 4, updatedAt: '2026-11-16T12:00:00.000Z', canEdit: true };
    const api = stubApi({
      [`GET ${base}/profile`]: ok({ proposalId: P, profile, version: 3, updatedAt: '2026-11-01T00:00:00.000Z', canEdit: true }),
      [`PUT ${base}/profile`]: ok(saved),
      [`GET ${base}/translations`]: ok(translations),
      [`PUT ${base}/translations/ar`]: ok({ locale: 'ar', title: 'عنوان', summary: 'ملخص', updatedAt: '2026-11-16T12:00:00.000Z' }),
      [`GET ${base}/buyer-matches`]: ok({ items: [] }),
      [`GET ${base}/buyer-interests`]: ok({ items: [] }),
    });
    const { user } = renderAs(users.designatedAnchor, <BuyersSection p={aseanAsApplicant} />);
    await user.click(await screen.findByRole('checkbox', { name: 'Air-gapped' }));
    const languages = screen.getByRole('textbox', { name: /Languages supported/ });
    await user.clear(languages);
    await user.type(languages, 'en, th km');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(api.calls(`PUT ${base}/profile`)).toHaveLength(1));
    expect(api.calls(`PUT ${base}/profile`)[0]!.body).toEqual({ ...profile, deployments: ['sovereign_cloud', 'air_gapped'], languages: ['en', 'th', 'km'], version: 3 });
    expect(await screen.findByText(/Profile saved/)).toBeInTheDocument();

    const arabic = screen.getByRole('form', { name: 'Arabic translation' });
    const title = within(arabic).getByRole('textbox', { name: 'Title in Arabic' });
    expect(title).toHaveAttribute('dir', 'rtl');
    expect(title).toHaveAttribute('lang', 'ar');
    expect(within(arabic).getByRole('textbox', { name: 'Summary in Arabic' })).toHaveAttribute('dir', 'rtl');
    expect(within(screen.getByRole('form', { name: 'French translation' })).getByRole('textbox', { name: 'Title in French' })).toHaveValue('IA pour les ministères');
    await user.type(title, 'عنوان');
    await user.type(within(arabic).getByRole('textbox', { name: 'Summary in Arabic' }), 'ملخص');
    await user.click(within(arabic).getByRole('button', { name: 'Save Arabic' }));
    await waitFor(() => expect(api.calls(`PUT ${base}/translations/ar`)).toHaveLength(1));
    expect(api.calls(`PUT ${base}/translations/ar`)[0]!.body).toEqual({ title: 'عنوان', summary: 'ملخص' });
  });

  it('shows the matches with their reasons, an anonymous buyer as such, and the interest received', async () => {
    stubApi({
      [`GET ${base}/profile`]: ok({ proposalId: P, profile, version: 3, updatedAt: null, canEdit: false }),
      [`GET ${base}/translations`]: ok({ ...translations, canEdit: false }),
      [`GET ${base}/buyer-matches`]: ok(matches),
      [`GET ${base}/buyer-interests`]: ok(interests),
    });
    renderAs(users.programOfficer, <BuyersSection p={aseanAsProgramOfficer} />);
    const named = await screen.findByRole('article', { name: 'Ministry of Posts of Cambodia' });
    expect(within(named).getByRole('heading', { name: 'Ministry of Posts of Cambodia — National AI platform' })).toBeInTheDocument();
    expect(within(named).getByText('Strong fit')).toBeInTheDocument();
    const languages = within(named).getByRole('row', { name: /Languages/ });
    expect(languages).toHaveTextContent('not met');
    expect(languages).toHaveTextContent('km');
    expect(within(named).getByRole('row', { name: /Financing/ })).toHaveTextContent('not declared');
    expect(within(named).getByRole('row', { name: /Budget/ })).toHaveTextContent('$5,000,000 – $20,000,000');
    expect(screen.getByRole('article', { name: 'A government buyer in Laos' })).toBeInTheDocument();

    const received = screen.getByRole('region', { name: 'Interest records' });
    expect(within(received).getByRole('row', { name: /EOI-AAAA-BBBB-CCCC/ })).toHaveTextContent('Thai DGA');
    expect(within(received).getByRole('link', { name: 'ai@dga.example' })).toHaveAttribute('href', 'mailto:ai@dga.example');
    expect(within(received).getByRole('row', { name: /EOI-DDDD-EEEE-FFFF/ })).toHaveTextContent('A government buyer in Kenya');
    // A reader may not edit: the fields are disabled and no save button is offered.
    expect(screen.getByRole('checkbox', { name: 'Sovereign cloud' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save profile' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Save French/ })).toBeNull();
  });

  it('a reviewer reads the profile but is not shown the buyers', async () => {
    const api = stubApi({
      [`GET ${base}/profile`]: ok({ proposalId: P, profile: null, version: 0, updatedAt: null, canEdit: false }),
      [`GET ${base}/translations`]: ok({ items: [], canEdit: false }),
    });
    renderAs(users.reviewer, <BuyersSection p={aseanAsProgramOfficer} />);
    expect(await screen.findByText('The consortium has not described its offer yet.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /Buyers’ requirements/ })).toBeNull();
    expect(api.calls(`GET ${base}/buyer-matches`)).toHaveLength(0);
  });
});

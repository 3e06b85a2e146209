// The public outcomes page: no login, in the reader's language (French and Arabic here), every chart
// with its table, withheld amounts said in words, the CSV download and the way back to the catalog.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Outcomes } from '../../../shared/contracts/outcomes.ts';
import { ok } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';

const figures = (f: Partial<Outcomes['totals']> = {}) => ({
  designations: 1,
  deals: 2,
  dealsClosed: 1,
  dealsWithCommitment: 1,
  dealsWithDisbursement: 1,
  committedUsd: null,
  disbursedUsd: null,
  suppressed: true,
  ...f,
});

const outcomes: Outcomes = {
  asOf: '2026-11-16',
  minDeals: 2,
  totals: { ...figures({ designations: 2, deals: 5, dealsClosed: 3, dealsWithCommitment: 4, dealsWithDisbursement: 3, committedUsd: 46_000_000, disbursedUsd: 15_500_000, suppressed: false }), designationsInForce: 2 },
  timeToFirstCommitment: { packages: 2, medianDays: 41.5, meanDays: 41.5, suppressed: false },
  monitoring: { reportsDue: 4, reportsFiled: 3, filedOnTime: 2 },
  byCountry: [
    { country: 'SG', ...figures() },
    { country: 'PH', ...figures({ deals: 3, dealsClosed: 2, dealsWithCommitment: 3, dealsWithDisbursement: 2, committedUsd: 18_000_000, disbursedUsd: 5_500_000, suppressed: false }) },
  ],
  byLayer: [{ layer: 'model', ...figures({ designations: 2, deals: 5, committedUsd: 46_000_000, disbursedUsd: 15_500_000, suppressed: false }) }],
  byQuarter: [{ quarter: '2026-Q4', ...figures({ designations: 2, deals: 5, committedUsd: 46_000_000, disbursedUsd: 15_500_000, suppressed: false }), reportsFiled: 3 }],
};

const routes = { 'GET /api/v1/public/outcomes': ok(outcomes) };
const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('the public outcomes page', () => {
  it('reads in French without a login: headline figures, charts with tables, withheld amounts in words, CSV and catalog links', async () => {
    const { api } = renderApp(null, '/outcomes', routes, { locale: 'fr' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Résultats du programme' })).toBeInTheDocument();
    // Only the outcomes were asked for: no session check on a public page.
    const headline = await screen.findByRole('region', { name: 'Le programme à ce jour' });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/public/outcomes']);
    const figure = (term: string) => nbsp(within(headline).getByText(term).nextElementSibling!.textContent);
    expect(figure('Offres désignées')).toBe('2');
    expect(figure('Financements engagés')).toBe('46 000 000 $US');
    expect(figure('Financements décaissés')).toBe('15 500 000 $US');
    expect(figure('Délai médian entre la désignation et le premier engagement')).toBe('42 jours');
    expect(within(headline).getByText(/Au 16 novembre 2026/)).toBeInTheDocument();

    // The country table: names in French, the withheld amount said in words.
    const byCountry = screen.getByRole('table', { name: 'Par pays' });
    const rows = within(byCountry).getAllByRole('row');
    expect(rows.map((r) => nbsp(r.textContent))).toEqual([
      'PaysOffres désignéesOpérationsOpérations concluesFinancements engagésFinancements décaissés',
      'Philippines13218 000 000 $US5 500 000 $US',
      'Singapour121Non publiéNon publié',
    ]);
    expect(within(screen.getByRole('table', { name: 'Par couche de la pile d’IA' })).getByRole('rowheader')).toHaveTextContent('Modèles');
    expect(within(screen.getByRole('table', { name: 'Par trimestre' })).getByRole('rowheader')).toHaveTextContent('T4 2026');
    expect(screen.getByText(/un montant calculé sur moins de 2 opérations n’est pas publié/)).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Télécharger les chiffres (CSV)' })).toHaveAttribute('href', '/api/v1/public/outcomes.csv');
    expect(screen.getByRole('link', { name: 'Catalogue des offres désignées' })).toHaveAttribute('href', '/catalog');
    expect(screen.getByRole('combobox', { name: 'Langue' })).toHaveValue('fr');
  });

  it('lays Arabic out right to left, in Arabic', async () => {
    renderApp(null, '/outcomes', routes, { locale: 'ar' });
    expect(await screen.findByRole('heading', { level: 1, name: 'نتائج البرنامج' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(within(await screen.findByRole('table', { name: 'حسب البلد' })).getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['الفلبين', 'سنغافورة']);
    expect(screen.getAllByText('محجوب').length).toBeGreaterThan(0);
  });

  it('says so when the outcomes cannot be read', async () => {
    renderApp(null, '/outcomes', { 'GET /api/v1/public/outcomes': { status: 429, body: { type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'RATE_LIMITED', detail: 'Try again in a minute.' } } });
    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });
});

// The public catalog's open calls: each call's title, summary, dates and eligibility, nothing else.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { openCalls, publicRoutes } from '../catalog/catalog-fixtures.ts';
import { CatalogSearchResponse } from '../../../shared/contracts/catalog.ts';

describe('OpenCalls on the public catalog', () => {
  it('lists the open calls with their dates and eligible regions and sectors', async () => {
    renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/catalog': ok(CatalogSearchResponse.parse({ items: [], total: 0 })) });
    const section = await screen.findByRole('region', { name: 'Open calls for proposals' });
    const item = await within(section).findByText(openCalls.items[0]!.title);
    const li = item.closest('li')!;
    expect(li).toHaveTextContent('rolling: proposals are taken at any time');
    expect(li).toHaveTextContent('regions: Southeast Asia');
    expect(li).toHaveTextContent('sectors: agriculture');
  });

  it('says so when no call is open', async () => {
    renderApp(null, '/catalog', { ...publicRoutes, 'GET /api/v1/public/calls': ok({ items: [] }), 'GET /api/v1/public/catalog': ok(CatalogSearchResponse.parse({ items: [], total: 0 })) });
    expect(await screen.findByText('No call is open at the moment.')).toBeInTheDocument();
  });
});

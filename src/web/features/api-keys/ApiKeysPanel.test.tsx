// The API-key panel: each key's scope, expiry, parent and last use; creating a key with a chosen
// scope and expiry (the secret shown once); revoking. Answers are parsed with the contracts'
// schemas, so they stay what the server sends.
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { ApiKeyCreatedSchema, ApiKeyListResponse } from '../../../shared/contracts/auth.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { ApiKeysPanel } from './ApiKeysPanel.tsx';

const parent = {
  id: 'k-parent',
  name: 'CI pipeline',
  prefix: 'aiep_AbCdEfG',
  scope: 'full',
  expiresAt: '2099-01-01T00:00:00.000Z',
  parentId: null,
  createdAt: '2026-11-01T10:00:00.000Z',
  lastUsedAt: '2026-11-15T08:30:00.000Z',
  revokedAt: null,
};
const child = { ...parent, id: 'k-child', name: 'Screening robot', prefix: 'aiep_HiJkLmN', scope: 'screening', parentId: 'k-parent', lastUsedAt: null };
const expired = { ...parent, id: 'k-old', name: 'Old key', prefix: 'aiep_OpQrStU', scope: 'read', expiresAt: '2020-01-01T00:00:00.000Z' };
const list = ApiKeyListResponse.parse([parent, child, expired]);
const created = ApiKeyCreatedSchema.parse({ id: 'k-new', name: 'Dashboard', key: 'aiep_secret-shown-once', prefix: 'aiep_secret-', scope: 'read', expiresAt: '2027-02-14T12:00:00.000Z', parentId: null, createdAt: '2026-11-16T12:00:00.000Z' });

it('lists scope, expiry, parent and state, and creates a key with the chosen scope and expiry', async () => {
  const api = stubApi({ 'GET /api/v1/api-keys': ok(list), 'POST /api/v1/api-keys': ok(created, 201) });
  const { user } = renderAs(users.northstarAnchor, <ApiKeysPanel />);
  const row = (name: string) => screen.getByRole('cell', { name }).closest('tr')!;
  await screen.findByRole('cell', { name: 'Screening robot' });
  expect(within(row('Screening robot')).getByText('screening')).toBeTruthy();
  expect(within(row('Screening robot')).getByText('key "CI pipeline"')).toBeTruthy();
  expect(within(row('CI pipeline')).getByText('your login')).toBeTruthy();
  expect(within(row('Old key')).getByText('expired')).toBeTruthy();
  expect(within(row('Old key')).queryByRole('button', { name: 'Revoke' })).toBeNull();

  await user.type(screen.getByLabelText('Name'), 'Dashboard');
  await user.selectOptions(screen.getByLabelText('Scope'), 'screening');
  await user.selectOptions(screen.getByLabelText('Expires after'), '30');
  await user.click(screen.getByRole('button', { name: 'Create key' }));
  await waitFor(() => expect(screen.getByTestId('new-api-key').textContent).toBe('aiep_secret-shown-once'));
  expect(api.calls('POST /api/v1/api-keys')[0]!.body).toEqual({ name: 'Dashboard', scope: 'screening', expiresInDays: 30 });
});

it('revokes a key after confirmation', async () => {
  vi.spyOn(window, 'confirm').mockReturnValue(true);
  const api = stubApi({ 'GET /api/v1/api-keys': ok(list), 'DELETE /api/v1/api-keys/k-parent': { status: 204 } });
  const { user } = renderAs(users.northstarAnchor, <ApiKeysPanel />);
  const cell = await screen.findByRole('cell', { name: 'CI pipeline' });
  await user.click(within(cell.closest('tr')!).getByRole('button', { name: 'Revoke' }));
  await waitFor(() => expect(api.calls('DELETE /api/v1/api-keys/k-parent')).toHaveLength(1));
});

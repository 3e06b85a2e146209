// The users page: the list with organization, roles in words, status and last sign-in, filtered on
// the page; the administrator creates users (roles offered by the organization's kind), changes
// roles and disables; the auditor reads without a button; the top bar offers it to both only.
// Answers are parsed with the contracts' schemas, so they stay what the server sends.
import { screen, waitFor, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { UserListItemSchema, UserListResponse } from '../../../shared/contracts/users.ts';
import { ok, problem, stubApi } from '../../test/api-stub.ts';
import { users as sessions } from '../../test/recorded.ts';
import { renderApp, renderAs } from '../../test/render.tsx';
import { admin, auditor, OIG } from './fixtures.ts';
import { UsersPage } from './UsersPage.tsx';

const base = { disabled: false, lockedUntil: null, lastSignInAt: '2026-11-15T08:30:00.000Z' };
const list = UserListResponse.parse({
  items: [
    { ...base, id: 'u-admin', email: 'admin@aiep.example', name: 'Avery Admin', roles: ['admin'], orgId: 'org-program-admin', orgName: 'AIEP Program Administration', orgKind: 'agency' },
    { ...base, id: 'u-anchor', email: 'anchor@cascade.example', name: 'Harper Quinn', roles: ['anchor_member'], orgId: 'org-cascade', orgName: 'Cascade Cloud Systems Inc.', orgKind: 'company', lastSignInAt: null },
    { ...base, id: 'u-auditor', email: 'auditor@oig.example', name: 'Morgan Lee', roles: ['auditor'], orgId: 'org-oig', orgName: OIG.name, orgKind: 'oversight' },
    { ...base, id: 'u-edag', email: 'edag@state.example', name: 'Jordan Blake', roles: ['edag_coordinator'], orgId: 'org-state', orgName: 'Department of State', orgKind: 'agency', disabled: true },
    { ...base, id: 'u-locked', email: 'locked@state.example', name: 'Sam Ortiz', roles: ['interagency_reviewer'], orgId: 'org-state', orgName: 'Department of State', orgKind: 'agency', lockedUntil: '2099-01-01T00:00:00.000Z' },
  ],
});
const rowOf = (name: string) => screen.getByRole('cell', { name }).closest('tr')!;

it('lists each user with organization, roles in words, status and last sign-in, and filters them', async () => {
  stubApi({ 'GET /api/v1/users': ok(list) });
  const { user } = renderAs(admin, <UsersPage />);
  await screen.findByRole('cell', { name: 'Harper Quinn' });
  expect(within(rowOf('Jordan Blake')).getByText('EDAG coordinator')).toBeTruthy();
  expect(within(rowOf('Jordan Blake')).getByText('Disabled')).toBeTruthy();
  expect(within(rowOf('Sam Ortiz')).getByText('Locked')).toBeTruthy();
  expect(within(rowOf('Harper Quinn')).getByText('Never')).toBeTruthy();
  expect(within(rowOf('Morgan Lee')).getByText('Active')).toBeTruthy();
  expect(screen.getByText('5 users')).toBeTruthy();

  const filters = within(screen.getByRole('search', { name: 'Filter users' }));
  await user.type(filters.getByLabelText('Search'), 'cascade');
  expect(screen.getByText('1 of 5 users')).toBeTruthy();
  expect(screen.queryByRole('cell', { name: 'Morgan Lee' })).toBeNull();
  await user.clear(filters.getByLabelText('Search'));
  await user.selectOptions(filters.getByLabelText('Organization'), 'org-state');
  expect(screen.getByText('2 of 5 users')).toBeTruthy();
  await user.selectOptions(filters.getByLabelText('Status'), 'disabled');
  expect(screen.getByText('1 of 5 users')).toBeTruthy();
  await user.selectOptions(filters.getByLabelText('Status'), 'active');
  expect(screen.getByText('No user matches these filters.')).toBeTruthy();
  await user.selectOptions(filters.getByLabelText('Organization'), '');
  await user.selectOptions(filters.getByLabelText('Role'), 'auditor');
  expect(screen.getByText('1 of 5 users')).toBeTruthy();
});

it('creates a user with the roles the organization’s kind allows, and shows the server’s refusal', async () => {
  const api = stubApi({
    'GET /api/v1/users': ok(list),
    'POST /api/v1/users': [
      problem({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'PASSWORD_TOO_COMMON', detail: 'The password is too common', errors: [{ path: 'password', message: 'is too common' }] }),
      ok({ id: 'u-new' }, 201),
    ],
  });
  const { user } = renderAs(admin, <UsersPage />);
  const form = await screen.findByRole('form', { name: 'Create a user' });
  const f = within(form);
  expect(f.getByText('Choose the organization first: the roles depend on it.')).toBeTruthy();
  await user.type(f.getByLabelText('Name'), 'Reese Okonkwo');
  await user.type(f.getByLabelText('E-mail'), 'Second.Auditor@oig.example');
  await user.selectOptions(f.getByLabelText('Organization'), 'org-oig');
  // A government organization: no company role is offered.
  expect(f.queryByLabelText('Anchor member')).toBeNull();
  await user.click(f.getByLabelText('Auditor'));
  await user.type(f.getByLabelText(/^Password/), 'password12345');
  await user.click(f.getByRole('button', { name: 'Create user' }));
  await f.findByText('The password is too common');
  await user.clear(f.getByLabelText(/^Password/));
  await user.type(f.getByLabelText(/^Password/), 'lantern harbour quietly 2026');
  await user.click(f.getByRole('button', { name: 'Create user' }));
  await f.findByText('Reese Okonkwo (second.auditor@oig.example) can now sign in.');
  expect(api.calls('POST /api/v1/users').at(-1)!.body).toEqual({ email: 'Second.Auditor@oig.example', name: 'Reese Okonkwo', orgId: 'org-oig', roles: ['auditor'], password: 'lantern harbour quietly 2026' });
  // A company: its roles are offered, a government one is not.
  await user.selectOptions(f.getByLabelText('Organization'), 'org-cascade');
  expect(f.getByLabelText('Anchor member')).toBeTruthy();
  expect(f.queryByLabelText('Auditor')).toBeNull();
});

it('changes a user’s roles and disables another after confirmation; never offers to disable oneself', async () => {
  vi.spyOn(window, 'confirm').mockReturnValue(true);
  const updated = UserListItemSchema.parse({ ...list.items[4], roles: ['interagency_reviewer', 'edag_coordinator'] });
  const api = stubApi({ 'GET /api/v1/users': ok(list), 'PATCH /api/v1/users/u-locked': ok(updated), 'PATCH /api/v1/users/u-anchor': ok({ ...list.items[1], disabled: true }) });
  const { user } = renderAs(admin, <UsersPage />);
  await screen.findByRole('cell', { name: 'Sam Ortiz' });
  expect(within(rowOf('Avery Admin')).queryByRole('button', { name: /Disable/ })).toBeNull();
  expect(within(rowOf('Jordan Blake')).getByRole('button', { name: 'Enable Jordan Blake' })).toBeTruthy();

  await user.click(screen.getByRole('button', { name: 'Change roles of Sam Ortiz' }));
  const row = rowOf('Sam Ortiz');
  // A government user: government roles only.
  expect(within(row).queryByLabelText('Anchor member')).toBeNull();
  await user.click(within(row).getByLabelText('EDAG coordinator'));
  await user.click(within(row).getByRole('button', { name: 'Save roles' }));
  await waitFor(() => expect(api.calls('PATCH /api/v1/users/u-locked')).toHaveLength(1));
  expect(api.calls('PATCH /api/v1/users/u-locked')[0]!.body).toEqual({ roles: ['interagency_reviewer', 'edag_coordinator'] });

  await user.click(screen.getByRole('button', { name: 'Disable Harper Quinn' }));
  await waitFor(() => expect(api.calls('PATCH /api/v1/users/u-anchor')).toHaveLength(1));
  expect(api.calls('PATCH /api/v1/users/u-anchor')[0]!.body).toEqual({ disabled: true });
  expect(window.confirm).toHaveBeenCalledWith(expect.stringMatching(/^Disable Harper Quinn\? They can no longer sign in/));
});

it('the auditor reads the list with no form and no button', async () => {
  stubApi({ 'GET /api/v1/users': ok(list) });
  renderAs(auditor, <UsersPage />);
  await screen.findByRole('cell', { name: 'Harper Quinn' });
  expect(screen.queryByRole('form', { name: 'Create a user' })).toBeNull();
  expect(within(screen.getByRole('table', { name: 'Users' })).queryAllByRole('button')).toEqual([]);
});

it('another role is told the page is not theirs, and asks nothing', async () => {
  const api = stubApi({});
  renderAs(sessions.programOfficer, <UsersPage />);
  await screen.findByText('The list of users is for administrators and auditors.');
  expect(api.requests).toEqual([]);
});

it('the top bar offers Users and Access log to the administrator and the auditor only', async () => {
  for (const [who, expected] of [
    [admin, true],
    [auditor, true],
    [sessions.programOfficer, false],
    [sessions.applicant, false],
  ] as const) {
    const view = renderApp(who, '/api-keys', { 'GET /api/v1/api-keys': ok([]) });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect([who.email, !!within(nav).queryByRole('link', { name: 'Users' }), !!within(nav).queryByRole('link', { name: 'Access log' })]).toEqual([who.email, expected, expected]);
    view.unmount();
  }
});

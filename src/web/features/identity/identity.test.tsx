import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem } from '../../test/api-stub.ts';
import { renderApp } from '../../test/render.tsx';
import { users } from '../../test/recorded.ts';

describe('sign-in through a provider', () => {
  it('the login form offers each configured provider as a link to its start', async () => {
    renderApp(null, '/', { 'GET /api/v1/auth/oidc/providers': ok({ items: [{ id: 'logingov', label: 'Login.gov' }] }) });
    const link = await screen.findByRole('link', { name: 'Sign in with Login.gov' });
    expect(link).toHaveAttribute('href', '/auth/oidc/logingov/start');
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument();
  });

  it('the error page says why, in words, and leads back', async () => {
    const { api } = renderApp(null, '/sign-in-error?reason=no_account');
    expect(await screen.findByRole('heading', { name: 'You are not signed in' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('There is no account or open invitation for this e-mail address.');
    expect(screen.getByRole('link', { name: 'Back to the sign-in page' })).toBeInTheDocument();
    expect(api.requests).toEqual([]);
  });

  it('an unknown reason reads as a general failure', async () => {
    renderApp(null, '/sign-in-error?reason=<script>');
    expect(await screen.findByRole('alert')).toHaveTextContent('The sign-in did not complete.');
  });
});

describe('accepting an invitation', () => {
  const preview = { email: 'new@cascade.example', orgName: 'Cascade Robotics', roles: ['consortium_member'], expiresAt: '2026-11-23T12:00:00.000Z', providers: [{ id: 'logingov', label: 'Login.gov' }] };

  it('shows the organization and roles, the providers, and creates the account with a password', async () => {
    const { user, api } = renderApp(null, '/invitations/accept?token=tok-1234567890', {
      'POST /api/v1/invitations/preview': ok(preview),
      'POST /api/v1/invitations/accept': ok({ userId: 'u1', email: preview.email }, 201),
    });
    expect(await screen.findByText('Cascade Robotics')).toBeInTheDocument();
    expect(screen.getByText(/Consortium member/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in with Login.gov' })).toHaveAttribute('href', '/auth/oidc/logingov/start');
    await user.type(screen.getByLabelText('Your name'), 'New Colleague');
    await user.type(screen.getByLabelText('Password'), 'a long and unusual passphrase');
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    expect(await screen.findByText(/Your account is ready/)).toBeInTheDocument();
    expect(api.calls('POST /api/v1/invitations/accept')[0]!.body).toEqual({ token: 'tok-1234567890', name: 'New Colleague', password: 'a long and unusual passphrase' });
  });

  it('a used link says so and offers no form', async () => {
    renderApp(null, '/invitations/accept?token=tok-1234567890', {
      'POST /api/v1/invitations/preview': problem({ type: 'about:blank', title: 'Conflict', status: 409, code: 'INVITATION_ACCEPTED', detail: 'This invitation was already used to create an account: sign in instead.' }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('already used');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Create my account' })).not.toBeInTheDocument());
  });
});

describe('the invitations page', () => {
  it('an anchor invites a colleague into its own company with company roles', async () => {
    const anchor = users.designatedAnchor;
    const { user, api } = renderApp(anchor, '/invitations', {
      'GET /api/v1/invitations': ok({ items: [] }),
      'POST /api/v1/invitations': ok(
        { id: 'i1', email: 'pal@cascade.example', orgId: anchor.org.id, orgName: anchor.org.name, roles: ['consortium_member'], invitedBy: anchor.name, createdAt: '2026-11-16T12:00:00.000Z', expiresAt: '2026-11-23T12:00:00.000Z', acceptedAt: null, revokedAt: null, status: 'open' },
        201,
      ),
    });
    await screen.findByText('No invitations yet.');
    expect(screen.queryByRole('checkbox', { name: 'Program officer' })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('E-mail'), 'pal@cascade.example');
    await user.click(screen.getByRole('checkbox', { name: 'Consortium member' }));
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText(/Invitation e-mailed to pal@cascade.example/)).toBeInTheDocument();
    expect(api.calls('POST /api/v1/invitations')[0]!.body).toEqual({ email: 'pal@cascade.example', orgId: anchor.org.id, roles: ['consortium_member'] });
  });
});

// The e-mail preferences page: each changeable kind with its three choices, the mandatory kinds
// listed apart, and saving sends the choices (answers parsed with the contracts' schemas).
// The administrators' e-mail page: the outbox with a retry, and the development mailbox.
import { screen, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import { DevMailList, MailOutboxList, MailOutboxView, MailPreferencesView } from '../../../shared/contracts/mail.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { AdminMailPage } from './AdminMailPage.tsx';
import { NotificationPreferencesPage } from './NotificationPreferencesPage.tsx';

const prefs = MailPreferencesView.parse({
  items: [
    { kind: 'buyer_interest', label: 'Buyer interest', mode: 'immediate', mandatory: false },
    { kind: 'license_expiring', label: 'Export license expiring', mode: 'digest', mandatory: false },
    { kind: 'decision', label: 'Designation decision', mode: 'immediate', mandatory: true },
  ],
});

it('shows each kind’s choice, lists the mandatory kinds apart, and saves the changed choices', async () => {
  const saved = MailPreferencesView.parse({ items: prefs.items.map((i) => (i.kind === 'buyer_interest' ? { ...i, mode: 'off' } : i)) });
  const api = stubApi({ 'GET /api/v1/me/notification-preferences': ok(prefs), 'PUT /api/v1/me/notification-preferences': ok(saved) });
  const { user } = renderAs(users.northstarAnchor, <NotificationPreferencesPage />);
  const digest = await screen.findByRole('radio', { name: 'Export license expiring: Daily digest' });
  expect((digest as HTMLInputElement).checked).toBe(true);
  // A mandatory kind has no choice to make.
  expect(screen.queryByRole('radio', { name: /Designation decision/ })).toBeNull();
  expect(screen.getByRole('listitem').textContent).toBe('Designation decision');

  await user.click(screen.getByRole('radio', { name: 'Buyer interest: No e-mail' }));
  await user.click(screen.getByRole('button', { name: 'Save preferences' }));
  await screen.findByText('Your e-mail preferences are saved.');
  expect(api.calls('PUT /api/v1/me/notification-preferences')[0]!.body).toEqual({
    items: [
      { kind: 'buyer_interest', mode: 'off' },
      { kind: 'license_expiring', mode: 'digest' },
    ],
  });
});

it('lists the outbox without contents, retries a failed e-mail, and shows the development mailbox', async () => {
  const failed = MailOutboxView.parse({
    id: 'm-1',
    to: 'reviewer@state.example',
    userId: 'u-1',
    template: 'review_assigned',
    status: 'failed',
    attempts: 6,
    lastError: '550 mailbox unavailable',
    nextAttemptAt: null,
    createdAt: '2026-11-16T12:00:00.000Z',
    sentAt: null,
  });
  const api = stubApi({
    'GET /api/v1/admin/mail': ok(MailOutboxList.parse({ items: [failed] })),
    'POST /api/v1/admin/mail/m-1/retry': ok({ ...failed, status: 'pending', attempts: 0, lastError: '550 mailbox unavailable' }),
    'GET /api/v1/admin/dev-mail': ok(
      DevMailList.parse({
        enabled: true,
        items: [{ id: 'd-1', receivedAt: '2026-11-16T12:00:00.000Z', from: 'aiep', to: ['anchor@meridian.example'], subject: 'Reset your password', text: 'Follow the link', html: null }],
      }),
    ),
  });
  const { user } = renderAs(users.programOfficer, <AdminMailPage />);
  await screen.findByText('550 mailbox unavailable');
  expect(screen.getByText(/Reset your password/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Retry' }));
  await waitFor(() => expect(api.calls('POST /api/v1/admin/mail/m-1/retry')).toHaveLength(1));
  await screen.findByText('E-mail to reviewer@state.example queued again.');
});

// Onboarding in the web app: the public sign-up, confirmation and password-reset pages post what
// the contracts say and show the server's one answer; the program office's queue of new
// organizations approves, and rejects only with a reason. Answers are parsed with the contracts.
import { screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { OnboardingAccepted, RegistrationListResponse, RegistrationView, SignupBody } from '../../../shared/contracts/onboarding.ts';
import { ok, problem } from '../../test/api-stub.ts';
import { reference, users } from '../../test/recorded.ts';
import { renderApp } from '../../test/render.tsx';

const accepted = OnboardingAccepted.parse({ message: 'If an account with this address can sign in with a password, we sent it a link to choose a new one.' });

it('asks for a reset link and shows the same answer whatever the address', async () => {
  const { api, user } = renderApp(null, '/forgot-password', { 'POST /api/v1/auth/password-reset': ok(accepted, 202) });
  await user.type(await screen.findByLabelText('E-mail'), 'someone@example.com');
  await user.click(screen.getByRole('button', { name: 'Send the link' }));
  expect(await screen.findByText(accepted.message)).toBeTruthy();
  expect(api.calls('POST /api/v1/auth/password-reset').map((r) => r.body)).toEqual([{ email: 'someone@example.com' }]);
});

it('sets a new password with the link’s token, refusing two different entries, and offers a new link when the server refuses', async () => {
  const { api, user } = renderApp(null, '/reset-password?token=tok_abcdefghijklmnop', {
    'POST /api/v1/auth/password-reset/confirm': problem({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'LINK_EXPIRED', detail: 'This link has expired. Ask for a new one.', errors: [] }),
  });
  await user.type(await screen.findByLabelText('New password'), 'a long passphrase of mine');
  await user.type(screen.getByLabelText('Repeat the new password'), 'a different one');
  expect(screen.getByText('The two passwords differ.')).toBeTruthy();
  expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Set the new password' }).disabled).toBe(true);
  await user.clear(screen.getByLabelText('Repeat the new password'));
  await user.type(screen.getByLabelText('Repeat the new password'), 'a long passphrase of mine');
  await user.click(screen.getByRole('button', { name: 'Set the new password' }));
  expect(await screen.findByText('This link has expired. Ask for a new one.')).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeTruthy();
  expect(api.calls('POST /api/v1/auth/password-reset/confirm').map((r) => r.body)).toEqual([{ token: 'tok_abcdefghijklmnop', password: 'a long passphrase of mine' }]);
});

it('confirms an e-mail address only when the button is pressed', async () => {
  const { api, user } = renderApp(null, '/verify-email?token=tok_abcdefghijklmnop', {
    'POST /api/v1/onboarding/verify-email': ok({ message: 'Your e-mail address is confirmed. You can sign in now.' }),
  });
  const button = await screen.findByRole('button', { name: 'Confirm my e-mail address' });
  expect(api.calls('POST /api/v1/onboarding/verify-email')).toHaveLength(0);
  await user.click(button);
  expect(await screen.findByText(/Your e-mail address is confirmed/)).toBeTruthy();
  expect(api.calls('POST /api/v1/onboarding/verify-email').map((r) => r.body)).toEqual([{ token: 'tok_abcdefghijklmnop' }]);
});

it('signs a company up with its ownership and first user, as the contract reads it', async () => {
  const { api, user } = renderApp(null, '/signup', {
    'GET /api/v1/reference': ok(reference),
    'POST /api/v1/onboarding/signup': ok({ message: 'Thank you. Check your e-mail: we sent a link to confirm your address.' }, 202),
  });
  const form = within(await screen.findByRole('form', { name: 'Register your company' }));
  await user.type(form.getByLabelText('Legal name'), 'Example Robotics Ltd');
  await user.selectOptions(await form.findByLabelText('Country of incorporation'), 'GB');
  await user.selectOptions(form.getByLabelText('Principal place of business'), 'GB');
  await user.type(form.getByLabelText('Registration number'), '01234567');
  await user.type(form.getByLabelText('Registered address'), '1 Example Street, London');
  await user.click(form.getByRole('button', { name: 'Add an owner' }));
  await user.type(form.getByLabelText('Owner 1 name'), 'Founder Holdings');
  await user.selectOptions(form.getByLabelText('Owner 1 country'), 'GB');
  await user.type(form.getByLabelText('Owner 1 percent'), '75');
  await user.type(form.getByLabelText('Your name'), 'Robin Registrant');
  await user.type(form.getByLabelText('E-mail'), 'robin@example.com');
  await user.type(form.getByLabelText('Password'), 'a long passphrase of mine');
  await user.click(form.getByRole('button', { name: 'Register' }));
  expect(await screen.findByRole('heading', { name: 'Check your e-mail' })).toBeTruthy();
  const [sent] = api.calls('POST /api/v1/onboarding/signup');
  expect(SignupBody.parse(sent!.body)).toMatchObject({
    organization: { name: 'Example Robotics Ltd', countryOfIncorporation: 'GB', owners: [{ name: 'Founder Holdings', country: 'GB', percent: 75 }], ultimateParent: null },
    registration: { registrationNumber: '01234567', website: null },
    user: { email: 'robin@example.com' },
  });
});

const waiting = RegistrationView.parse({
  orgId: 'org-new',
  name: 'Example Robotics Ltd',
  countryOfIncorporation: 'GB',
  principalPlaceOfBusiness: 'GB',
  registrationNumber: '01234567',
  address: '1 Example Street, London',
  website: 'https://example.com',
  owners: [{ name: 'Founder Holdings', country: 'GB', percent: 75 }],
  ultimateParent: null,
  countryOfConcern: { concern: false, reasons: [] },
  status: 'registered',
  registeredBy: { name: 'Robin Registrant', email: 'robin@example.com' },
  emailVerified: true,
  createdAt: '2026-11-15T08:30:00.000Z',
  decidedAt: null,
  decidedBy: null,
  reason: null,
  version: 1,
});

it('lists new organizations for the program office and approves one; rejecting needs a reason', async () => {
  const { api, user } = renderApp(users.programOfficer, '/registrations', {
    'GET /api/v1/organizations/registrations?status=registered': [ok(RegistrationListResponse.parse({ items: [waiting] })), ok({ items: [] })],
    'POST /api/v1/organizations/registrations/org-new/approve': ok({ ...waiting, status: 'approved', version: 2 }),
  });
  const card = within(await screen.findByRole('article', { name: /Example Robotics Ltd/ }));
  expect(card.getByText(/address confirmed/)).toBeTruthy();
  expect(card.getByRole<HTMLButtonElement>('button', { name: 'Reject' }).disabled).toBe(true);
  await user.click(card.getByRole('button', { name: 'Approve' }));
  expect(await screen.findByText('No registration is waiting for approval.')).toBeTruthy();
  expect(api.calls('POST /api/v1/organizations/registrations/org-new/approve').map((r) => r.body)).toEqual([{ version: 1 }]);
});

it('tells a company user the queue is not theirs', async () => {
  renderApp(users.applicant, '/registrations');
  expect(await screen.findByText('The queue of new organizations is for the program office.')).toBeTruthy();
});

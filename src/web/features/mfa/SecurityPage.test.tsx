// Account security: a required user's two-factor sign-in is on and cannot be turned off; recovery
// codes are renewed with a code; a company user may set it up, and turn it off again.
import { screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { MfaStatusResponse } from '../../../shared/contracts/auth.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { renderAs } from '../../test/render.tsx';
import { SecurityPage } from './SecurityPage.tsx';

const on = MfaStatusResponse.parse({ enrolled: true, required: true, session: 'ok', recoveryCodesLeft: 7, demoCode: null });
const optionalOn = MfaStatusResponse.parse({ ...on, required: false });
const optionalOff = MfaStatusResponse.parse({ enrolled: false, required: false, session: 'ok', recoveryCodesLeft: 0, demoCode: null });
const codes = Array.from({ length: 10 }, (_, i) => `newc${i}-abcde`);

it('shows a required user’s set-up as on, renews the recovery codes with a code, and offers no way to turn it off', async () => {
  const api = stubApi({ 'GET /api/v1/auth/mfa': ok(on), 'POST /api/v1/auth/mfa/recovery-codes': ok({ recoveryCodes: codes }) });
  const { user } = renderAs(users.programOfficer, <SecurityPage />);
  expect(await screen.findByText(/Recovery codes left: 7/)).toBeInTheDocument();
  expect(screen.getByText(/Your role requires two-factor sign-in, so it cannot be turned off/)).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Turn two-factor sign-in off' })).not.toBeInTheDocument();
  await user.type(screen.getByLabelText('Authentication code'), '123456');
  await user.click(screen.getByRole('button', { name: 'Make new recovery codes' }));
  expect((await screen.findByRole('list', { name: 'Your recovery codes' })).querySelectorAll('li')).toHaveLength(10);
  expect(api.calls('POST /api/v1/auth/mfa/recovery-codes').map((r) => r.body)).toEqual([{ code: '123456' }]);
});

it('lets a company user turn it off with a code', async () => {
  const api = stubApi({ 'GET /api/v1/auth/mfa': [ok(optionalOn), ok(optionalOff)], 'POST /api/v1/auth/mfa/disable': ok(undefined, 204) });
  const { user } = renderAs(users.northstarAnchor, <SecurityPage />);
  await user.type(await screen.findByLabelText('Authentication code to turn it off'), '654321');
  await user.click(screen.getByRole('button', { name: 'Turn two-factor sign-in off' }));
  expect(await screen.findByRole('button', { name: 'Set up two-factor sign-in' })).toBeInTheDocument();
  expect(api.calls('POST /api/v1/auth/mfa/disable').map((r) => r.body)).toEqual([{ code: '654321' }]);
});

it('offers the set-up to a company user without one', async () => {
  stubApi({
    'GET /api/v1/auth/mfa': ok(optionalOff),
    'POST /api/v1/auth/mfa/enrollment': ok({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/aiep:a%40b.example?issuer=aiep&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
  });
  const { user } = renderAs(users.northstarAnchor, <SecurityPage />);
  expect(await screen.findByText(/Optional for your role/)).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
  expect(await screen.findByTestId('mfa-secret')).toHaveTextContent('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
});

// The second sign-in step in the app: a session whose code is due sees only the code form (with
// the demo code when the server offers one); one whose role requires MFA sets up an authenticator
// first; either way the app appears once the step is done.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok, problem } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { CSRF_TOKEN, renderApp } from '../../test/render.tsx';

const user = users.programOfficer;
const pending = (mfa: 'challenge' | 'enroll') => ({ session: ok({ user, csrfToken: CSRF_TOKEN, mfa }) });
const empty = ok({ items: [], total: 0, offset: 0, limit: 50 });
// What the program officer's home page reads once the app opens.
const home = {
  'GET /api/v1/buyer-interests': ok({ items: [] }),
  'GET /api/v1/screening/alerts': ok({ items: [] }),
  'GET /api/v1/proposals/queue?limit=50': empty,
  'GET /api/v1/proposals/queue?state=under_review&limit=50': empty,
  'GET /api/v1/proposals/queue?state=designated&limit=50': empty,
};

describe('two-factor sign-in step', () => {
  it('asks for a code before anything else, offers the demo code, and opens the app once verified', async () => {
    const { api, user: u } = renderApp(
      user,
      '/',
      {
        ...home,
        'GET /api/v1/auth/mfa': ok({ enrolled: true, required: true, session: 'challenge', recoveryCodesLeft: 10, demoCode: '123456' }),
        'POST /api/v1/auth/mfa/verify': [
          problem({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'MFA_CODE_INVALID', detail: 'The code is wrong, expired or already used' }),
          ok({ mfa: 'ok', recoveryCodesLeft: 10 }),
        ],
      },
      pending('challenge'),
    );
    expect(await screen.findByRole('heading', { name: 'Two-factor sign-in' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    expect(api.calls('GET /api/v1/reference')).toEqual([]);

    await u.type(screen.getByLabelText('Authentication code'), '000000');
    await u.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('The code is wrong, expired or already used')).toBeInTheDocument();

    await u.clear(screen.getByLabelText('Authentication code'));
    await u.click(await screen.findByRole('button', { name: 'Use the demo code' }));
    expect(screen.getByLabelText('Authentication code')).toHaveValue('123456');
    await u.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(api.calls('POST /api/v1/auth/mfa/verify').map((r) => r.body)).toEqual([{ code: '000000' }, { code: '123456' }]);
    expect(api.calls('POST /api/v1/auth/mfa/verify')[1]!.headers['x-csrf-token']).toBe(CSRF_TOKEN);
  });

  it('takes a recovery code instead', async () => {
    const { api, user: u } = renderApp(
      user,
      '/',
      { ...home, 'GET /api/v1/auth/mfa': ok({ enrolled: true, required: true, session: 'challenge', recoveryCodesLeft: 3, demoCode: null }), 'POST /api/v1/auth/mfa/verify': ok({ mfa: 'ok', recoveryCodesLeft: 2 }) },
      pending('challenge'),
    );
    await u.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    await u.type(screen.getByLabelText('Recovery code'), 'abcde-fghjk');
    await u.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(api.calls('POST /api/v1/auth/mfa/verify').map((r) => r.body)).toEqual([{ recoveryCode: 'abcde-fghjk' }]);
  });

  it('sets up an authenticator first when the role requires it: QR code, secret, code, recovery codes', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `code${i}-abcde`);
    const { api, user: u } = renderApp(
      user,
      '/',
      {
        ...home,
        'POST /api/v1/auth/mfa/enrollment': ok({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/aiep:po%40ita.example?issuer=aiep&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
        'POST /api/v1/auth/mfa/enrollment/confirm': ok({ recoveryCodes: codes }),
      },
      pending('enroll'),
    );
    expect(await screen.findByText(/Your role requires two-factor sign-in/)).toBeInTheDocument();
    expect(await screen.findByTestId('mfa-secret')).toHaveTextContent('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(await screen.findByRole('img', { name: /QR code/ })).toHaveAttribute('src', expect.stringMatching(/^data:image\/svg\+xml/));
    await u.type(screen.getByLabelText('Authentication code'), '654321');
    await u.click(screen.getByRole('button', { name: 'Confirm' }));
    const list = await screen.findByRole('list', { name: 'Your recovery codes' });
    expect(list.querySelectorAll('li')).toHaveLength(10);
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: /I have saved these codes/ }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(api.calls('POST /api/v1/auth/mfa/enrollment/confirm').map((r) => r.body)).toEqual([{ code: '654321' }]);
  });
});

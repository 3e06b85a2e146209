// The second sign-in step over HTTP, for tests and benchmarks that drive server processes of their
// own, which run on the machine's clock (src/server/test/mfa-login.ts answers it in-process, on the
// test clock). It answers like a user with an authenticator: the demo accounts' derived secret, or
// the secret of a set-up it made itself; a code is accepted once per user and 30-second step, so
// it takes the current step's code or the next one's, and waits for the next step when both are used.
import { setTimeout as sleep } from 'node:timers/promises';
import { demoTotpSecret, TOTP_PERIOD_S, totpCodeAtStep, totpStep } from '../modules/auth/mfa.totp.ts';

export interface HttpSignIn {
  cookie: string;
  csrf: string;
  email: string;
  /** The demo password the demo accounts' secrets derive from. */
  demoPassword: string;
  /** The login answer's `mfa`: 'ok' (nothing to do), 'challenge' or 'enroll'. */
  mfa: string | undefined;
}

const enrolledSecrets = new Map<string, string>();
const usedSteps = new Map<string, Set<number>>();

/** Completes a sign-in whose answer asked for a second step; throws with the server's answer when refused. */
export async function completeSecondStepOverHttp(baseUrl: string, signIn: HttpSignIn): Promise<void> {
  if (!signIn.mfa || signIn.mfa === 'ok') return;
  const email = signIn.email.toLowerCase();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: signIn.cookie, 'x-csrf-token': signIn.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`second sign-in step of ${email} at ${baseUrl}${path}: ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  if (signIn.mfa === 'enroll') {
    const { secret } = (await post('/api/v1/auth/mfa/enrollment', {})) as { secret: string };
    enrolledSecrets.set(email, secret);
    await post('/api/v1/auth/mfa/enrollment/confirm', { code: await unusedCode(email, secret) });
    return;
  }
  const secret = enrolledSecrets.get(email) ?? demoTotpSecret(email, signIn.demoPassword);
  await post('/api/v1/auth/mfa/verify', { code: await unusedCode(email, secret) });
}

/** The machine's time: the server processes this answers run on it, not on a test clock. */
// eslint-disable-next-line no-restricted-syntax -- see above
const machineNow = (): number => Date.now();

async function unusedCode(email: string, secret: string): Promise<string> {
  let used = usedSteps.get(email);
  if (!used) usedSteps.set(email, (used = new Set()));
  for (;;) {
    const now = totpStep(machineNow());
    const step = [now, now + 1].find((s) => !used.has(s));
    if (step !== undefined) {
      used.add(step);
      return totpCodeAtStep(secret, step);
    }
    await sleep((now + 1) * TOTP_PERIOD_S * 1000 - machineNow() + 50);
  }
}

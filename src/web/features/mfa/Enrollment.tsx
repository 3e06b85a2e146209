// Setting up an authenticator app: the QR code (otpauth:// URI, issuer aiep) and the secret as text,
// confirmed with a code; then the recovery codes, shown once.
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { confirmEnrollment, startEnrollment } from './mfaApi.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';

export function Enrollment({ onEnrolled, doneLabel }: { onEnrolled: () => void; doneLabel?: string }) {
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string; qr: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    startEnrollment()
      .then(async (s) => {
        const qr = await QRCode.toString(s.otpauthUri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        if (live) setSetup({ ...s, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}` });
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, []);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await confirmEnrollment(code.trim());
      setCodes(res.recoveryCodes);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (codes) return <RecoveryCodes codes={codes} onDone={onEnrolled} doneLabel={doneLabel ?? 'I have saved these codes — continue'} />;
  if (!setup) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <section aria-label="Set up an authenticator app">
      <ol>
        <li>Open an authenticator app (for example one that supports TOTP, RFC 6238) and add an account.</li>
        <li>
          Scan this QR code, or type the secret key instead.
          <div>
            <img src={setup.qr} alt="QR code to add aiep to your authenticator app" width={200} height={200} />
          </div>
          <p>
            Secret key: <code data-testid="mfa-secret">{setup.secret}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <form onSubmit={confirm} aria-label="Confirm the authenticator">
        <ErrorBox error={error} />
        <label>
          Authentication code
          <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Confirm'}
        </button>
      </form>
    </section>
  );
}

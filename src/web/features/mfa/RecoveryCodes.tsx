// Recovery codes, shown once after set-up or regeneration.
import { Alert } from '../../components/ui.tsx';

export function RecoveryCodes({ codes, onDone, doneLabel = 'I have saved these codes' }: { codes: string[]; onDone?: () => void; doneLabel?: string }) {
  return (
    <section aria-label="Recovery codes">
      <h3>Recovery codes</h3>
      <Alert kind="info">
        Keep these codes somewhere safe (a password manager, or printed). Each one signs you in once when your authenticator app is not at hand. They
        are shown only now.
      </Alert>
      <ul className="recovery-codes" aria-label="Your recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(codes.join('\n'))}>
          Copy the codes
        </button>{' '}
        {onDone && (
          <button type="button" onClick={onDone}>
            {doneLabel}
          </button>
        )}
      </p>
    </section>
  );
}

// "Sign in with …" buttons for the configured OpenID providers (Login.gov, an agency's provider).
// Each is a full-page navigation to the server, which sends the browser on to the provider.
import type { OidcProviderView } from '../../../shared/contracts/identity.ts';
import { useApiQuery } from '../../lib/query.ts';

export const PROVIDERS_URL = '/api/v1/auth/oidc/providers';

export function ProviderButtons({ providers }: { providers: readonly OidcProviderView[] }) {
  if (providers.length === 0) return null;
  return (
    <div className="sign-in-providers" role="group" aria-label="Sign in with a provider">
      {providers.map((p) => (
        <a key={p.id} className="button" href={`/auth/oidc/${encodeURIComponent(p.id)}/start`}>
          Sign in with {p.label}
        </a>
      ))}
    </div>
  );
}

/** The providers offered on the login form (nothing while loading or when none is configured). */
export function SignInProviders() {
  const { data } = useApiQuery<{ items: OidcProviderView[] }>(PROVIDERS_URL);
  if (!data || data.items.length === 0) return null;
  return (
    <>
      <ProviderButtons providers={data.items} />
      <p className="muted small">Or log in with your e-mail and password:</p>
    </>
  );
}

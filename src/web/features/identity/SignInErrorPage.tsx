// Where a refused sign-in through an OpenID provider lands: what went wrong, in words, and the way back.
import { getRouteApi, Link } from '@tanstack/react-router';
import { z } from 'zod';
import { SIGN_IN_ERROR_MESSAGES, SIGN_IN_ERROR_REASONS } from '../../../shared/contracts/identity.ts';
import { Alert } from '../../components/ui.tsx';

export const SignInErrorSearch = z.object({ reason: z.enum(SIGN_IN_ERROR_REASONS).optional().catch(undefined) });

const route = getRouteApi('/sign-in-error');

export function SignInErrorPage() {
  const { reason } = route.useSearch();
  return (
    <main className="login" id="main">
      <h1>You are not signed in</h1>
      <Alert>{reason ? SIGN_IN_ERROR_MESSAGES[reason] : 'The sign-in did not complete. Start again from the sign-in page.'}</Alert>
      <p>
        <Link to="/">Back to the sign-in page</Link>
      </p>
    </main>
  );
}

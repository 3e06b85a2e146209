// An address the app does not know: said so, with the way back (no session check, so an anonymous
// visitor sees it too).
import { Link, useLocation } from '@tanstack/react-router';

export function NotFoundPage() {
  const path = useLocation({ select: (l) => l.pathname });
  return (
    <main className="page" id="main">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. The link may be mistyped, or the page may have moved.
      </p>
      <p>
        <Link to="/">Go to the home page</Link> · <Link to="/catalog">Browse the public catalog</Link>
      </p>
    </main>
  );
}

// The links of a public page's header: the program's outcomes, a buyer's sign-up, the login, and
// the language switch.
import { Link } from '@tanstack/react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { LanguageSwitcher } from '../../i18n/index.ts';

export function PublicNav() {
  const intl = useIntl();
  return (
    <nav className="public-nav" aria-label={intl.formatMessage({ id: 'catalog.nav.label', defaultMessage: 'Program' })}>
      <Link to="/outcomes">
        <FormattedMessage id="catalog.nav.outcomes" defaultMessage="Program outcomes" />
      </Link>
      <Link to="/buyers/signup">
        <FormattedMessage id="catalog.nav.buyerSignup" defaultMessage="Sign up as a buyer" />
      </Link>
      <Link to="/">
        <FormattedMessage id="catalog.nav.login" defaultMessage="Log in" />
      </Link>
      <LanguageSwitcher />
    </nav>
  );
}

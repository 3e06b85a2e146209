// One designated package of the public catalog at its own address (/catalog/<id>), to share or
// bookmark, in the reader's language: its public fields only, countries by name, what the
// consortium declares it offers, the buyer's actions and the interest form. No login.
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import type { z } from 'zod';
import type { CatalogEntryResponse } from '../../shared/contracts/catalog.ts';
import type { PackageProfile } from '../../shared/contracts/matching.ts';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { BuyerActions } from '../features/buyers/BuyerActions.tsx';
import { useCountries } from '../features/catalog/countries.ts';
import { InterestForm } from '../features/catalog/InterestForm.tsx';
import { English, shownText, TranslationNote, useCodeNames, withLang } from '../features/catalog/localized.tsx';
import { PublicNav } from '../features/catalog/PublicNav.tsx';
import { languageNameIn, useLocale } from '../i18n/index.ts';
import { isClientError } from '../lib/api.ts';
import { useApiQuery } from '../lib/query.ts';

type Entry = z.infer<typeof CatalogEntryResponse>;

export function CatalogPackagePage({ id }: { id: string }) {
  const { locale } = useLocale();
  const names = useCodeNames();
  const entry = useApiQuery<Entry>(withLang(`/api/v1/public/catalog/${encodeURIComponent(id)}`, locale));
  const { countries, nameOf, named } = useCountries();
  const back = (
    <p>
      <Link to="/catalog">
        <FormattedMessage id="catalog.package.back" defaultMessage="← All designated packages" />
      </Link>
    </p>
  );

  if (isClientError(entry.error) && entry.error.status === 404)
    return (
      <main className="page public" id="main">
        {back}
        <h1>
          <FormattedMessage id="catalog.package.notFound" defaultMessage="Package not found" />
        </h1>
        <p>
          <FormattedMessage
            id="catalog.package.notFoundText"
            defaultMessage="No designated package is listed at this address. Its designation may have ended, or the link may be mistyped."
          />
        </p>
      </main>
    );
  if (!entry.data)
    return (
      <main className="page public" id="main">
        {back}
        <ErrorBox error={entry.error} />
        {!entry.error && <Loading />}
      </main>
    );
  const e = entry.data;
  const shown = shownText(e);
  const text = (s: string) => (shown.translated ? s : <English>{s}</English>);
  return (
    <main className="page public" id="main">
      {back}
      <header className="public-head">
        <h1>{text(shown.title)}</h1>
        <p className="muted">
          <FormattedMessage
            id="catalog.package.designated"
            defaultMessage="Priority AI export package, designated {date} under Executive Order 14320."
            values={{ date: <FormattedDate value={e.designatedAt} dateStyle="long" /> }}
          />
        </p>
        <PublicNav />
      </header>
      <section className="card" aria-labelledby="package-about">
        <h2 id="package-about">
          <FormattedMessage id="catalog.package.about" defaultMessage="About the package" />
        </h2>
        <p>{text(shown.description)}</p>
        {shown.translated && <TranslationNote title={e.title} description={e.description} />}
        <dl className="facts">
          <dt>
            <FormattedMessage id="catalog.package.layers" defaultMessage="Layers" />
          </dt>
          <dd>
            <ul className="plain">
              {e.layers.map((l) => (
                <li key={l}>{names.layerLong(l)}</li>
              ))}
            </ul>
          </dd>
          <dt>
            <FormattedMessage id="catalog.package.sectors" defaultMessage="Sectors" />
          </dt>
          <dd>{names.join(e.sectors.map(names.sector))}</dd>
          <dt>
            <FormattedMessage id="catalog.package.countries" defaultMessage="Target countries" />
          </dt>
          <dd>
            <TargetCountries countries={named(e.countries)} />
            {e.blocNames.length > 0 && (
              <span className="small muted">
                <FormattedMessage id="catalog.package.through" defaultMessage="Through {blocs}" values={{ blocs: <English>{e.blocNames.join(', ')}</English> }} />
              </span>
            )}
          </dd>
        </dl>
      </section>
      {e.profile && <Offer profile={e.profile} />}
      <section className="card" aria-labelledby="package-consortium">
        <h2 id="package-consortium">
          <bdi>{e.consortium.name}</bdi>
        </h2>
        <MembersList>
          {e.consortium.members.map((m) => (
            <li key={m.name}>
              <bdi>{m.name}</bdi> <span className="muted">({nameOf(m.country)})</span>
            </li>
          ))}
        </MembersList>
      </section>
      <section className="card" aria-labelledby="package-interest">
        <h2 id="package-interest">
          <FormattedMessage id="catalog.package.interest" defaultMessage="Register interest" />
        </h2>
        <p className="small">
          <FormattedMessage
            id="catalog.package.interestText"
            defaultMessage="A government or company in a partner country may state its requirements. You receive a reference number; the program office follows up. Registering creates no obligation, and designation gives no right to financing."
          />
        </p>
        <BuyerActions proposalId={e.id} title={shown.title} />
        <InterestForm entry={{ id: e.id, title: shown.title }} countries={countries} />
      </section>
    </main>
  );
}

function TargetCountries({ countries }: { countries: { code: string; name: string }[] }) {
  const intl = useIntl();
  return (
    <ul className="inline-list" aria-label={intl.formatMessage({ id: 'catalog.package.countries', defaultMessage: 'Target countries' })}>
      {countries.map((c) => (
        <li key={c.code}>{c.name}</li>
      ))}
    </ul>
  );
}

function MembersList({ children }: { children: ReactNode }) {
  const intl = useIntl();
  return <ul aria-label={intl.formatMessage({ id: 'catalog.package.members', defaultMessage: 'Members' })}>{children}</ul>;
}

const money = { style: 'currency', currency: 'USD', maximumFractionDigits: 0 } as const;

/** What the consortium declares the package offers, its codes named in the reader's language. */
function Offer({ profile: p }: { profile: PackageProfile }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const names = useCodeNames();
  const notDeclared = intl.formatMessage({ id: 'catalog.offer.notDeclared', defaultMessage: 'Not declared' });
  const list = (codes: string[], name: (c: string) => string) => (codes.length ? names.join(codes.map(name)) : notDeclared);
  const min = p.budgetMinUsd === null ? null : intl.formatNumber(p.budgetMinUsd, money);
  const max = p.budgetMaxUsd === null ? null : intl.formatNumber(p.budgetMaxUsd, money);
  const budget =
    min && max
      ? intl.formatMessage({ id: 'catalog.offer.budgetRange', defaultMessage: '{min} to {max}' }, { min, max })
      : min
        ? intl.formatMessage({ id: 'catalog.offer.budgetFrom', defaultMessage: 'From {min}' }, { min })
        : max
          ? intl.formatMessage({ id: 'catalog.offer.budgetUpTo', defaultMessage: 'Up to {max}' }, { max })
          : notDeclared;
  const facts: [string, string, string][] = [
    ['deployments', intl.formatMessage({ id: 'catalog.offer.deployments', defaultMessage: 'Deployment' }), list(p.deployments, names.deployment)],
    ['residency', intl.formatMessage({ id: 'catalog.offer.dataResidency', defaultMessage: 'Data residency' }), list(p.dataResidency, names.dataResidency)],
    ['licensing', intl.formatMessage({ id: 'catalog.offer.modelLicensing', defaultMessage: 'Model licensing' }), list(p.modelLicensing, names.modelLicensing)],
    ['languages', intl.formatMessage({ id: 'catalog.offer.languages', defaultMessage: 'Languages' }), list(p.languages, (tag) => languageNameIn(locale, tag))],
    ['budget', intl.formatMessage({ id: 'catalog.offer.budget', defaultMessage: 'Indicative budget' }), budget],
    [
      'delivery',
      intl.formatMessage({ id: 'catalog.offer.delivery', defaultMessage: 'Delivery' }),
      p.deliveryMonths === null
        ? notDeclared
        : intl.formatMessage({ id: 'catalog.offer.deliveryMonths', defaultMessage: '{months, plural, one {within # month} other {within # months}}' }, { months: p.deliveryMonths }),
    ],
    ['financing', intl.formatMessage({ id: 'catalog.offer.financing', defaultMessage: 'Federal financing' }), list(p.financing, names.financing)],
  ];
  return (
    <section className="card" aria-labelledby="package-offer">
      <h2 id="package-offer">
        <FormattedMessage id="catalog.offer.title" defaultMessage="What this package offers" />
      </h2>
      <p className="small muted">
        <FormattedMessage id="catalog.offer.note" defaultMessage="As declared by the consortium. Budget and delivery are indicative, not an offer." />
      </p>
      <dl className="facts" aria-label={intl.formatMessage({ id: 'catalog.offer.title', defaultMessage: 'What this package offers' })}>
        {facts.map(([key, term, value]) => (
          <div key={key}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

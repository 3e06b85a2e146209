// /buyer: the foreign buyer's workspace. The screening status first; while the organization is being
// screened, or when it cannot proceed, that status is all the page shows. Once clear: the buyer's
// requirements (state one, change or archive it), the designated packages that match each, the
// packages it follows and its interest records.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { useCountryNames } from '../../i18n/index.ts';
import { del, isClientError, post } from '../../lib/api.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';
import { MatchList } from './MatchList.tsx';
import { EMPTY_REQUIREMENT, RequirementForm } from './RequirementForm.tsx';
import { FOLLOWS_URL, INTERESTS_URL, MATCHES_URL, REQUIREMENTS_URL, STATUS_URL, type BuyerStatus, type Follow, type Interest, type MatchesAnswer, type Requirement, type RequirementInput } from './types.ts';
import { useVocabulary } from './vocabulary.ts';
import './buyers.css';

/** The buyer's pages: the status, then — only when the organization is clear — `children`. */
export function BuyerGate({ children }: { children: ReactNode }) {
  const { t } = useVocabulary();
  const status = useApiQuery<BuyerStatus>(STATUS_URL);
  if (!status.data) return status.error ? <ErrorBox error={status.error} /> : <Loading />;
  const { screening, organization, message } = status.data;
  if (screening === 'clear') return <>{children}</>;
  return (
    <section aria-labelledby="buyer-status">
      <h2 id="buyer-status">{t('buyer.status.title', { organization: organization.name })}</h2>
      <Alert kind={screening === 'blocked' ? 'error' : 'info'}>
        <p>{t(screening === 'blocked' ? 'buyer.status.blocked' : 'buyer.status.pending')}</p>
        {message && <p>{message}</p>}
      </Alert>
    </section>
  );
}

/** A page of one record under the workspace: the way back to it, then the gate and `children`. */
export function BuyerRecordPage({ children }: { children: ReactNode }) {
  const { t } = useVocabulary();
  return (
    <div className="buyer-page">
      <p>
        <Link to="/buyer">{t('buyer.back')}</Link>
      </p>
      <BuyerGate>{children}</BuyerGate>
    </div>
  );
}

/**
 * What a record's page shows until its record is read: "not found" in the page's own words (the
 * message keys `<messages>Title` and `<messages>`) for a 404, the error, or loading; null once read.
 */
export function RecordNotReady({ query, messages }: { query: { data?: unknown; error: unknown }; messages: 'buyer.req.notFound' | 'buyer.interest.notFound' }) {
  const { t } = useVocabulary();
  if (isClientError(query.error) && query.error.status === 404)
    return (
      <>
        <h1>{t(`${messages}Title`)}</h1>
        <p>{t(messages)}</p>
      </>
    );
  if (query.data) return null;
  return query.error ? <ErrorBox error={query.error} /> : <Loading />;
}

export function BuyerWorkspacePage() {
  const { t } = useVocabulary();
  return (
    <div className="buyer-page">
      <h1>{t('buyer.workspace.title')}</h1>
      <BuyerGate>
        <RequirementsSection />
        <MatchesSection />
        <FollowsSection />
        <InterestsSection />
      </BuyerGate>
    </div>
  );
}

/** What a change of requirements, follows or interests makes stale. */
export const BUYER_URLS = [REQUIREMENTS_URL, MATCHES_URL, FOLLOWS_URL, INTERESTS_URL];

function RequirementsSection() {
  const { t, name, date } = useVocabulary();
  const queryClient = useQueryClient();
  const requirements = useApiQuery<{ items: Requirement[] }>(REQUIREMENTS_URL);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState(false);
  const { name: countryName } = useCountryNames();

  async function create(input: RequirementInput) {
    await post<Requirement>(REQUIREMENTS_URL, input);
    await invalidate(queryClient, BUYER_URLS);
    setAdding(false);
    setSaved(true);
  }

  return (
    <section className="card" aria-labelledby="buyer-requirements">
      <h2 id="buyer-requirements">{t('buyer.req.heading')}</h2>
      {saved && <Alert kind="success">{t('buyer.req.saved')}</Alert>}
      {!requirements.data ? (
        requirements.error ? <ErrorBox error={requirements.error} /> : <Loading />
      ) : requirements.data.items.length === 0 ? (
        <p className="muted">{t('buyer.req.none')}</p>
      ) : (
        <TableScroll label={t('buyer.req.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('buyer.req.title')}</th>
                <th scope="col">{t('buyer.req.country')}</th>
                <th scope="col">{t('buyer.req.timeline')}</th>
                <th scope="col">{t('buyer.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {requirements.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to="/buyer/requirements/$id" params={{ id: r.id }}>
                      {r.title}
                    </Link>
                  </td>
                  <td>{countryName(r.country)}</td>
                  <td>{name('timeline', r.timeline)}</td>
                  <td>{date(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {adding ? (
        <>
          <h3>{t('buyer.req.new')}</h3>
          <RequirementForm initial={EMPTY_REQUIREMENT} submitLabel={t('buyer.req.create')} onSave={create} onCancel={() => setAdding(false)} />
        </>
      ) : (
        <button
          type="button"
          onClick={() => {
            setSaved(false);
            setAdding(true);
          }}
        >
          {t('buyer.req.new')}
        </button>
      )}
    </section>
  );
}

function MatchesSection() {
  const { t, locale } = useVocabulary();
  // The packages' titles come in the reader's language where the consortium translated them.
  const matches = useApiQuery<MatchesAnswer>(`${MATCHES_URL}?lang=${locale}`);
  return (
    <section className="card" aria-labelledby="buyer-matches">
      <h2 id="buyer-matches">{t('buyer.matches.heading')}</h2>
      {!matches.data ? (
        matches.error ? <ErrorBox error={matches.error} /> : <Loading />
      ) : matches.data.items.length === 0 ? (
        <p className="muted">{t('buyer.matches.noRequirement')}</p>
      ) : (
        matches.data.items.map(({ requirement, matches: found }) => (
          <section key={requirement.id} aria-labelledby={`matches-${requirement.id}`}>
            <h3 id={`matches-${requirement.id}`}>{t('buyer.matches.for', { title: requirement.title })}</h3>
            <MatchList matches={found} headingLevel={4} />
          </section>
        ))
      )}
    </section>
  );
}

function FollowsSection() {
  const { t, date } = useVocabulary();
  const queryClient = useQueryClient();
  const follows = useApiQuery<{ items: Follow[] }>(FOLLOWS_URL);
  const unfollow = useAction(() => invalidate(queryClient, [FOLLOWS_URL]));
  return (
    <section className="card" aria-labelledby="buyer-follows">
      <h2 id="buyer-follows">{t('buyer.follows.heading')}</h2>
      {unfollow.notice && <Alert kind="success">{unfollow.notice}</Alert>}
      <ErrorBox error={unfollow.error} />
      {!follows.data ? (
        follows.error ? <ErrorBox error={follows.error} /> : <Loading />
      ) : follows.data.items.length === 0 ? (
        <p className="muted">
          {t('buyer.follows.none')} <Link to="/catalog">{t('buyer.follows.browse')}</Link>
        </p>
      ) : (
        <ul className="plain">
          {follows.data.items.map((f) => (
            <li key={f.proposalId}>
              <Link to="/catalog/$id" params={{ id: f.proposalId }}>
                {f.translation?.title ?? f.title}
              </Link>{' '}
              <span className="small muted">{t('buyer.follows.since', { date: date(f.followedAt) })}</span>{' '}
              <button
                type="button"
                className="secondary"
                disabled={unfollow.pending}
                aria-label={t('buyer.follows.unfollowOne', { title: f.translation?.title ?? f.title })}
                onClick={() => void unfollow.run(t('buyer.follows.unfollowed'), () => del(`${FOLLOWS_URL}/${encodeURIComponent(f.proposalId)}`))}
              >
                {t('buyer.follows.unfollow')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function InterestsSection() {
  const { t, name, date } = useVocabulary();
  const interests = useApiQuery<{ items: Interest[] }>(INTERESTS_URL);
  return (
    <section className="card" aria-labelledby="buyer-interests">
      <h2 id="buyer-interests">{t('buyer.interests.heading')}</h2>
      {!interests.data ? (
        interests.error ? <ErrorBox error={interests.error} /> : <Loading />
      ) : interests.data.items.length === 0 ? (
        <p className="muted">{t('buyer.interests.none')}</p>
      ) : (
        <TableScroll label={t('buyer.interests.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('buyer.interests.reference')}</th>
                <th scope="col">{t('buyer.interests.package')}</th>
                <th scope="col">{t('buyer.interests.status')}</th>
                <th scope="col">{t('buyer.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {interests.data.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to="/buyer/interests/$id" params={{ id: i.id }}>
                      {i.reference}
                    </Link>
                  </td>
                  <td>{i.proposalTitle}</td>
                  <td>{name('status', i.status)}</td>
                  <td>{date(i.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

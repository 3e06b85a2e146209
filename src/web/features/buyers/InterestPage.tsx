// /buyer/interests/<id>: one interest record — its reference, the package, where it stands and
// each step it went through, with the program office's note when there is one.
import { Link } from '@tanstack/react-router';
import { useApiQuery } from '../../lib/query.ts';
import { BuyerRecordPage, RecordNotReady } from './BuyerWorkspacePage.tsx';
import { INTERESTS_URL, type InterestDetail } from './types.ts';
import { useVocabulary } from './vocabulary.ts';
import './buyers.css';

export function InterestPage({ id }: { id: string }) {
  return (
    <BuyerRecordPage>
      <InterestRecord id={id} />
    </BuyerRecordPage>
  );
}

function InterestRecord({ id }: { id: string }) {
  const { t, name, dateTime } = useVocabulary();
  const interest = useApiQuery<InterestDetail>(`${INTERESTS_URL}/${encodeURIComponent(id)}`);
  if (!interest.data) return <RecordNotReady query={interest} messages="buyer.interest.notFound" />;
  const i = interest.data;
  return (
    <>
      <h1>{t('buyer.interest.title', { reference: i.reference })}</h1>
      <dl className="facts">
        <dt>{t('buyer.interests.package')}</dt>
        <dd>
          <Link to="/catalog/$id" params={{ id: i.proposalId }}>
            {i.proposalTitle}
          </Link>
        </dd>
        <dt>{t('buyer.interests.status')}</dt>
        <dd>{name('status', i.status)}</dd>
        <dt>{t('buyer.interest.consent')}</dt>
        <dd>{t(i.consentToShare ? 'buyer.interest.consentYes' : 'buyer.interest.consentNo')}</dd>
        {i.requirementId && (
          <>
            <dt>{t('buyer.interest.requirement')}</dt>
            <dd>
              <Link to="/buyer/requirements/$id" params={{ id: i.requirementId }}>
                {t('buyer.interest.openRequirement')}
              </Link>
            </dd>
          </>
        )}
        {i.message && (
          <>
            <dt>{t('buyer.interest.message')}</dt>
            <dd>{i.message}</dd>
          </>
        )}
      </dl>
      <section className="card" aria-labelledby="interest-timeline">
        <h2 id="interest-timeline">{t('buyer.interest.timeline')}</h2>
        <ol className="timeline">
          {i.events.map((e, n) => (
            <li key={n}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> — {name('status', e.status)}
              {e.note && <blockquote>{e.note}</blockquote>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

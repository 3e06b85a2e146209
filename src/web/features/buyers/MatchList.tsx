// Designated packages that fit a requirement, best first: the title (or the consortium's translation,
// said to be theirs), how well it fits, its score, and why — each reason a sentence in the reader's
// language.
import { Link } from '@tanstack/react-router';
import type { Match } from './types.ts';
import { useVocabulary } from './vocabulary.ts';

export function MatchList({ matches, headingLevel = 3 }: { matches: Match[]; headingLevel?: 3 | 4 }) {
  const { t, name, reason } = useVocabulary();
  if (matches.length === 0) return <p className="muted">{t('buyer.matches.none')}</p>;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ol className="plain matches">
      {matches.map((m) => (
        <li key={m.proposalId} className="match">
          <Heading>
            <Link to="/catalog/$id" params={{ id: m.proposalId }}>
              {m.translation?.title ?? m.title}
            </Link>
            <span className={`fit fit-${m.fit}`}>{name('fit', m.fit)}</span>
          </Heading>
          {m.translation && <p className="small muted">{t('buyer.translationByConsortium')}</p>}
          <p className="small">{t('buyer.matches.score', { score: m.score })}</p>
          <ul className="reasons small" aria-label={t('buyer.matches.reasons')}>
            {m.reasons.map((r) => (
              <li key={r.criterion}>{reason(r)}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

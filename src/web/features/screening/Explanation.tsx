// How a match was scored: which tokens aligned, by which rule, and what adjusted the score.
import type { Explanation } from './api.ts';

export const score = (s: number) => s.toFixed(2);
/** A rule's name as words ("legal_form" → "legal form"). */
const words = (rule: string) => rule.replaceAll('_', ' ');

export function ExplanationView({ explanation }: { explanation: Explanation }) {
  const e = explanation;
  return (
    <div className="explanation">
      <p className="small">{e.summary}</p>
      <table className="small" aria-label="Token alignment">
        <thead>
          <tr>
            <th scope="col">Query token</th>
            <th scope="col">List token</th>
            <th scope="col">Rule</th>
            <th scope="col">Similarity</th>
            <th scope="col">Weight</th>
          </tr>
        </thead>
        <tbody>
          {e.tokens.map((t, i) => (
            <tr key={i}>
              <td>
                <code>{t.query}</code>
              </td>
              <td>
                <code>{t.candidate}</code>
              </td>
              <td>{words(t.rule)}</td>
              <td>{score(t.score)}</td>
              <td>{t.weight.toFixed(2)}</td>
            </tr>
          ))}
          {/* A token may stay unmatched twice (a name repeating a word): keyed by position. */}
          {e.unmatchedQuery.map((t, i) => (
            <tr key={`q-${i}`}>
              <td>
                <code>{t}</code>
              </td>
              <td className="muted">— unmatched</td>
              <td colSpan={3} />
            </tr>
          ))}
          {e.unmatchedCandidate.map((t, i) => (
            <tr key={`c-${i}`}>
              <td className="muted">— unmatched</td>
              <td>
                <code>{t}</code>
              </td>
              <td colSpan={3} />
            </tr>
          ))}
        </tbody>
      </table>
      {e.adjustments.length > 0 && (
        <ul className="small">
          {e.adjustments.map((a, i) => (
            <li key={i}>
              {words(a.rule)}: {a.detail} ({a.effect})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function EffectBadge({ effect }: { effect: string }) {
  const colors: Record<string, string> = { prohibited: '#82071e', license_required: '#9a6700', red_flag: '#bc4c00', check: '#0a3069' };
  return (
    <span className="badge" style={{ color: colors[effect] ?? undefined }}>
      {effect.replaceAll('_', ' ')}
    </span>
  );
}

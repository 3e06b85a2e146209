// One search: a party's name (and optionally type, country, date of birth), every match explained.
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import type { SearchResult } from './api.ts';
import { EffectBadge, ExplanationView, score } from './Explanation.tsx';

export function SearchPanel() {
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [country, setCountry] = useState('');
  const [dob, setDob] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      setResult(await post<SearchResult>('/api/v1/screening/search', { name, ...(type ? { type } : {}), ...(country ? { country } : {}), ...(dob ? { dob } : {}) }));
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="search-h">
      <h2 id="search-h">Screen a party</h2>
      <form className="inline" onSubmit={(e) => void submit(e)}>
        <label style={{ flex: '1 1 280px' }}>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={500} />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">any</option>
            <option value="person">person</option>
            <option value="organization">organization</option>
            <option value="vessel">vessel</option>
            <option value="aircraft">aircraft</option>
          </select>
        </label>
        <label>
          Country (ISO)
          <input value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} maxLength={2} size={4} pattern="[A-Za-z]{2}" />
        </label>
        <label>
          Date of birth
          <input value={dob} onChange={(e) => setDob(e.target.value)} placeholder="YYYY-MM-DD" size={12} />
        </label>
        <button type="submit" disabled={busy || !name.trim()}>
          Screen
        </button>
      </form>
      <ErrorBox error={error} />
      {result && (
        <div aria-live="polite">
          {!result.screened ? (
            // No list, no clearance: nothing was screened, so no "no match" either.
            <p className="notice" role="alert">
              <strong>{result.notice ?? 'Not screened: no screening list is active. An administrator must import and activate a list.'}</strong>
            </p>
          ) : (
            <p className="muted small">
              {result.matches.length === 0 ? 'No match' : `${result.matches.length} potential match${result.matches.length > 1 ? 'es' : ''}`} at threshold {result.threshold} against{' '}
              {result.lists.map((l) => `${l.title}, ${l.fileName}${l.activatedAt ? ` active since ${dateTime(l.activatedAt)}` : ''} (${l.entries.toLocaleString('en-US')} entries)`).join('; ')}.
            </p>
          )}
          <ol className="plain matches">
            {result.matches.map((m) => (
              <li key={`${m.list}-${m.entryId}`} className="card match">
                <div className="row">
                  <strong>{m.name}</strong>
                  <span className="badge">{m.list}</span>
                  <EffectBadge effect={m.effect} />
                  <span>
                    score <strong>{score(m.score)}</strong>
                  </span>
                </div>
                <p className="small muted">
                  {m.listTitle} · entry {m.entryId}
                  {m.matchedName !== m.name && ` · matched ${m.aliasType} name “${m.matchedName}”`}
                  {m.programs.length > 0 && ` · programs ${m.programs.join(', ')}`}
                </p>
                <ExplanationView explanation={m.explanation} />
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

// The classification helper: suggests 3A090.a/.b/.c, 3A991.p or the computer ECCNs from the
// chip's parameters, with the reasons and the missing facts (never a guess).
import { useState } from 'react';
import { ErrorBox } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import type { ClassificationSuggestion } from '../../../shared/contracts/compliance.ts';

type Suggestion = ClassificationSuggestion;

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const tri = (s: string) => (s === 'yes' ? true : s === 'no' ? false : undefined);

export function ClassificationHelper() {
  const [tpp, setTpp] = useState('');
  const [density, setDensity] = useState('');
  const [datacenter, setDatacenter] = useState('');
  const [computer, setComputer] = useState(false);
  const [result, setResult] = useState<Suggestion | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function suggest() {
    try {
      setError(null);
      setResult(await post<Suggestion>('/api/v1/classification-suggestions', { tpp: num(tpp), performanceDensity: num(density), datacenter: tri(datacenter), isComputer: computer || undefined }));
    } catch (e) {
      setResult(null);
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="classify-title">
      <h2 id="classify-title">Classification helper</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void suggest();
        }}
      >
        <div className="grid2">
          <label>
            Total processing performance (TPP)
            <input inputMode="decimal" value={tpp} onChange={(e) => setTpp(e.target.value)} />
          </label>
          <label>
            Performance density (TPP / mm²)
            <input inputMode="decimal" value={density} onChange={(e) => setDensity(e.target.value)} />
          </label>
          <label>
            Designed or marketed for datacenters
            <select value={datacenter} onChange={(e) => setDatacenter(e.target.value)}>
              <option value="">Not known</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={computer} onChange={(e) => setComputer(e.target.checked)} /> A computer or server containing the chip
          </label>
        </div>
        <button type="submit">Suggest ECCN</button>
      </form>
      <ErrorBox error={error} />
      {result && (
        <div role="status">
          <p>
            Suggested ECCN: <strong>{result.eccn ?? 'undecided'}</strong>
          </p>
          {result.needsInformation.length > 0 && <p>Needs: {result.needsInformation.join(', ')}</p>}
          <ul className="reasons">
            {result.reasons.map((r, i) => (
              <li key={i}>
                {r.text}
                <cite>{r.citation}</cite>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

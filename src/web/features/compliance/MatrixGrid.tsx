// The compliance matrix as a grid of components × markets; each square opens its determinations
// (per party), with every reason and its citation, and the license records kept against it. The
// grid scrolls inside its box with the component column kept in view (eleven markets are wide).
import { useMemo } from 'react';
import type { ComplianceMatrixView, GridEntryView, LicenseView } from '../../../shared/contracts/compliance.ts';
import { TableScroll } from '../../components/ui.tsx';
import { humanize } from '../../lib/format.ts';
import { STATUS_TEXT, StatusLabel } from './labels.tsx';

export interface Square {
  componentId: string;
  market: string;
}

const MATRIX_CAPTION = 'Components × markets: the worst outcome over each market’s build, own and operate parties. Select a square for its reasons and citations.';

export function MatrixGrid({ m, selected, onSelect }: { m: ComplianceMatrixView; selected: Square | null; onSelect: (s: Square | null) => void }) {
  const grid = useMemo(() => new Map(m.grid.map((g) => [`${g.componentId}\u0000${g.market}`, g])), [m]);
  // Squares whose status rests on defaults for missing facts ("clear (assuming …)").
  const assumed = useMemo(() => {
    const out = new Set<string>();
    for (const c of m.cells) if (c.assumed && grid.get(`${c.componentId}\u0000${c.market}`)?.status === c.status) out.add(`${c.componentId}\u0000${c.market}`);
    return out;
  }, [m, grid]);
  return (
    <>
      {/* Shown above the scrolling box, not as a caption that would scroll out of view with the grid. */}
      <p className="small" aria-hidden="true">
        {MATRIX_CAPTION}
      </p>
      <TableScroll label="Compliance matrix" className="matrix-wrap">
        <table className="matrix">
          <caption className="sr-only">{MATRIX_CAPTION}</caption>
          <thead>
            <tr>
              <th scope="col">Component (ECCN)</th>
              {m.markets.map((mk) => (
                <th scope="col" key={mk.code}>
                  {mk.code} {mk.name}
                  <br />
                  <StatusLabel status={mk.rollup.status} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.components.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.name}
                  <br />
                  <span className="muted small">{c.eccn ?? 'no ECCN'}</span> <StatusLabel status={c.rollup.status} />
                </th>
                {m.markets.map((mk) => {
                  const g = grid.get(`${c.id}\u0000${mk.code}`)!;
                  const open = selected?.componentId === c.id && selected.market === mk.code;
                  const underAssumptions = assumed.has(`${c.id}\u0000${mk.code}`);
                  return (
                    <td key={mk.code}>
                      <button
                        type="button"
                        className={`cell cell-${g.status}`}
                        aria-expanded={open}
                        aria-controls="cell-details"
                        aria-label={`${c.name} to ${mk.name}: ${STATUS_TEXT[g.status]}${underAssumptions ? ' under assumptions' : ''}${g.licenseIds.length ? `, ${g.licenseIds.length} license record(s)` : ''}`}
                        onClick={() => onSelect(open ? null : { componentId: c.id, market: mk.code })}
                      >
                        <StatusLabel status={g.status} />
                        {underAssumptions && <small>(assuming missing facts)</small>}
                        {g.licenseIds.length > 0 && <small>{g.licenseIds.length} license record(s)</small>}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

export function CellDetails({ m, square, onRecordLicense }: { m: ComplianceMatrixView; square: Square; onRecordLicense?: (s: Square) => void }) {
  const comp = m.components.find((c) => c.id === square.componentId);
  const market = m.markets.find((x) => x.code === square.market);
  const entry: GridEntryView | undefined = m.grid.find((g) => g.componentId === square.componentId && g.market === square.market);
  if (!comp || !market || !entry) return null;
  const parties = new Map(m.parties.map((p) => [p.id, p]));
  const cells = m.cells.filter((c) => c.componentId === square.componentId && c.market === square.market);
  // Parties with the same determination are shown together.
  const groups = new Map<number, (string | null)[]>();
  for (const c of cells) groups.set(c.determination, [...(groups.get(c.determination) ?? []), c.partyId]);
  const licenses = entry.licenseIds.map((id) => m.licenses.find((l) => l.id === id)).filter((l): l is LicenseView => !!l);
  return (
    <section id="cell-details" className="card" aria-labelledby="cell-details-title">
      <h2 id="cell-details-title">
        {comp.name} → {market.name}
      </h2>
      <p>
        <StatusLabel status={entry.status} /> <span className="muted small">ECCN {comp.eccn ?? 'not given'} · as of {m.asOf}</span>
      </p>
      {[...groups].map(([di, partyIds]) => {
        const d = m.determinations[di]!;
        const status = d.licenseRequired === 'prohibited' ? 'prohibited' : d.licenseRequired === true ? 'license_required' : d.licenseRequired === null ? 'needs_information' : 'clear';
        return (
          <div className="determination" key={di}>
            <h3>
              {partyIds.map((id) => (id ? `${parties.get(id)?.name} (${parties.get(id)?.roles.join(', ')})` : 'No party declared for this market')).join('; ')}
            </h3>
            <p>
              <StatusLabel status={status} />
              {d.assumed && d.assumptions && <span className="small"> (assuming {d.assumptions.map((a) => `${a.fact} = ${a.assumed}`).join(', ')})</span>}
              {d.appliedEccn !== comp.eccn && <span className="muted small"> applied ECCN {d.appliedEccn}</span>}
            </p>
            <h4>Reasons</h4>
            <ul className="reasons">
              {d.reasons.map((r, i) => (
                <li key={i}>
                  {r.text}
                  <cite>{r.citation}</cite>
                </li>
              ))}
            </ul>
            {d.exceptions.length > 0 && (
              <>
                <h4>License exceptions that may apply</h4>
                <ul className="reasons">
                  {d.exceptions.map((e) => (
                    <li key={e.code}>
                      <strong>{e.code}</strong> {e.name}: {e.conditions}
                      <cite>{e.citation}</cite>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {d.reviewPolicy && (
              <p>
                <strong>Review policy:</strong> {d.reviewPolicy}
              </p>
            )}
            {d.redFlags.length > 0 && (
              <>
                <h4>Red flags</h4>
                <ul className="reasons">
                  {d.redFlags.map((f, i) => (
                    <li key={i}>
                      {f.text}
                      <cite>{f.citation}</cite>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <CitedList title="Assumed (facts not given)" items={(d.assumptions ?? []).map((a) => ({ text: a.text, citation: a.citation }))} />
            <CitedList title="If a missing fact turns out otherwise" items={d.conditions ?? []} />
            <CitedList
              title="What would change the answer"
              items={(d.sensitivity ?? []).map((x) => ({ text: `${x.fact}: ${x.change} → ${x.outcome === null ? 'undecided' : x.outcome === 'prohibited' ? 'prohibited' : x.outcome ? 'license required' : 'no license required'}`, citation: x.citation }))}
            />
            {d.needsInformation && d.needsInformation.length > 0 && (
              <p>
                <strong>Needs information:</strong> {d.needsInformation.join('; ')}
              </p>
            )}
            {d.literalOutcome && (
              <p className="small">
                Under the literal CFR text ({d.literalOutcome.basis}): license required {String(d.literalOutcome.licenseRequired)} —{' '}
                {d.literalOutcome.reasons.map((r) => r.citation).join('; ')}
              </p>
            )}
          </div>
        );
      })}
      <h3>License records</h3>
      {licenses.length === 0 ? (
        <p className="muted">None for this component and market.</p>
      ) : (
        <ul className="plain">
          {licenses.map((l) => (
            <li key={l.id}>
              {humanize(l.status)}
              {l.bisApplicationNumber && ` · BIS application ${l.bisApplicationNumber}`}
              {l.expiresAt && ` · expires ${l.expiresAt}`}
              {l.partyId && ` · ${parties.get(l.partyId)?.name ?? l.partyId}`}
            </li>
          ))}
        </ul>
      )}
      {onRecordLicense && (
        <button type="button" className="secondary" onClick={() => onRecordLicense(square)}>
          Record a license for this square
        </button>
      )}
    </section>
  );
}

/** A titled list of statements, each with its citation (nothing when empty). */
function CitedList({ title, items }: { title: string; items: readonly { text: string; citation?: string }[] }) {
  if (!items.length) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="reasons">
        {items.map((x, i) => (
          <li key={i}>
            {x.text}
            {x.citation && <cite>{x.citation}</cite>}
          </li>
        ))}
      </ul>
    </>
  );
}

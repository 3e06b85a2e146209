// The export-control compliance page of a proposal: the matrix (components × markets), each square's
// reasons and citations, the parties' screening, the license tracker, the classification helper,
// and the PDF and CSV reports.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Alert, ErrorBox, Loading, StateBadge, TableScroll } from '../components/ui.tsx';
import { ClassificationHelper } from '../features/compliance/ClassificationHelper.tsx';
import { LicenseTracker } from '../features/compliance/LicenseTracker.tsx';
import { CellDetails, MatrixGrid, type Square } from '../features/compliance/MatrixGrid.tsx';
import { STATUS_TEXT, StatusLabel } from '../features/compliance/labels.tsx';
import '../features/compliance/compliance.css';
import { dateTime } from '../lib/format.ts';
import { invalidate, useApiQuery } from '../lib/query.ts';
import { CELL_STATUSES, type ComplianceMatrixView } from '../../shared/contracts/compliance.ts';

export function CompliancePage({ id }: { id: string }) {
  const url = `/api/v1/proposals/${id}/compliance`;
  const loaded = useApiQuery<ComplianceMatrixView>(url);
  const queryClient = useQueryClient();
  // A license record changes the matrix and the license gate of the package's deals.
  const licensesChanged = () => invalidate(queryClient, [url, '/api/v1/deals']);
  const [selected, setSelected] = useState<Square | null>(null);
  const [licenseFor, setLicenseFor] = useState<Square | null>(null);
  const m = loaded.data;
  if (!m) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;
  const c = m.package.counts;

  return (
    <>
      <p className="crumbs">
        <Link to="/">Home</Link> /{' '}
        <Link to="/proposals/$id" params={{ id }}>
          {m.proposalTitle}
        </Link>
      </p>
      <div className="titlebar">
        <h1>Compliance matrix</h1>
        <StateBadge state={m.proposalState} />
        <span>
          Package: <StatusLabel status={m.status} />
        </span>
      </div>
      <p className="muted">
        {m.proposalTitle} · determinations as of {m.asOf} under reference data {m.referenceData.version} (effective {m.referenceData.effectiveDate},{' '}
        {m.referenceData.source === 'shipped' ? 'shipped with aiep' : `imported ${dateTime(m.referenceData.importedAt)}`}) · recomputed {dateTime(m.computedAt)}
      </p>
      {m.proposalState === 'compliance_hold' && <Alert>This proposal is on compliance hold.</Alert>}
      {m.proposalState !== 'compliance_hold' && m.status === 'prohibited' && m.proposalState !== 'draft' && (
        <Alert>This matrix has a prohibited cell: a proposal in review with a prohibited cell is placed on compliance hold.</Alert>
      )}
      <div className="actions" role="toolbar" aria-label="Compliance reports">
        <a className="button" href={`/api/v1/proposals/${id}/compliance.pdf`}>
          Download PDF report
        </a>
        <a className="button secondary" href={`/api/v1/proposals/${id}/compliance.csv`}>
          Download CSV
        </a>
        <button type="button" className="secondary" onClick={() => void loaded.refetch()}>
          Recompute
        </button>
      </div>
      <section className="card" aria-labelledby="matrix-title">
        <h2 id="matrix-title">Components × markets</h2>
        <p className="small">
          {m.cells.length} cell(s) (component × market × party): {c.prohibited} prohibited, {c.license_required} license required, {c.needs_information} need information, {c.needs_screening} need screening, {c.clear} clear.
        </p>
        <ul className="legend" aria-label="Legend">
          {CELL_STATUSES.map((s) => (
            <li key={s}>
              <StatusLabel status={s} />
            </li>
          ))}
        </ul>
        {m.components.length === 0 || m.markets.length === 0 ? (
          <p className="muted">The package needs components and target markets before it has a matrix.</p>
        ) : (
          <MatrixGrid m={m} selected={selected} onSelect={setSelected} />
        )}
      </section>
      {selected && (
        <CellDetails
          m={m}
          square={selected}
          onRecordLicense={
            m.canEditLicenses
              ? (s) => {
                  // A new object on every click: the tracker re-fills its form even for the square it was last given.
                  setLicenseFor({ ...s });
                  document.getElementById('licenses-title')?.scrollIntoView();
                }
              : undefined
          }
        />
      )}
      <section className="card" aria-labelledby="parties-title">
        <h2 id="parties-title">Parties and screening</h2>
        {m.parties.length === 0 ? (
          <p className="muted">No build, own or operate parties are declared in the operating model.</p>
        ) : (
          <TableScroll label="Parties and their screening">
            <table>
              <thead>
                <tr>
                  <th scope="col">Party</th>
                  <th scope="col">Country</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Markets</th>
                  <th scope="col">Screening</th>
                </tr>
              </thead>
              <tbody>
                {m.parties.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>
                      {p.country}
                      {p.ultimateParentCountry && p.ultimateParentCountry !== p.country && <span className="muted small"> (parent {p.ultimateParentCountry})</span>}
                    </td>
                    <td>{p.roles.join(', ')}</td>
                    <td>
                      {m.markets
                        .filter((x) => x.partyIds.includes(p.id))
                        .map((x) => x.code)
                        .join(', ')}
                    </td>
                    <td>
                      {!p.screened
                        ? 'Not screened: no screening list is active'
                        : p.listHits.length === 0
                          ? 'No list hits'
                          : p.listHits.map((h) => (typeof h === 'string' ? h : [h.list ?? h.source, h.name].filter(Boolean).join(': '))).join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {/* One above the other: the tracker's table of inputs needs the page's full width. */}
      <LicenseTracker m={m} preset={licenseFor} onChanged={licensesChanged} />
      <ClassificationHelper />
      <p className="sr-only">Package status {STATUS_TEXT[m.status]}</p>
    </>
  );
}

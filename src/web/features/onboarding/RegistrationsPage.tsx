// The program office's "New organizations" queue: self-registered companies waiting for approval
// (or, by filter, those approved or rejected), with what they declared — registration number,
// address, website, ownership and the country-of-concern check — and whether the registrant
// confirmed the e-mail address. Approve, or reject with a reason; both are audited. The server
// decides who may (organization.registrations.review); the page only offers it to those.
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { can } from '../../../shared/access.ts';
import { REGISTRATION_STATUSES, type OwnRegistrationResponse, type RegistrationStatus, type RegistrationView } from '../../../shared/contracts/onboarding.ts';
import { useSession } from '../../app/session.tsx';
import { Alert, ErrorBox, Loading, StateBadge } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';

export const RegistrationsSearch = z.object({ status: z.enum(REGISTRATION_STATUSES).optional().catch(undefined) });
const route = getRouteApi('/app/registrations');

const STATUS_LABELS: Record<RegistrationStatus, string> = { registered: 'Waiting for approval', approved: 'Approved', rejected: 'Rejected' };
const BASE = '/api/v1/organizations/registrations';

export function RegistrationsPage() {
  const { user } = useSession();
  const mayReview = can(user, 'organization.registrations.review');
  const status = route.useSearch().status ?? 'registered';
  const navigate = useNavigate({ from: '/registrations' });
  const list = useApiQuery<{ items: RegistrationView[] }>(`${BASE}?status=${status}`, { enabled: mayReview });

  if (!mayReview) {
    return (
      <section>
        <h1>New organizations</h1>
        <Alert kind="info">The queue of new organizations is for the program office.</Alert>
      </section>
    );
  }
  return (
    <section aria-labelledby="registrations-heading">
      <h1 id="registrations-heading">New organizations</h1>
      <p className="muted">Companies that registered themselves. Until approved they may sign in and complete their profile, but not form a consortium or start a proposal.</p>
      <form className="inline" aria-label="Filter registrations" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => void navigate({ search: { status: e.target.value === 'registered' ? undefined : (e.target.value as RegistrationStatus) } })}>
            {REGISTRATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBox error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No registration is {STATUS_LABELS[status].toLowerCase()}.</p>
      ) : (
        <ul className="plain" aria-label="Registrations">
          {list.data.items.map((r) => (
            <li key={r.orgId}>
              <RegistrationCard reg={r} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RegistrationCard({ reg }: { reg: RegistrationView }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const action = useAction(() => invalidate(client, [BASE]));
  const decide = (decision: 'approve' | 'reject') =>
    action.run(decision === 'approve' ? `${reg.name} approved` : `${reg.name} rejected`, () => post(`${BASE}/${reg.orgId}/${decision}`, { version: reg.version, ...(reason.trim() ? { reason } : {}) }));
  return (
    <article className="card" aria-labelledby={`reg-${reg.orgId}`}>
      <h2 id={`reg-${reg.orgId}`}>
        {reg.name} <StateBadge state={reg.status} />
      </h2>
      <dl className="facts">
        <dt>Registration number</dt>
        <dd>
          {reg.registrationNumber} ({reg.countryOfIncorporation})
        </dd>
        <dt>Principal place of business</dt>
        <dd>{reg.principalPlaceOfBusiness}</dd>
        <dt>Address</dt>
        <dd>{reg.address}</dd>
        <dt>Website</dt>
        <dd>{reg.website ? <span>{reg.website}</span> : '—'}</dd>
        <dt>Owners</dt>
        <dd>{reg.owners.length ? reg.owners.map((o) => `${o.name} (${o.country}, ${o.percent} %)`).join('; ') : 'none declared'}</dd>
        <dt>Ultimate parent</dt>
        <dd>{reg.ultimateParent ? `${reg.ultimateParent.name} (${reg.ultimateParent.country})` : '—'}</dd>
        <dt>Country of concern</dt>
        <dd>{reg.countryOfConcern.concern ? <strong>{reg.countryOfConcern.reasons.join('; ')}</strong> : 'no concern'}</dd>
        <dt>Registered by</dt>
        <dd>
          {reg.registeredBy.name} &lt;{reg.registeredBy.email}&gt;, {dateTime(reg.createdAt)} — {reg.emailVerified ? 'address confirmed' : <strong>address not confirmed yet</strong>}
        </dd>
        {reg.decidedAt && (
          <>
            <dt>Decision</dt>
            <dd>
              {STATUS_LABELS[reg.status]} by {reg.decidedBy ?? 'someone'} on {dateTime(reg.decidedAt)}
              {reg.reason ? `: ${reg.reason}` : ''}
            </dd>
          </>
        )}
      </dl>
      <p className="small">
        <Link to="/screening" search={{ tab: 'alerts' }}>
          Screening alerts
        </Link>
      </p>
      {reg.status === 'registered' && (
        <div>
          <label>
            Reason (required to reject)
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} rows={2} />
          </label>
          <ErrorBox error={action.error} />
          <div className="inline">
            <button type="button" disabled={action.pending} onClick={() => void decide('approve')}>
              Approve
            </button>
            <button type="button" className="secondary" disabled={action.pending || !reason.trim()} onClick={() => void decide('reject')}>
              Reject
            </button>
          </div>
        </div>
      )}
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
    </article>
  );
}

/** For a company user: a notice while the company's registration waits for (or was refused) approval. */
export function RegistrationNotice() {
  const { user } = useSession();
  const own = useApiQuery<OwnRegistrationResponse>('/api/v1/onboarding/registration', { enabled: user.org.kind === 'company' });
  if (!own.data || own.data.status === 'approved') return null;
  return (
    <Alert kind="info">
      {own.data.status === 'registered'
        ? 'Your company’s registration is waiting for the program office’s approval. Meanwhile you can complete its profile; forming a consortium and starting a proposal need the approval.'
        : `Your company’s registration was not approved${own.data.reason ? `: ${own.data.reason}` : ''}. Contact the program office.`}
    </Alert>
  );
}

// Invitations to create an account: an administrator invites anyone into any organization, a
// company's anchor invites colleagues into its own company with company roles. The invited person
// gets an e-mail with a link (accepted once, through a sign-in provider or with a password).
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { can } from '../../../shared/access.ts';
import type { InvitationView } from '../../../shared/contracts/identity.ts';
import type { UserListItem } from '../../../shared/contracts/users.ts';
import { COMPANY_ROLES, ROLES, type Role } from '../../../shared/domain/roles.ts';
import { roleLabel } from '../../../shared/labels.ts';
import { useSession } from '../../app/session.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { del, post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useApiQuery } from '../../lib/query.ts';

const INVITATIONS = '/api/v1/invitations';

interface OrgChoice {
  id: string;
  name: string;
  kind: string;
}

/** The roles a user of this kind of organization may hold (an administrator's anywhere). */
const rolesFor = (kind: string): readonly Role[] => (kind === 'company' ? COMPANY_ROLES : ROLES.filter((r) => r === 'admin' || !COMPANY_ROLES.includes(r)));

export function InvitationsPage() {
  const { user } = useSession();
  const invitesAnyone = can(user, 'users.invite');
  const mayInvite = invitesAnyone || can(user, 'users.invite_colleagues');
  const { data, error } = useApiQuery<{ items: InvitationView[] }>(INVITATIONS, { enabled: mayInvite });
  // Administrators choose among the organizations that have users; an anchor invites into its own company.
  const users = useApiQuery<{ items: UserListItem[] }>('/api/v1/users', { enabled: invitesAnyone && can(user, 'users.read') });
  const orgs: OrgChoice[] = useMemo(() => {
    if (!invitesAnyone) return [{ id: user.org.id, name: user.org.name, kind: user.org.kind }];
    const byId = new Map<string, OrgChoice>([[user.org.id, { id: user.org.id, name: user.org.name, kind: user.org.kind }]]);
    for (const u of users.data?.items ?? []) byId.set(u.orgId, { id: u.orgId, name: u.orgName, kind: u.orgKind });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [invitesAnyone, user.org, users.data]);
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [orgId, setOrgId] = useState(user.org.id);
  const [chosen, setChosen] = useState<Role[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const org = orgs.find((o) => o.id === orgId) ?? orgs[0];
  const offered = invitesAnyone ? rolesFor(org?.kind ?? 'company') : COMPANY_ROLES;

  if (!mayInvite) return <Alert>Your role may not invite users.</Alert>;

  async function invite(e: FormEvent) {
    e.preventDefault();
    try {
      const created = await post<InvitationView>(INVITATIONS, { email, orgId: org?.id ?? orgId, roles: chosen });
      setNotice(`Invitation e-mailed to ${created.email}; it is open until ${dateTime(created.expiresAt)}.`);
      setEmail('');
      setChosen([]);
      setActionError(null);
      await invalidate(queryClient, [INVITATIONS]);
    } catch (err) {
      setActionError(err);
    }
  }

  async function revoke(i: InvitationView) {
    try {
      await del(`${INVITATIONS}/${i.id}`);
      setNotice(`Invitation of ${i.email} revoked.`);
      setActionError(null);
      await invalidate(queryClient, [INVITATIONS]);
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <section aria-labelledby="invitations-heading">
      <h1 id="invitations-heading">Invitations</h1>
      <form className="card" onSubmit={invite} aria-label="Invite a user">
        <h2>Invite a user</h2>
        {notice && <Alert kind="success">{notice}</Alert>}
        <ErrorBox error={actionError} />
        <label>
          E-mail
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} />
        </label>
        {invitesAnyone ? (
          <label>
            Organization
            <select
              value={org?.id ?? ''}
              onChange={(e) => {
                setOrgId(e.target.value);
                setChosen([]);
              }}
            >
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.kind})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p>Into your company, {user.org.name}.</p>
        )}
        <fieldset>
          <legend>Roles</legend>
          {offered.map((r) => (
            <label key={r} className="inline">
              <input type="checkbox" checked={chosen.includes(r)} onChange={(e) => setChosen(e.target.checked ? [...chosen, r] : chosen.filter((x) => x !== r))} /> {roleLabel(r)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={chosen.length === 0}>
          Send invitation
        </button>
      </form>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <TableScroll label="Invitations">
          <table>
            <thead>
              <tr>
                <th>E-mail</th>
                <th>Organization</th>
                <th>Roles</th>
                <th>Invited by</th>
                <th>Open until</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.orgName}</td>
                  <td>{i.roles.map(roleLabel).join(', ')}</td>
                  <td>{i.invitedBy}</td>
                  <td>{dateTime(i.expiresAt)}</td>
                  <td>{i.status}</td>
                  <td>
                    {i.status === 'open' && (
                      <button type="button" className="secondary" onClick={() => void revoke(i)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No invitations yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.tsx';
import { can, canOn } from '../../shared/access.ts';
import { useConfirm } from '../components/ConfirmDialog.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../components/ui.tsx';
import { del, patch, post } from '../lib/api.ts';
import { humanize } from '../lib/format.ts';
import { invalidate, storeAnswer, useApiQuery } from '../lib/query.ts';
import type { Consortium } from '../lib/types.ts';
import { LAYER_LABELS, LAYERS, type Layer } from '../../shared/domain/package.ts';

function LayerChecks({ value, onChange, idPrefix }: { value: Layer[]; onChange: (v: Layer[]) => void; idPrefix: string }) {
  return (
    <fieldset className="checks">
      <legend>Layer roles</legend>
      {LAYERS.map((l) => (
        <label key={l} htmlFor={`${idPrefix}-${l}`}>
          <input id={`${idPrefix}-${l}`} type="checkbox" checked={value.includes(l)} onChange={(e) => onChange(e.target.checked ? [...value, l] : value.filter((x) => x !== l))} />
          {LAYER_LABELS[l]}
        </label>
      ))}
    </fieldset>
  );
}

export function ConsortiumPage({ id }: { id: string }) {
  const { user } = useSession();
  const url = `/api/v1/consortia/${id}`;
  const c = useApiQuery<Consortium>(url);
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const companies = useApiQuery<{ items: { id: string; name: string; countryOfIncorporation: string }[] }>(`/api/v1/organizations?q=${encodeURIComponent(searched ?? '')}`, { enabled: searched !== null });
  const [inviteOrg, setInviteOrg] = useState('');
  const [inviteLayers, setInviteLayers] = useState<Layer[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();

  if (!c.data) return c.error ? <ErrorBox error={c.error} /> : <Loading />;
  const consortium = c.data;
  const isAnchor = canOn(user, 'consortium.manage', { anchor: consortium.viewerIsAnchor });

  /** Runs a write; true when it succeeded. */
  async function act(fn: () => Promise<Consortium>): Promise<boolean> {
    try {
      setError(null);
      setNotice(null);
      // The answer is the consortium as it now is; the consortia list shows its members too.
      await storeAnswer(queryClient, url, await fn(), ['/api/v1/consortia']);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }

  // The invitation's notification leads here: the invited company answers where it reads the invitation.
  const myInvitation = consortium.members.find((m) => m.orgId === user.org.id && m.status === 'invited');
  async function answer(accept: boolean) {
    if (!(await act(() => post(`/api/v1/consortia/${id}/invitation/${accept ? 'accept' : 'decline'}`)))) return;
    // Joining brings the consortium's proposals into view.
    await invalidate(queryClient, ['/api/v1/proposals']);
    setNotice(accept ? `${user.org.name} is now a member of ${consortium.name}.` : `You declined the invitation to join ${consortium.name}.`);
  }

  async function invite() {
    const company = found.find((o) => o.id === inviteOrg)?.name ?? 'The company';
    if (!(await act(() => post(`/api/v1/consortia/${id}/invitations`, { orgId: inviteOrg, layerRoles: inviteLayers })))) return;
    setInviteOrg('');
    setInviteLayers([]);
    setNotice(`Invitation sent to ${company}: its users are notified and can accept it.`);
  }

  // Removing a member ends its part in the consortium's proposals: it is asked first.
  async function removeMember(m: Consortium['members'][number]) {
    const yes = await confirm({
      title: `Remove ${m.name}?`,
      body: <p>{m.name} stops being a member of {consortium.name}: it no longer sees or edits the consortium’s proposals. Bringing it back takes a new invitation.</p>,
      confirmLabel: 'Remove member',
    });
    if (yes) await act(() => del(`/api/v1/consortia/${id}/members/${m.orgId}`));
  }

  function search(e: FormEvent) {
    e.preventDefault();
    setSearched(query);
  }
  const found = (companies.data?.items ?? []).filter((o) => !consortium.members.some((m) => m.orgId === o.id && (m.status === 'active' || m.status === 'invited')));

  return (
    <>
      <h1>{consortium.name}</h1>
      {dialog}
      <ErrorBox error={error ?? companies.error} />
      {notice && <Alert kind="success">{notice}</Alert>}
      {myInvitation && can(user, 'consortium.invitation.respond') && (
        <section className="card" aria-labelledby="invitation">
          <h2 id="invitation">Invitation</h2>
          <p>
            {consortium.name} invites {user.org.name} to join{myInvitation.layerRoles.length > 0 ? ` for the ${myInvitation.layerRoles.join(', ')} layer${myInvitation.layerRoles.length > 1 ? 's' : ''}` : ''}.
          </p>
          <button onClick={() => void answer(true)}>Accept</button>{' '}
          <button className="secondary" onClick={() => void answer(false)}>
            Decline
          </button>
        </section>
      )}
      <section className="card" aria-labelledby="members">
        <h2 id="members">Members</h2>
        <TableScroll label="Members and their roles">
          <table>
            <thead>
              <tr>
                <th scope="col">Company</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Incorporated / based</th>
                <th scope="col">Layer roles</th>
                <th scope="col">Country-of-concern check</th>
                {isAnchor && <th scope="col">Manage</th>}
              </tr>
            </thead>
            <tbody>
              {consortium.members
                .filter((m) => m.status !== 'removed')
                .map((m) => (
                  <tr key={m.orgId}>
                    <td>{m.name}</td>
                    <td>{m.role}</td>
                    <td>{humanize(m.status)}</td>
                    <td>
                      {m.countryOfIncorporation} / {m.principalPlaceOfBusiness}
                    </td>
                    <td>{m.layerRoles.join(', ') || '—'}</td>
                    <td>
                      {m.ownershipWithheld ? (
                        <span className="muted">Shown once the company is an active member</span>
                      ) : m.countryOfConcern.concern ? (
                        <span className="bad">
                          Fails: {m.countryOfConcern.reasons.join('; ')}
                        </span>
                      ) : (
                        <span className="good">Passes</span>
                      )}
                    </td>
                    {isAnchor && (
                      <td>
                        {m.role !== 'anchor' && (
                          <button className="secondary" onClick={() => void removeMember(m)} aria-label={`Remove ${m.name}`}>
                            Remove
                          </button>
                        )}
                        {m.status === 'active' && (
                          <details>
                            <summary>Edit layers</summary>
                            <LayerChecks idPrefix={`edit-${m.orgId}`} value={m.layerRoles} onChange={(layerRoles) => void act(() => patch(`/api/v1/consortia/${id}/members/${m.orgId}`, { layerRoles }))} />
                          </details>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      {isAnchor && (
        <section className="card" aria-labelledby="invite">
          <h2 id="invite">Invite a company</h2>
          <form onSubmit={search} className="inline">
            <label>
              Company name
              <input value={query} onChange={(e) => setQuery(e.target.value)} />
            </label>
            <button type="submit">Search</button>
          </form>
          {found.length > 0 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void invite();
              }}
            >
              <label>
                Company
                <select value={inviteOrg} onChange={(e) => setInviteOrg(e.target.value)} required>
                  <option value="">Choose…</option>
                  {found.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.countryOfIncorporation})
                    </option>
                  ))}
                </select>
              </label>
              <LayerChecks idPrefix="invite" value={inviteLayers} onChange={setInviteLayers} />
              <button type="submit">Send invitation</button>
            </form>
          )}
        </section>
      )}
    </>
  );
}

// The users page: every user with organization, roles, status and last sign-in, searched and
// filtered on the page. Administrators create users, change their roles and disable or enable them;
// auditors read the same list (the server decides: users.read, users.manage).
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { can } from '../../../shared/access.ts';
import type { UserListItem } from '../../../shared/contracts/users.ts';
import { COMPANY_ROLES, ROLES, type Role } from '../../../shared/domain/roles.ts';
import { roleLabel } from '../../../shared/labels.ts';
import { useSession } from '../../app/session.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { patch, post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useApiQuery } from '../../lib/query.ts';
import { ResetMfaButton } from '../mfa/ResetMfaButton.tsx';

const USERS = '/api/v1/users';

type Status = 'active' | 'locked' | 'disabled';
const STATUS_LABELS: Record<Status, string> = { active: 'Active', locked: 'Locked', disabled: 'Disabled' };

/** Whether the listed user holds the role: the list's filter, not a permission check (those use the model). */
const holdsRole = (u: UserListItem, role: string) => u.roles.indexOf(role) !== -1;

const statusOf = (u: UserListItem): Status => (u.disabled ? 'disabled' : u.lockedUntil ? 'locked' : 'active');

/** The roles a user of an organization of this kind may hold (an administrator's anywhere). */
const rolesFor = (orgKind: string | undefined): Role[] => (orgKind === undefined ? [] : ROLES.filter((r) => r === 'admin' || COMPANY_ROLES.includes(r) === (orgKind === 'company')));

export function UsersPage() {
  const { user: me } = useSession();
  const manage = can(me, 'users.manage');
  const mayRead = can(me, 'users.read');
  const users = useApiQuery<{ items: UserListItem[] }>(USERS, { enabled: mayRead });
  const [text, setText] = useState('');
  const [org, setOrg] = useState('');
  const [role, setRole] = useState('');
  const [status, setStatus] = useState('');

  const items = users.data?.items;
  const orgs = useMemo(() => {
    const byId = new Map<string, { id: string; name: string; kind: string }>();
    for (const u of items ?? []) byId.set(u.orgId, { id: u.orgId, name: u.orgName, kind: u.orgKind });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [items]);
  const needle = text.trim().toLowerCase();
  const shown = (items ?? []).filter(
    (u) =>
      (!needle || u.name.toLowerCase().includes(needle) || u.email.includes(needle)) &&
      (!org || u.orgId === org) &&
      (!role || holdsRole(u, role)) &&
      (!status || statusOf(u) === status),
  );

  if (!mayRead) {
    return (
      <section>
        <h1>Users</h1>
        <Alert kind="info">The list of users is for administrators and auditors.</Alert>
      </section>
    );
  }
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <p className="muted">{manage ? 'Create users, change their roles, and disable those who should no longer sign in.' : 'Every user of the program, with their roles and when they last signed in. Only administrators change them.'}</p>
      {manage && <NewUserForm orgs={orgs} />}
      <form className="inline" role="search" aria-label="Filter users" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" value={text} placeholder="Name or e-mail" onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          Organization
          <select value={org} onChange={(e) => setOrg(e.target.value)}>
            <option value="">All organizations</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {(Object.keys(STATUS_LABELS) as Status[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBox error={users.error} />
      {!items ? (
        !users.error && <Loading />
      ) : (
        <>
          <p className="small muted" role="status">
            {shown.length === items.length ? `${items.length} users` : `${shown.length} of ${items.length} users`}
          </p>
          {shown.length === 0 ? (
            <p className="muted">No user matches these filters.</p>
          ) : (
            <TableScroll label="Users">
              <table aria-label="Users">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>E-mail</th>
                    <th>Organization</th>
                    <th>Roles</th>
                    <th>Status</th>
                    <th>Last sign-in</th>
                    {manage && <th>Change</th>}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <UserRow key={u.id} user={u} manage={manage} isMe={u.id === me.id} />
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}

function UserRow({ user: u, manage, isMe }: { user: UserListItem; manage: boolean; isMe: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<string[]>(u.roles);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const status = statusOf(u);

  async function save(body: { roles?: string[]; disabled?: boolean }) {
    setBusy(true);
    try {
      await patch(`${USERS}/${u.id}`, body);
      setError(null);
      setEditing(false);
      await invalidate(queryClient, [USERS]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function toggleDisabled() {
    const verb = u.disabled ? 'Enable' : 'Disable';
    const consequence = u.disabled ? 'They can sign in again.' : 'They can no longer sign in, and their sessions and API keys stop working.';
    if (window.confirm(`${verb} ${u.name}? ${consequence}`)) void save({ disabled: !u.disabled });
  }

  return (
    <tr>
      <td>{u.name}</td>
      <td>{u.email}</td>
      <td>{u.orgName}</td>
      <td>
        {editing ? (
          <fieldset className="checks">
            <legend className="sr-only">Roles of {u.name}</legend>
            {rolesFor(u.orgKind).map((r) => (
              <label key={r} className="inline">
                <input type="checkbox" checked={chosen.includes(r)} onChange={(e) => setChosen(e.target.checked ? [...chosen, r] : chosen.filter((x) => x !== r))} />
                {roleLabel(r)}
              </label>
            ))}
          </fieldset>
        ) : (
          u.roles.map(roleLabel).join(', ')
        )}
        {error ? <ErrorBox error={error} /> : null}
      </td>
      <td>
        <span className={`badge badge-user-${status}`}>{STATUS_LABELS[status]}</span>
        {status === 'locked' && <div className="small muted">until {dateTime(u.lockedUntil)}</div>}
      </td>
      <td>{u.lastSignInAt ? dateTime(u.lastSignInAt) : 'Never'}</td>
      {manage && (
        <td>
          {editing ? (
            <div className="actions">
              <button disabled={busy || chosen.length === 0} onClick={() => void save({ roles: chosen })}>
                Save roles
              </button>
              <button
                className="link"
                onClick={() => {
                  setEditing(false);
                  setChosen(u.roles);
                  setError(null);
                }}
              >
                Cancel
              </button>
            </div>
          ) : (
            <div className="actions">
              <button className="link" aria-label={`Change roles of ${u.name}`} onClick={() => setEditing(true)}>
                Change roles
              </button>
              {!isMe && (
                <button className="link" aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`} disabled={busy} onClick={toggleDisabled}>
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
              )}
              {!isMe && <ResetMfaButton userId={u.id} userName={u.name} />}
            </div>
          )}
        </td>
      )}
    </tr>
  );
}

function NewUserForm({ orgs }: { orgs: { id: string; name: string; kind: string }[] }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [chosen, setChosen] = useState<Role[]>([]);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const offered = rolesFor(orgs.find((o) => o.id === orgId)?.kind);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await post(USERS, { email, name, orgId, roles: chosen, password });
      setCreated(`${name} (${email.toLowerCase()}) can now sign in.`);
      setError(null);
      setEmail('');
      setName('');
      setChosen([]);
      setPassword('');
      await invalidate(queryClient, [USERS]);
    } catch (err) {
      setError(err);
      setCreated(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" aria-label="Create a user" onSubmit={(e) => void submit(e)}>
      <h2>Create a user</h2>
      {created && <Alert kind="success">{created}</Alert>}
      <ErrorBox error={error} />
      <div className="grid2">
        <label>
          Name
          <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          E-mail
          <input type="email" value={email} required maxLength={254} autoComplete="off" onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Organization
          <select
            value={orgId}
            required
            onChange={(e) => {
              setOrgId(e.target.value);
              setChosen([]);
            }}
          >
            <option value="">Choose an organization</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <div>
          <label>
            Password
            <input type="password" value={password} required autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} aria-describedby="password-rule" />
          </label>
          <span id="password-rule" className="small muted">
            12 to 128 characters; not a common password, nor the e-mail or the name.
          </span>
        </div>
      </div>
      <fieldset className="checks">
        <legend>Roles</legend>
        {offered.length === 0 && <span className="small muted">Choose the organization first: the roles depend on it.</span>}
        {offered.map((r) => (
          <label key={r} className="inline">
            <input type="checkbox" checked={chosen.includes(r)} onChange={(e) => setChosen(e.target.checked ? [...chosen, r] : chosen.filter((x) => x !== r))} />
            {roleLabel(r)}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || chosen.length === 0}>
        Create user
      </button>
    </form>
  );
}

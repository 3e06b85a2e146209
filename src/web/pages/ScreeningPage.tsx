// /screening: one search, batch uploads, the alerts queue and the lists with their versions.
import { useState } from 'react';
import { can, type Subject } from '../../shared/access.ts';
import { useSession } from '../app/session.tsx';
import { AlertsPanel } from '../features/screening/AlertsPanel.tsx';
import { BatchPanel } from '../features/screening/BatchPanel.tsx';
import { ListsPanel } from '../features/screening/ListsPanel.tsx';
import { SearchPanel } from '../features/screening/SearchPanel.tsx';

const TABS = [
  ['search', 'Search'],
  ['batch', 'Batch'],
  ['alerts', 'Alerts'],
  ['lists', 'Lists'],
] as const;
type Tab = (typeof TABS)[number][0];

/**
 * Who may do what to an alert, in one line for the viewer (the buttons themselves follow each
 * alert's `allowedActions` from the server).
 */
export function dispositionNote(user: Subject & { orgKind: string }): string | null {
  if (user.orgKind === 'company' && can(user, 'screening.contest')) {
    return 'Only program-office screening analysts can clear a hit on a proposal\u2019s party; you can confirm it, or contest it.';
  }
  if (user.orgKind === 'agency' && can(user, 'screening.clear')) {
    return 'You can confirm or clear a hit; a confirmed prohibited match is cleared by two of the program office\u2019s screening staff: one proposes, another approves.';
  }
  if (can(user, 'screening.search')) return 'Only program-office screening analysts and program officers clear hits; a consortium contests the hits on its own parties.';
  return null;
}

export function ScreeningPage() {
  const { user } = useSession();
  const params = new URLSearchParams(window.location.search);
  const initial = TABS.some(([t]) => t === params.get('tab')) ? (params.get('tab') as Tab) : 'search';
  const [tab, setTab] = useState<Tab>(initial);
  if (!can(user, 'screening.search')) {
    return <p>Party screening is for compliance officers, the program office\u2019s staff, auditors and administrators.</p>;
  }
  const select = (t: Tab) => {
    setTab(t);
    window.history.replaceState(null, '', `/screening?tab=${t}`);
  };
  return (
    <>
      <h1>Party screening</h1>
      <div className="tabs" role="tablist" aria-label="Screening">
        {TABS.map(([t, label]) => (
          <button key={t} role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls={`panel-${t}`} onClick={() => select(t)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'search' && <SearchPanel />}
        {tab === 'batch' && <BatchPanel />}
        {tab === 'alerts' && <AlertsPanel focus={params.get('alert')} note={dispositionNote({ roles: user.roles, orgKind: user.org.kind })} />}
        {tab === 'lists' && <ListsPanel canManage={can(user, 'lists.manage')} />}
      </div>
    </>
  );
}

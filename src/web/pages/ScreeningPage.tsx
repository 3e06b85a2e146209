// /screening: one search, batch uploads, the alerts queue and the lists with their versions.
import { useState } from 'react';
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

export const SCREENING_ROLES = ['compliance_officer', 'program_officer', 'admin', 'auditor'];

export function ScreeningPage() {
  const { user } = useSession();
  const params = new URLSearchParams(window.location.search);
  const initial = TABS.some(([t]) => t === params.get('tab')) ? (params.get('tab') as Tab) : 'search';
  const [tab, setTab] = useState<Tab>(initial);
  const roles: string[] = user.roles;
  if (!roles.some((r) => SCREENING_ROLES.includes(r))) {
    return <p>Party screening is for compliance and program officers, auditors and administrators.</p>;
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
        {tab === 'alerts' && <AlertsPanel focus={params.get('alert')} canDispose={roles.some((r) => ['compliance_officer', 'program_officer', 'admin'].includes(r))} />}
        {tab === 'lists' && <ListsPanel canManage={roles.includes('admin')} />}
      </div>
    </>
  );
}

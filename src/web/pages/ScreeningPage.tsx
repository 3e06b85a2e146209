// /screening: one search, batch uploads, the alerts queue and the lists with their versions. The tab,
// the alert opened and the alerts' filters are in the URL (/screening?tab=alerts&status=confirmed).
import { getRouteApi } from '@tanstack/react-router';
import { z } from 'zod';
import { can, type Subject } from '../../shared/access.ts';
import { useSession } from '../app/session.tsx';
import { AlertFilters, AlertsPanel } from '../features/screening/AlertsPanel.tsx';
import { BatchPanel } from '../features/screening/BatchPanel.tsx';
import { ListsPanel } from '../features/screening/ListsPanel.tsx';
import { SearchPanel } from '../features/screening/SearchPanel.tsx';

const Tabs = z.enum(['search', 'batch', 'alerts', 'lists']);
type Tab = z.infer<typeof Tabs>;
const TAB_LABELS: Record<Tab, string> = { search: 'Search', batch: 'Batch', alerts: 'Alerts', lists: 'Lists' };

/** The page's URL search parameters; a value the page does not know is dropped. */
export const ScreeningSearch = z.object({
  tab: Tabs.optional().catch(undefined),
  /** The alert to show opened. */
  alert: z.string().optional().catch(undefined),
  ...AlertFilters.shape,
});

const route = getRouteApi('/app/screening');

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
  const { tab = 'search', alert, ...filters } = route.useSearch();
  const navigate = route.useNavigate();
  if (!can(user, 'screening.search')) {
    return <p>Party screening is for compliance officers, the program office’s staff, auditors and administrators.</p>;
  }
  // Another tab replaces the entry (Back leaves the page); a filter adds one (Back undoes it).
  const select = (t: Tab) => void navigate({ search: { tab: t }, replace: true });
  return (
    <>
      <h1>Party screening</h1>
      <div className="tabs" role="tablist" aria-label="Screening">
        {Tabs.options.map((t) => (
          <button key={t} role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls={`panel-${t}`} onClick={() => select(t)}>
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'search' && <SearchPanel />}
        {tab === 'batch' && <BatchPanel />}
        {tab === 'alerts' && (
          <AlertsPanel
            focus={alert ?? null}
            filters={filters}
            onFilters={(next) => void navigate({ search: { tab, ...next } })}
            note={dispositionNote({ roles: user.roles, orgKind: user.org.kind })}
          />
        )}
        {tab === 'lists' && <ListsPanel canManage={can(user, 'lists.manage')} />}
      </div>
    </>
  );
}

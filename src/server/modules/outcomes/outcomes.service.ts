// The program's public outcomes (docs/outcomes.md): designations, deals closed, financing committed
// and disbursed, time to first commitment and monitoring, by country, layer and quarter. No login:
// the facts read here never leave as they are — computeOutcomes aggregates them, withholds small
// amounts, and the response schema (src/shared/contracts/outcomes.ts) is the allow-list.
//
// The deals, requests and monitoring reports are read with the financing module's own read functions
// and the designated packages with the designation module's, as the license register and the
// escalations read deals: neither service offers an unscoped read of them, and these reads need no
// viewer (only aggregates leave).
import type { Package } from '../../../shared/contracts/package.ts';
import type { Outcomes } from '../../../shared/contracts/outcomes.ts';
import { PACKAGE_STATES } from '../../../shared/domain/proposal-lifecycle.ts';
import { expandMarkets } from '../../../shared/reference/geography.ts';
import { StampCache } from '../../db/stamp-cache.ts';
import type { Deps } from '../../lib/context.ts';
import { auditEventsOf } from '../audit/audit.service.ts';
import { listedPackages } from '../designation/designation.service.ts';
import { findListedPackages } from '../designation/designation.repository.ts';
import { findDeals, findMonitoringReports, findRequestsOfDeals } from '../financing/financing.repository.ts';
import { COMMITTED_STATES, type FinancingState } from '../../../shared/domain/financing-lifecycle.ts';
import { computeOutcomes, type OutcomeFacts } from './outcomes.figures.ts';

/** Stages at which a deal's supply contract is signed: the deal is closed (won). */
export const CLOSED_DEAL_STAGES: readonly string[] = ['contract_signed', 'in_delivery', 'operational'];

type SourceDeps = Pick<Deps, 'db' | 'clock'>;

/** When a deal first reached a signed-contract stage, from its audit trail (its last update when the trail has no such move). */
async function closedAt(deps: SourceDeps, deal: { id: string; stage: string; updated_at: string }): Promise<string | null> {
  if (!CLOSED_DEAL_STAGES.includes(deal.stage)) return null;
  const events = await auditEventsOf(deps, 'deal', deal.id);
  for (const e of events) {
    if (e.action !== 'deal.stage_changed') continue;
    const data = JSON.parse(e.data_json) as { to?: string; stage?: string };
    // Moves recorded before the stage had its own step carry the new stage as `stage`.
    if (CLOSED_DEAL_STAGES.includes(data.to ?? data.stage ?? '')) return String(e.at);
  }
  return deal.updated_at;
}

/** A request's disbursements with their dates, from its audit trail; what the trail does not account for is dated at the request's last update. */
async function disbursementsOf(deps: SourceDeps, r: { id: string; deal_id: string; disbursed_usd: number; updated_at: string }) {
  const events = (await auditEventsOf(deps, 'financing_request', r.id)).filter((e) => e.action === 'financing.disburse');
  const out = events.map((e) => ({ dealId: r.deal_id, usd: Number((JSON.parse(e.data_json) as { amountUsd?: number }).amountUsd ?? 0), at: String(e.at) }));
  const rest = r.disbursed_usd - out.reduce((a, b) => a + b.usd, 0);
  if (rest > 0.005) out.push({ dealId: r.deal_id, usd: rest, at: r.updated_at });
  return out;
}

async function gatherFacts(deps: SourceDeps): Promise<OutcomeFacts> {
  // Every package ever designated, whatever its state and term now: the empty bound keeps ended terms.
  const designated = await findListedPackages(deps.db.db, PACKAGE_STATES, '');
  const inForce = (await listedPackages(deps)).length;
  const deals = await findDeals(deps.db.db, {});
  const requests = await findRequestsOfDeals(deps.db.db, deals.map((d) => d.id));
  const committed = requests.filter((r) => COMMITTED_STATES.includes(r.state as FinancingState) && r.committed_usd !== null && r.committed_at !== null);
  const disbursements = [];
  for (const r of requests.filter((x) => x.disbursed_usd > 0)) disbursements.push(...(await disbursementsOf(deps, r)));
  const dealFacts = [];
  for (const d of deals) dealFacts.push({ id: d.id, packageId: d.proposal_id, country: d.country, createdAt: d.created_at, closedAt: await closedAt(deps, d) });
  return {
    packages: designated.map((p) => {
      const pkg = JSON.parse(p.package_json) as Package;
      return { id: p.id, designatedAt: p.designated_at, countries: expandMarkets(pkg.targetMarkets), layers: [...new Set(pkg.components.map((c) => c.layer))] };
    }),
    inForce,
    deals: dealFacts,
    commitments: committed.map((r) => ({ dealId: r.deal_id, usd: r.committed_usd!, at: r.committed_at! })),
    disbursements,
    reports: (await findMonitoringReports(deps.db.db)).map((r) => ({ period: r.period, dueAt: r.due_at, submittedAt: r.submitted_at })),
  };
}

// Reading the audit trail of every closed deal and disbursing request is a query each: the answer is
// kept while the database has not changed (and for the day, which decides what is due and in force).
const cache = new StampCache<Outcomes>(4);

/** The public outcomes, for anyone: aggregates only, small amounts withheld. */
export function publicOutcomes(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<Outcomes> {
  const minDeals = deps.config.OUTCOMES_MIN_DEALS;
  const now = deps.clock.nowIso();
  return cache.get(deps.db, `${now.slice(0, 10)}|${minDeals}`, async () => computeOutcomes(await gatherFacts(deps), { minDeals, now }));
}

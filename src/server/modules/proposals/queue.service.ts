// The program office's queue: every submitted proposal the viewer may see, searched, filtered,
// sorted and paged by the server (a program has hundreds of proposals), and the same rows as CSV.
// Proposals are read in one query and filtered in memory on what their packages say (target
// countries, requested agencies), which SQL over package JSON would do differently per dialect;
// only the page's rows are completed with what costs a read each (completeness, compliance).
import { can } from '../../../shared/access.ts';
import type { Package } from '../../../shared/contracts/package.ts';
import type { ProposalQueueItem, ProposalQueueParams } from '../../../shared/contracts/proposal-queue.ts';
import { PROPOSAL_STATES, type ProposalState } from '../../../shared/domain/proposal-lifecycle.ts';
import { countryName, expandMarkets, getBloc, isBlocCode } from '../../../shared/reference/geography.ts';
import { regionOfCountry } from '../../../shared/reference/regions.ts';
import { forbidden } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { toCsv } from '../../lib/csv.ts';
import { findReviewProgress, findRubric } from '../review/review.repository.ts';
import { rubricWeightsByVersion } from '../calls/calls.service.ts';
import { getProposal } from './proposals.service.ts';
import { findLastSubmittedRevisions, findQueueRows, findStateEnteredAt, findSubmittedReviewScores } from './queue.repository.ts';

/** States whose stored content may be a revision not yet submitted: the queue shows the last submitted one. */
const REWORKED_STATES: readonly string[] = ['returned_for_information', 'withdrawn'];

/** The reference quoted in letters and exports: "AIEP-" and the first eight hex digits of the id, grouped. */
export function proposalReference(id: string): string {
  const hex = id.replaceAll('-', '').slice(0, 8).toUpperCase();
  return `AIEP-${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}

interface QueueRow {
  id: string;
  reference: string;
  title: string;
  state: ProposalState;
  revision: number;
  version: number;
  submittedAt: string | null;
  updatedAt: string;
  consortium: { id: string; name: string };
  countries: string[];
  markets: string[];
  agencies: string[];
  stateSince: string | null;
  reviews: ProposalQueueItem['reviews'];
  consultations: ProposalQueueItem['consultations'];
  score: number | null;
}

function assertQueueReader(ctx: ServiceContext) {
  if (!can(ctx.actor, 'review.read')) throw forbidden('The proposal queue is the program office’s');
}

const isOverdue = (now: string, dueAt: string, doneAt: string | null) => doneAt === null && dueAt < now;

/** Every submitted proposal as the government sees it, with what the filters and sorts read. */
async function loadRows(ctx: ServiceContext): Promise<QueueRow[]> {
  const db = ctx.db.db;
  const rows = await findQueueRows(db);
  const ids = rows.map((r) => r.id);
  const [lastSubmitted, enteredAt, [assignments, consultations], scores, rubric, versionWeights] = await Promise.all([
    findLastSubmittedRevisions(db, rows.filter((r) => REWORKED_STATES.includes(r.state)).map((r) => r.id)),
    findStateEnteredAt(db),
    findReviewProgress(db, ids),
    findSubmittedReviewScores(db),
    findRubric(db),
    rubricWeightsByVersion(ctx),
  ]);
  const weights = new Map(rubric.map((c) => [c.key, c.weight]));
  // Each review is weighed by the rubric version it was scored against (calls module), else by the default rubric as it is now.
  const weightsOf = (versionId: string | null) => (versionId ? versionWeights.get(versionId) : undefined) ?? weights;
  const now = ctx.clock.nowIso();
  return rows.map((r) => {
    // Government users see the last submitted revision while the consortium works on the next one.
    const shown = lastSubmitted.get(r.id) ?? { revision: r.revision, title: r.title, package_json: r.package_json };
    const pkg = JSON.parse(shown.package_json) as Package;
    const mine = assignments.filter((a) => a.proposal_id === r.id);
    const active = mine.filter((a) => a.coi !== 'conflicted');
    const asked = consultations.filter((c) => c.proposal_id === r.id);
    return {
      id: r.id,
      reference: proposalReference(r.id),
      title: shown.title,
      state: r.state as ProposalState,
      revision: shown.revision,
      version: r.version,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      consortium: { id: r.consortium_id, name: r.consortiumName },
      countries: expandMarkets(pkg.targetMarkets),
      markets: pkg.targetMarkets.map((m) => m.code),
      agencies: [...new Set(pkg.supportRequests.map((s) => s.agency))],
      stateSince: enteredAt.get(r.id) ?? r.submitted_at,
      reviews: {
        minimum: ctx.config.REVIEW_MIN_REVIEWERS,
        active: active.length,
        submitted: active.filter((a) => a.status === 'submitted').length,
        conflicted: mine.length - active.length,
        overdue: active.filter((a) => a.status === 'assigned' && isOverdue(now, a.due_at, a.submitted_at)).length,
      },
      consultations: {
        requested: asked.length,
        answered: asked.filter((c) => c.answered_at !== null).length,
        overdue: asked.filter((c) => isOverdue(now, c.due_at, c.answered_at)).length,
      },
      score: meanScore(
        scores.filter((s) => s.proposal_id === r.id && s.revision === shown.revision).map((s) => ({ json: s.scores_json, weights: weightsOf(s.rubric_version_id) })),
      ),
    };
  });
}

/** The mean of the reviews' weighted scores (each by the weights of its rubric version); null without a review. */
function meanScore(reviews: { json: string; weights: Map<string, number> }[]): number | null {
  const totals = reviews.flatMap(({ json, weights }) => {
    const scores = JSON.parse(json) as Record<string, { score: number }>;
    let sum = 0;
    let weight = 0;
    for (const [key, s] of Object.entries(scores)) {
      const w = weights.get(key);
      if (w === undefined || typeof s?.score !== 'number') continue;
      sum += w * s.score;
      weight += w;
    }
    return weight > 0 ? [sum / weight] : [];
  });
  return totals.length ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100 : null;
}

/** Whether a row matches every word of the search in its title, consortium, reference or target countries' and blocs' names. */
function matcher(q: string | undefined): (r: QueueRow) => boolean {
  const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  return (r) => {
    const text = [r.title, r.consortium.name, r.reference, r.id, ...r.countries.map(countryName), ...r.markets.filter(isBlocCode).map((b) => `${b} ${getBloc(b)?.name ?? ''}`)]
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  };
}

type Filter = Omit<ProposalQueueParams, 'limit' | 'offset'>;

function filterAndSort(rows: QueueRow[], f: Filter): QueueRow[] {
  const matches = matcher(f.q);
  const market = f.market;
  const marketCountries = market && isBlocCode(market) ? new Set(getBloc(market)?.members ?? []) : null;
  const kept = rows.filter(
    (r) =>
      matches(r) &&
      (!f.state || r.state === f.state) &&
      (!market || r.markets.includes(market) || (marketCountries ? r.countries.some((c) => marketCountries.has(c)) : r.countries.includes(market))) &&
      (!f.region || r.countries.some((c) => regionOfCountry(c) === f.region)) &&
      (!f.agency || r.agencies.includes(f.agency)) &&
      (!f.assigned || (f.assigned === 'yes') === r.reviews.active > 0),
  );
  const dir = f.dir ?? (f.sort === 'title' || f.sort === 'state' ? 'asc' : 'desc');
  const sign = dir === 'asc' ? 1 : -1;
  const key = (r: QueueRow): string | number | null => {
    switch (f.sort) {
      case 'title':
        return r.title.toLowerCase();
      case 'state':
        return PROPOSAL_STATES.indexOf(r.state);
      case 'score':
        return r.score;
      // The longest in its state first, when descending: the earliest entry into it.
      case 'age':
        return r.stateSince ? -Date.parse(r.stateSince) : null;
      default:
        return r.submittedAt;
    }
  };
  return kept.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    // Rows without a value (no score yet) come last whichever the direction.
    if (ka === null || kb === null) return ka === kb ? a.id.localeCompare(b.id) : ka === null ? 1 : -1;
    const c = ka < kb ? -1 : ka > kb ? 1 : 0;
    return c !== 0 ? sign * c : a.id.localeCompare(b.id);
  });
}

/** The page's rows completed with completeness, US content and the compliance status. */
async function complete(ctx: ServiceContext, rows: QueueRow[]): Promise<ProposalQueueItem[]> {
  const out: ProposalQueueItem[] = [];
  for (const { markets: _markets, ...r } of rows) {
    const p = await getProposal(ctx, r.id);
    out.push({
      ...r,
      completeness: { complete: p.completeness.complete, missing: p.completeness.problems.length },
      usContentShare: p.usContent.share,
      usContentPresumptionMet: p.usContent.presumptionMet,
      compliance: await ctx.ports.complianceStatus(ctx, r.id),
    });
  }
  return out;
}

export async function proposalQueue(ctx: ServiceContext, q: ProposalQueueParams) {
  assertQueueReader(ctx);
  const { limit, offset, ...filter } = q;
  const rows = filterAndSort(await loadRows(ctx), filter);
  return { items: await complete(ctx, rows.slice(offset, offset + limit)), total: rows.length, offset, limit };
}

/** Column headings of the CSV, as the queue's readers name them. */
const CSV_HEADER = [
  'Reference',
  'Title',
  'Consortium',
  'State',
  'Submitted',
  'In this state since',
  'Target countries',
  'Federal support requested from',
  'Complete',
  'Items missing',
  'US content of infrastructure (%)',
  'US-content presumption met',
  'Compliance',
  'Reviewers active',
  'Reviews submitted',
  'Reviews overdue',
  'Consultations requested',
  'Consultations answered',
  'Mean review score',
];

/** Every row the filters select, sorted as asked (no page), as CSV. */
export async function proposalQueueCsv(ctx: ServiceContext, filter: Filter): Promise<string> {
  assertQueueReader(ctx);
  const items = await complete(ctx, filterAndSort(await loadRows(ctx), filter));
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  return toCsv(
    CSV_HEADER,
    items.map((i) => [
      i.reference,
      i.title,
      i.consortium.name,
      i.state.replaceAll('_', ' '),
      i.submittedAt,
      i.stateSince,
      i.countries.map(countryName).join('; '),
      i.agencies.join('; '),
      yesNo(i.completeness.complete),
      i.completeness.missing,
      i.usContentShare === null ? '' : Math.round(i.usContentShare * 1000) / 10,
      yesNo(i.usContentPresumptionMet),
      i.compliance ? i.compliance.replaceAll('_', ' ') : '',
      i.reviews.active,
      i.reviews.submitted,
      i.reviews.overdue,
      i.consultations.requested,
      i.consultations.answered,
      i.score,
    ]),
  );
}

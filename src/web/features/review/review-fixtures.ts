// Answers of the consultation and recommendation routes in their current shape (an agency's answer
// as one record with its revisions), built on the recorded gulf proposal (src/web/test/recorded.ts):
// the same consultations, plus version, revision, who answered, the revisions and the viewer's
// allowed actions. State's answer was revised once: its first answer named two conditions.
// ReviewTab.test.tsx checks each against its route's response schema.
import type { z } from 'zod';
import { RecommendationEvidenceSchema, type ConsultationRecord, type RecommendationSchema } from '../../../shared/contracts/review.ts';
import type { PackageScreening } from '../../../shared/contracts/screening.ts';
import { EligibilityChecklistSchema, type EligibilityChecklist } from '../../../shared/contracts/eligibility.ts';
import { gulfConsultations, gulfConsultationsRequested, gulfEvidence, gulfUnderReview, reviewers, type Problem } from '../../test/recorded.ts';

const person = (name: string) => {
  const r = reviewers.items.find((x) => x.name === name)!;
  return { id: r.id, name: r.name };
};

const answeredBy: Record<string, string> = { ENERGY: 'Taylor Kim', OSTP: 'Avery Singh', STATE: 'Jules Moreau', WAR: 'Drew Castillo' };

/** The first answer State gave (Robin Okafor), before Jules Moreau revised it. */
export const stateFirstAnswer = {
  revision: 1,
  position: 'concur_with_conditions',
  rationale: 'Acceptable with safeguards on onward transfer.',
  conditions: ['No onward transfer of model weights', 'Annual end-use report to State'],
  reason: null,
  answeredBy: person('Robin Okafor'),
  answeredAt: '2026-12-01T09:51:37.139Z',
};

/** GET /api/v1/proposals/:id/consultations as the program office or the decision official reads it. */
export const gulfConsultationRecords: { items: ConsultationRecord[] } = {
  items: gulfConsultations.items.map((c) => {
    const current = { revision: c.agency === 'STATE' ? 2 : 1, position: c.position, rationale: c.rationale, conditions: c.conditions, answeredBy: person(answeredBy[c.agency]!), answeredAt: c.answeredAt };
    if (c.agency !== 'STATE') return { ...c, version: 2, revision: 1, answeredBy: current.answeredBy, revisions: [{ ...current, reason: null }], allowedActions: [] };
    const revised = { ...current, answeredAt: '2026-12-01T10:20:00.000Z', reason: 'The license terms already carry both safeguards.' };
    return { ...c, answeredAt: revised.answeredAt, version: 3, revision: 2, answeredBy: revised.answeredBy, revisions: [stateFirstAnswer, revised], allowedActions: [] };
  }),
};

/** POST /api/v1/proposals/:id/consultations (201): the four agencies consulted, none answered yet. */
export const gulfConsultationRecordsRequested: { items: ConsultationRecord[] } = {
  items: gulfConsultationsRequested.items.map((c) => ({ ...c, version: 1, revision: 0, answeredBy: null, revisions: [], allowedActions: [] })),
};

const warRecord = gulfConsultationRecords.items.find((c) => c.agency === 'WAR')!;

/** The same as a Department of War reviewer reads it before answering: only War's, to answer. */
export const warUnanswered: { items: ConsultationRecord[] } = {
  items: [{ ...warRecord, position: null, rationale: null, conditions: [], answeredAt: null, version: 1, revision: 0, answeredBy: null, revisions: [], allowedActions: ['answer'] }],
};

/** PUT /api/v1/consultations/:id (200): War's first answer; from now on War revises. */
export const warAnswered: ConsultationRecord = { ...warRecord, allowedActions: ['revise'] };

/** POST /api/v1/consultations/:id/revisions (201): War's answer revised, the first kept. */
export const warRevised: ConsultationRecord = {
  ...warAnswered,
  position: 'concur',
  rationale: 'Location reporting is now a license condition.',
  conditions: [],
  answeredAt: '2026-12-02T08:00:00.000Z',
  version: 3,
  revision: 2,
  revisions: [
    ...warAnswered.revisions,
    { revision: 2, position: 'concur', rationale: 'Location reporting is now a license condition.', conditions: [], reason: 'Covered by the export license.', answeredBy: person('Drew Castillo'), answeredAt: '2026-12-02T08:00:00.000Z' },
  ],
};

/** The revision POST from a page that read version 2 after someone else revised it. */
export const warRevision409: Problem = {
  type: 'https://aiep.example/problems/version-conflict',
  title: 'Conflict',
  status: 409,
  code: 'VERSION_CONFLICT',
  detail: 'The consultation was changed meanwhile (now version 3); reload it and apply your change again',
  currentVersion: 3,
};

/** GET /api/v1/proposals/:id/recommendation: the program officer's recommendation with its evidence. */
export const gulfRecommendation: z.infer<typeof RecommendationSchema> = {
  revision: gulfUnderReview.revision,
  recommendation: 'designate',
  rationale: 'Strong security and market strategy; War’s chip-location condition should carry into the designation.',
  // The recorded evidence, its compliance status read as the status it names.
  evidence: RecommendationEvidenceSchema.parse(gulfEvidence),
  draftedAt: '2026-12-01T09:51:37.263Z',
};

/** GET /api/v1/proposals/:id/screening: the gulf package's parties, each screened against the active list. */
export const gulfPartiesScreened: PackageScreening = {
  proposalId: gulfUnderReview.id,
  listActive: true,
  screened: true,
  message: null,
  parties: [
    { name: 'Meridian Compute Inc.', kind: 'company', screened: true, screenedAt: '2026-12-01T09:40:00.000Z' },
    { name: 'Lattice Networks LLC', kind: 'company', screened: true, screenedAt: '2026-12-01T09:40:00.000Z' },
    { name: 'Falcon Digital Infrastructure PJSC', kind: 'company', screened: true, screenedAt: '2026-12-01T09:40:00.000Z' },
  ],
};

/** The same with no screening list active: nobody is screened, and the API says why (no list, no clearance). */
export const gulfPartiesNoList: PackageScreening = {
  ...gulfPartiesScreened,
  listActive: false,
  screened: false,
  message:
    'No screening list is active, so the parties of this package have not been screened (Meridian Compute Inc., Lattice Networks LLC, Falcon Digital Infrastructure PJSC). An administrator must import and activate a list.',
  parties: gulfPartiesScreened.parties.map((p) => ({ ...p, screened: false, screenedAt: null })),
};

/** GET /api/v1/proposals/:id/eligibility: the program office's checklist of the gulf proposal, answered before review began. */
export const gulfEligibility: EligibilityChecklist = EligibilityChecklistSchema.parse({
  proposalId: gulfUnderReview.id,
  revision: gulfUnderReview.revision,
  state: 'under_review',
  editable: false,
  complete: true,
  blockers: [],
  criteria: [
    {
      id: 'target_market',
      label: 'At least one target market',
      rule: 'The package names at least one target country or region.',
      citation: 'Executive Order 14320 §3(b)',
      effective: '2025-07-23',
      blocking: true,
      guidance: null,
      system: { assessment: 'met', findings: [] },
      answer: { answer: 'met', note: '', by: 'Pat Romero', at: '2026-12-01T09:45:00.000Z' },
    },
  ],
});

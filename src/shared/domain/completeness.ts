// What a proposal needs before it can be submitted (docs/domain.md#completeness). Pure: the server, the
// web app's live checklist and `aiep package validate` all call this one function.
import type { Package } from '../contracts/package.ts';
import { CERTIFICATION_LABELS } from '../labels.ts';
import { countryName, getBloc, isBlocCode } from '../reference/geography.ts';
import { CERTIFICATIONS, LAYER_LABELS, LAYERS, type CertificationKind } from './package.ts';
import { checkCountryOfConcern, type OwnershipFacts } from './ownership.ts';

export interface CompletenessMember extends OwnershipFacts {
  id: string;
  role: 'anchor' | 'member';
  certifications: Partial<Record<CertificationKind, boolean>>;
}

/**
 * One thing missing: `path` is the machine's address of it (for the API, the CLI and tests),
 * `label` names it for a person ("Operating model for Philippines: who builds it") and `message`
 * says what is wrong.
 */
export interface Problem {
  code: string;
  path: string;
  label: string;
  message: string;
}

/** A target market by name: a country's, or a regional bloc's. */
const marketName = (code: string) => (isBlocCode(code) ? (getBloc(code)?.name ?? code) : countryName(code));

const OPERATING_ROLE_WORDS = { build: 'who builds it', own: 'who owns it', operate: 'who operates it' } as const;

export interface CompletenessResult {
  complete: boolean;
  problems: Problem[];
}

export function checkCompleteness(
  pkg: Package,
  members: readonly CompletenessMember[],
  countriesOfConcern: readonly string[],
): CompletenessResult {
  const problems: Problem[] = [];
  const add = (code: string, path: string, label: string, message: string) => problems.push({ code, path, label, message });

  const covered = new Set(pkg.components.map((c) => c.layer));
  for (const layer of LAYERS) {
    if (!covered.has(layer)) add('LAYER_MISSING', `package.components[layer=${layer}]`, `Components: ${LAYER_LABELS[layer]}`, `The ${layer} layer has no component`);
  }

  const memberIds = new Set(members.map((m) => m.id));
  pkg.components.forEach((c, i) => {
    if (!memberIds.has(c.supplier)) {
      add('SUPPLIER_NOT_MEMBER', `package.components[${i}].supplier`, `Component “${c.name}”: its supplier`, `Component "${c.name}" is supplied by an organization that is not an active consortium member`);
    }
  });

  if (pkg.targetMarkets.length === 0) add('NO_TARGET_MARKET', 'package.targetMarkets', 'Target markets', 'At least one target market (country or regional bloc) is required');

  for (const m of pkg.targetMarkets) {
    const model = pkg.operatingModel.find((o) => o.market === m.code);
    const name = marketName(m.code);
    if (!model) {
      add('OPERATING_MODEL_MISSING', `package.operatingModel[market=${m.code}]`, `Operating model for ${name}`, `${name} has no operating model: name who builds, owns and operates the infrastructure`);
      continue;
    }
    for (const role of ['build', 'own', 'operate'] as const) {
      if (model[role].length === 0) {
        add('OPERATING_ROLE_MISSING', `package.operatingModel[market=${m.code}].${role}`, `Operating model for ${name}: ${OPERATING_ROLE_WORDS[role]}`, `${name}: nobody is named to ${role} the infrastructure`);
      }
    }
  }
  const declared = new Set(pkg.targetMarkets.map((m) => m.code));
  pkg.operatingModel.forEach((o, i) => {
    if (!declared.has(o.market)) add('OPERATING_MODEL_UNKNOWN_MARKET', `package.operatingModel[${i}].market`, `Operating model for ${marketName(o.market)}`, `${marketName(o.market)} is not one of the target markets`);
  });

  if (pkg.supportRequests.length === 0) add('NO_SUPPORT_REQUEST', 'package.supportRequests', 'Requests for federal support', 'At least one request for federal support is required');

  if (!members.some((m) => m.role === 'anchor')) add('NO_ANCHOR', 'consortium.members', 'Consortium: its anchor member', 'The consortium has no anchor member');
  members.forEach((m) => {
    const missing = CERTIFICATIONS.filter((c) => !m.certifications[c]);
    if (missing.length > 0) {
      add('CERTIFICATION_MISSING', `consortium.members[id=${m.id}].certifications`, `Certifications of ${m.name}`, `${m.name} has not certified: ${missing.map((c) => CERTIFICATION_LABELS[c]).join('; ')}`);
    }
    const concern = checkCountryOfConcern(m, countriesOfConcern);
    if (concern.concern) {
      add('COUNTRY_OF_CONCERN', `consortium.members[id=${m.id}]`, `Eligibility of ${m.name}`, `${m.name} is not eligible: ${concern.reasons.join('; ')}`);
    }
  });

  return { complete: problems.length === 0, problems };
}

// What a proposal needs before it can be submitted (docs/domain.md#completeness). Pure: the server, the
// web app's live checklist and `aiep package validate` all call this one function.
import type { Package } from '../contracts/package.ts';
import { CERTIFICATIONS, LAYERS, type CertificationKind } from './package.ts';
import { checkCountryOfConcern, type OwnershipFacts } from './ownership.ts';

export interface CompletenessMember extends OwnershipFacts {
  id: string;
  role: 'anchor' | 'member';
  certifications: Partial<Record<CertificationKind, boolean>>;
}

export interface Problem {
  code: string;
  path: string;
  message: string;
}

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
  const add = (code: string, path: string, message: string) => problems.push({ code, path, message });

  const covered = new Set(pkg.components.map((c) => c.layer));
  for (const layer of LAYERS) {
    if (!covered.has(layer)) add('LAYER_MISSING', `package.components[layer=${layer}]`, `The ${layer} layer has no component`);
  }

  const memberIds = new Set(members.map((m) => m.id));
  pkg.components.forEach((c, i) => {
    if (!memberIds.has(c.supplier)) {
      add('SUPPLIER_NOT_MEMBER', `package.components[${i}].supplier`, `Component "${c.name}" is supplied by an organization that is not an active consortium member`);
    }
  });

  if (pkg.targetMarkets.length === 0) add('NO_TARGET_MARKET', 'package.targetMarkets', 'At least one target market (country or regional bloc) is required');

  for (const m of pkg.targetMarkets) {
    const model = pkg.operatingModel.find((o) => o.market === m.code);
    if (!model) {
      add('OPERATING_MODEL_MISSING', `package.operatingModel[market=${m.code}]`, `Market ${m.code} has no build/own/operate model`);
      continue;
    }
    for (const role of ['build', 'own', 'operate'] as const) {
      if (model[role].length === 0) {
        add('OPERATING_ROLE_MISSING', `package.operatingModel[market=${m.code}].${role}`, `Market ${m.code}: nobody is named to ${role} the infrastructure`);
      }
    }
  }
  const declared = new Set(pkg.targetMarkets.map((m) => m.code));
  pkg.operatingModel.forEach((o, i) => {
    if (!declared.has(o.market)) add('OPERATING_MODEL_UNKNOWN_MARKET', `package.operatingModel[${i}].market`, `${o.market} is not one of the target markets`);
  });

  if (pkg.supportRequests.length === 0) add('NO_SUPPORT_REQUEST', 'package.supportRequests', 'At least one request for federal support is required');

  if (!members.some((m) => m.role === 'anchor')) add('NO_ANCHOR', 'consortium.members', 'The consortium has no anchor member');
  members.forEach((m) => {
    const missing = CERTIFICATIONS.filter((c) => !m.certifications[c]);
    if (missing.length > 0) {
      add('CERTIFICATION_MISSING', `consortium.members[id=${m.id}].certifications`, `${m.name} has not certified: ${missing.join(', ')}`);
    }
    const concern = checkCountryOfConcern(m, countriesOfConcern);
    if (concern.concern) {
      add('COUNTRY_OF_CONCERN', `consortium.members[id=${m.id}]`, `${m.name} is not eligible: ${concern.reasons.join('; ')}`);
    }
  });

  return { complete: problems.length === 0, problems };
}

// The package manifest: a proposal exported as a portable file, and a draft created from one
// (the API's manifest routes and `aiep package import`).
import { MANIFEST_FORMAT, PackageSchema, type Manifest } from '../../../shared/contracts/package.ts';
import { CERTIFICATIONS } from '../../../shared/domain/package.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { loadConsortiumForActor } from '../consortia/consortia.service.ts';
import { createProposal, getProposal } from './proposals.service.ts';

/** The proposal in the manifest format; member keys are the organizations' ids. */
export async function exportManifest(ctx: ServiceContext, id: string): Promise<Manifest> {
  const p = await getProposal(ctx, id);
  return {
    format: MANIFEST_FORMAT,
    title: p.title,
    summary: p.summary,
    consortium: {
      name: p.consortium.name,
      members: p.consortium.members
        .filter((m) => m.status === 'active')
        .map((m) => {
          const c = p.certifications.find((x) => x.orgId === m.orgId);
          return {
            id: m.orgId,
            name: m.name,
            role: m.role,
            countryOfIncorporation: m.countryOfIncorporation,
            principalPlaceOfBusiness: m.principalPlaceOfBusiness,
            owners: m.owners,
            ultimateParent: m.ultimateParent,
            layerRoles: m.layerRoles,
            certifications: Object.fromEntries(CERTIFICATIONS.map((k) => [k, c?.kinds[k].certified ?? false])) as Manifest['consortium']['members'][number]['certifications'],
          };
        }),
    },
    package: p.package,
  };
}

/**
 * Creates a draft from a manifest inside an existing consortium. Manifest members are matched to
 * consortium members by id, then by exact name; suppliers are rewritten to organization ids.
 * Certifications are not imported: each member certifies in aiep itself.
 */
export async function importManifest(ctx: ServiceContext, consortiumId: string, manifest: Manifest) {
  const consortium = await loadConsortiumForActor(ctx, consortiumId);
  const active = consortium.members.filter((m) => m.status === 'active');
  const keyToOrg = new Map<string, string>();
  const problems: { path: string; message: string }[] = [];
  manifest.consortium.members.forEach((m, i) => {
    const match = active.find((a) => a.orgId === m.id) ?? active.find((a) => a.name.toLowerCase() === m.name.toLowerCase());
    if (match) keyToOrg.set(m.id, match.orgId);
    else problems.push({ path: `consortium.members.${i}`, message: `${m.name} is not an active member of consortium ${consortium.name}` });
  });
  if (problems.length) throw new AppError(400, 'MANIFEST_MEMBERS_UNMATCHED', 'Some manifest members are not in the consortium', problems);
  const pkg = PackageSchema.parse({
    ...manifest.package,
    components: manifest.package.components.map((c) => ({ ...c, supplier: keyToOrg.get(c.supplier) ?? c.supplier })),
  });
  return createProposal(ctx, { consortiumId, title: manifest.title, summary: manifest.summary, package: pkg });
}

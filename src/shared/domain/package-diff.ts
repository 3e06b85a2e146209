// What an amendment changes in a designated package: the program office re-reviews exactly this.
import { canonicalJson } from '../canonical-json.ts';
import type { Package } from '../contracts/package.ts';
import type { Layer } from './package.ts';

export interface ComponentRef {
  id: string;
  layer: Layer;
  name: string;
}

export interface PackageChanges {
  markets: { added: string[]; removed: string[] };
  /** Layers that had no component before, or have none after. */
  layers: { added: Layer[]; removed: Layer[] };
  components: { added: ComponentRef[]; removed: ComponentRef[]; changed: (ComponentRef & { fields: string[] })[] };
  /** Markets whose build, own or operate entities changed. */
  operatingModel: string[];
  supportRequests: { before: number; after: number; changed: boolean };
}

export type ChangeKind = 'layers' | 'markets' | 'support';

const ref = (c: Package['components'][number]): ComponentRef => ({ id: c.id, layer: c.layer, name: c.name });
const marketCode = (m: Package['targetMarkets'][number]) => m.code;

export function diffPackages(before: Package, after: Package): PackageChanges {
  const marketsBefore = new Set(before.targetMarkets.map(marketCode));
  const marketsAfter = new Set(after.targetMarkets.map(marketCode));
  const layersBefore = new Set(before.components.map((c) => c.layer));
  const layersAfter = new Set(after.components.map((c) => c.layer));
  const oldById = new Map(before.components.map((c) => [c.id, c]));
  const newIds = new Set(after.components.map((c) => c.id));
  const changed: PackageChanges['components']['changed'] = [];
  for (const c of after.components) {
    const old = oldById.get(c.id);
    if (!old) continue;
    const fields = (Object.keys(c) as (keyof typeof c)[]).filter((k) => canonicalJson(c[k] ?? null) !== canonicalJson(old[k] ?? null));
    if (fields.length) changed.push({ ...ref(c), fields });
  }
  const modelOf = (p: Package) => new Map(p.operatingModel.map((o) => [o.market, canonicalJson(o)]));
  const modelBefore = modelOf(before);
  const modelAfter = modelOf(after);
  const modelMarkets = [...new Set([...modelBefore.keys(), ...modelAfter.keys()])].filter((m) => modelBefore.get(m) !== modelAfter.get(m)).sort();
  return {
    markets: { added: [...marketsAfter].filter((m) => !marketsBefore.has(m)).sort(), removed: [...marketsBefore].filter((m) => !marketsAfter.has(m)).sort() },
    layers: { added: [...layersAfter].filter((l) => !layersBefore.has(l)), removed: [...layersBefore].filter((l) => !layersAfter.has(l)) },
    components: {
      added: after.components.filter((c) => !oldById.has(c.id)).map(ref),
      removed: before.components.filter((c) => !newIds.has(c.id)).map(ref),
      changed,
    },
    operatingModel: modelMarkets,
    supportRequests: {
      before: before.supportRequests.length,
      after: after.supportRequests.length,
      changed: canonicalJson(before.supportRequests) !== canonicalJson(after.supportRequests),
    },
  };
}

/** The amendment kinds a set of changes amounts to (membership is a consortium matter, declared). */
export function changeKinds(c: PackageChanges): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  const { components: k, layers } = c;
  if (layers.added.length || layers.removed.length || k.added.length || k.removed.length || k.changed.length) kinds.push('layers');
  if (c.markets.added.length || c.markets.removed.length || c.operatingModel.length) kinds.push('markets');
  if (c.supportRequests.changed) kinds.push('support');
  return kinds;
}

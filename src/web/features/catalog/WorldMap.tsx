// A world map of target countries, drawn from the Natural Earth geometry that ships inside the
// world-atlas package (nothing fetched at run time).
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import isoNumeric from '../../../../data/iso-numeric.json' with { type: 'json' };

const numericToAlpha2 = new Map(Object.entries(isoNumeric.codes).map(([a2, n]) => [String(n).padStart(3, '0'), a2]));
const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const countries = feature(topology, topology.objects.countries).features;
const WIDTH = 960;
const HEIGHT = 470;
const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
const path = geoPath(projection);

/** Countries shaded by how many entries target them; `counts` is keyed by ISO alpha-2. */
export function WorldMap({ counts, label }: { counts: Record<string, number>; label: string }) {
  const max = Math.max(1, ...Object.values(counts));
  const targeted = Object.keys(counts).filter((c) => counts[c]! > 0);
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${label}: ${targeted.length} countries`}>
        <path d={path({ type: 'Sphere' }) ?? undefined} className="sphere" />
        {countries.map((f) => {
          const a2 = numericToAlpha2.get(String(f.id));
          const n = a2 ? (counts[a2] ?? 0) : 0;
          return (
            <path key={String(f.id) + f.properties.name} d={path(f) ?? undefined} className={n ? 'country targeted' : 'country'} style={n ? { fillOpacity: 0.45 + 0.55 * (n / max) } : undefined} data-country={a2}>
              <title>{`${f.properties.name}${n ? `: ${n} package(s)` : ''}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="sr-only">Targeted countries: {targeted.join(', ') || 'none'}</figcaption>
    </figure>
  );
}

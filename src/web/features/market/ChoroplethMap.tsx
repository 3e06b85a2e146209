// The market explorer's map: each country shaded by its total score (darker is better), prohibited
// countries marked apart, the package's own target markets outlined. Drawn from the Natural Earth
// geometry inside the world-atlas package (nothing fetched at run time); countries too small for
// the 1:110m geometry are only in the table.
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import isoNumeric from '../../../../data/iso-numeric.json' with { type: 'json' };

const numericToAlpha2 = new Map(Object.entries(isoNumeric.codes).map(([a2, n]) => [String(n).padStart(3, '0'), a2]));
const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const shapes = feature(topology, topology.objects.countries).features.map((f) => ({ feature: f, code: numericToAlpha2.get(String(f.id)), name: f.properties.name }));
const WIDTH = 960;
const HEIGHT = 470;
const path = geoPath(geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'Sphere' }));

export interface MapCountry {
  code: string;
  name: string;
  rank: number;
  total: number;
  prohibited: boolean;
  target: boolean;
}

/** Opacity of a score (0–100) relative to the best score shown. */
const shadeOf = (total: number, best: number) => 0.12 + 0.88 * (best > 0 ? total / best : 0);

export function ChoroplethMap({ countries, label }: { countries: readonly MapCountry[]; label: string }) {
  const byCode = new Map(countries.map((c) => [c.code, c]));
  const best = Math.max(0, ...countries.filter((c) => !c.prohibited).map((c) => c.total));
  return (
    <figure className="map market-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${label}: ${countries.length} countries ranked; darker is a better score`}>
        <path d={path({ type: 'Sphere' }) ?? undefined} className="sphere" />
        {shapes.map(({ feature: f, code, name }) => {
          const c = code ? byCode.get(code) : undefined;
          const cls = ['country', c ? (c.prohibited ? 'prohibited' : 'scored') : '', c?.target ? 'target' : ''].filter(Boolean).join(' ');
          return (
            <path key={String(f.id) + name} d={path(f) ?? undefined} className={cls} style={c && !c.prohibited ? { fillOpacity: shadeOf(c.total, best) } : undefined} data-country={code}>
              <title>{c ? `${c.name}: #${c.rank}, ${c.prohibited ? 'prohibited' : `score ${c.total}`}${c.target ? ' (target market)' : ''}` : name}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="muted">
        Darker: a higher total score. <span className="legend prohibited">■</span> prohibited. Outlined: the package’s target markets.
      </figcaption>
    </figure>
  );
}

// A world map of target countries, drawn from the Natural Earth geometry that ships inside the
// world-atlas package (nothing fetched at run time). Given `onSelect`, the targeted countries are
// buttons: a click, or Tab then Enter or Space, selects one (again: unselects). Countries too small
// for the 1:110m geometry (Singapore, Bahrain, Malta, …) are listed as buttons under the map, so
// every targeted country can be chosen by mouse and keyboard alike. The map itself is never mirrored
// (it stays left to right in an Arabic page); its words come from `text`, English by default.
import { Fragment, type KeyboardEvent } from 'react';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import isoNumeric from '../../../../data/iso-numeric.json' with { type: 'json' };

const numericToAlpha2 = new Map(Object.entries(isoNumeric.codes).map(([a2, n]) => [String(n).padStart(3, '0'), a2]));
const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const countries = feature(topology, topology.objects.countries).features.map((f) => ({ feature: f, code: numericToAlpha2.get(String(f.id)), name: f.properties.name }));
const drawn = new Set(countries.flatMap((c) => (c.code ? [c.code] : [])));
const WIDTH = 960;
const HEIGHT = 470;
const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
const path = geoPath(projection);

/** The map's words; the public pages pass them in the reader's language, internal pages keep English. */
export interface WorldMapText {
  /** "3 packages" */
  packages: (n: number) => string;
  /** The figure's accessible name when countries can be chosen. */
  choose: (label: string) => string;
  /** The figure's accessible name when it only shows, with how many countries are shaded. */
  shown: (label: string, countries: number) => string;
  /** The caption that lists the targeted countries (names already joined). */
  targeted: (names: string) => string;
  tooSmall: string;
}

const ENGLISH: WorldMapText = {
  packages: (n) => `${n} package${n === 1 ? '' : 's'}`,
  choose: (label) => `${label}: choose a country to show its packages`,
  shown: (label, n) => `${label}: ${n} countries`,
  targeted: (names) => `Targeted countries: ${names || 'none'}`,
  tooSmall: 'Too small for this map:',
};
const byEnglishName = (a: string, b: string) => a.localeCompare(b, 'en');

export interface WorldMapProps {
  /** How many entries target each country, keyed by ISO alpha-2. */
  counts: Record<string, number>;
  label: string;
  /** Makes the targeted countries choosable; called with the chosen code. */
  onSelect?: (code: string) => void;
  /** The chosen country's code, shown pressed. */
  selected?: string;
  /** A country's name, in the reader's language (the map's own English names otherwise; a code for a country it does not draw). */
  nameOf?: (code: string) => string;
  /** The order of country names (the reader's language's collation); English by default. */
  compareNames?: (a: string, b: string) => number;
  text?: WorldMapText;
}

export function WorldMap({ counts, label, onSelect, selected, nameOf, compareNames = byEnglishName, text = ENGLISH }: WorldMapProps) {
  const packages = text.packages;
  const named = (code: string | undefined, fallback: string) => (code && nameOf ? nameOf(code) : fallback);
  const max = Math.max(1, ...Object.values(counts));
  const targeted = Object.keys(counts).filter((c) => counts[c]! > 0);
  const shade = (n: number) => (n ? { fillOpacity: 0.45 + 0.55 * (n / max) } : undefined);
  if (!onSelect) {
    return (
      <figure className="map">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={text.shown(label, targeted.length)}>
          <path d={path({ type: 'Sphere' }) ?? undefined} className="sphere" />
          {countries.map(({ feature: f, code, name }) => {
            const n = code ? (counts[code] ?? 0) : 0;
            return (
              <path key={String(f.id) + name} d={path(f) ?? undefined} className={n ? 'country targeted' : 'country'} style={shade(n)} data-country={code}>
                <title>{`${named(code, name)}${n ? `: ${packages(n)}` : ''}`}</title>
              </path>
            );
          })}
        </svg>
        <figcaption className="sr-only">{text.targeted(targeted.map((c) => named(c, c)).join(', '))}</figcaption>
      </figure>
    );
  }

  const choose = (code: string) => onSelect(code);
  const onKey = (code: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault(); // Space would scroll the page
      choose(code);
    }
  };
  // Targeted countries are drawn last (on top) and in name order, which is also their Tab order.
  const background = countries.filter((c) => !c.code || !counts[c.code]);
  const buttons = countries
    .filter((c) => c.code && counts[c.code])
    .map((c) => ({ ...c, name: named(c.code, c.name) }))
    .sort((a, b) => compareNames(a.name, b.name));
  const undrawn = targeted
    .filter((c) => !drawn.has(c))
    .map((code) => ({ code, name: named(code, code) }))
    .sort((a, b) => compareNames(a.name, b.name));
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={text.choose(label)}>
        <g aria-hidden="true">
          <path d={path({ type: 'Sphere' }) ?? undefined} className="sphere" />
          {background.map(({ feature: f, code, name }) => (
            <path key={String(f.id) + name} d={path(f) ?? undefined} className="country">
              <title>{named(code, name)}</title>
            </path>
          ))}
        </g>
        {buttons.map(({ feature: f, code, name }) => {
          const n = counts[code!]!;
          const pressed = selected === code;
          return (
            <path
              key={String(f.id) + name}
              d={path(f) ?? undefined}
              className={`country targeted selectable${pressed ? ' selected' : ''}`}
              style={shade(n)}
              data-country={code}
              role="button"
              tabIndex={0}
              aria-label={`${name}: ${packages(n)}`}
              aria-pressed={pressed}
              onClick={() => choose(code!)}
              onKeyDown={onKey(code!)}
            >
              <title>{`${name}: ${packages(n)}`}</title>
            </path>
          );
        })}
      </svg>
      {undrawn.length > 0 && (
        <figcaption className="small">
          {text.tooSmall}{' '}
          {undrawn.map((c, i) => (
            <Fragment key={c.code}>
              {i > 0 && ', '}
              <button type="button" className={`link${selected === c.code ? ' selected' : ''}`} aria-pressed={selected === c.code} onClick={() => choose(c.code)}>
                <bdi>{c.name}</bdi> ({packages(counts[c.code]!)})
              </button>
            </Fragment>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

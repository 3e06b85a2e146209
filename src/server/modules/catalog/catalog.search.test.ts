import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../shared/contracts/catalog.ts';
import { catalogMatcher, editsAllowed, wordsOf } from './catalog.search.ts';

const entry: CatalogEntry = {
  id: 'e1',
  title: 'Sovereign AI Cloud for Côte d’Ivoire',
  description: 'Agricultural advisory models in French.',
  consortium: { name: 'Lagoon Compute Partnership', members: [{ name: 'Harbor Silicon Inc.', country: 'US' }] },
  layers: ['infrastructure', 'model'],
  sectors: ['government_services'],
  countries: ['CI', 'SN'],
  regions: ['sub_saharan_africa'],
  blocs: [],
  designatedAt: '2026-10-01T00:00:00.000Z',
  translation: null,
  profile: null,
};
const matches = (q: string) => catalogMatcher(q)(entry);

describe('the catalog’s typo-tolerant search', () => {
  it('splits text into lowercase ASCII words', () => {
    expect(wordsOf('Côte d’Ivoire — Harbor Silicon Inc.')).toEqual(['cote', 'd', 'ivoire', 'harbor', 'silicon', 'inc']);
  });

  it('allows no edit up to 3 letters, one up to 7, two from 8', () => {
    expect([3, 4, 7, 8, 12].map(editsAllowed)).toEqual([0, 1, 1, 2, 2]);
  });

  it('an empty query matches everything; the text as typed matches', () => {
    expect(matches('')).toBe(true);
    expect(matches('  ')).toBe(true);
    expect(matches('compute partner')).toBe(true);
  });

  it('words match exactly, by their beginning, or within the allowed edits', () => {
    expect(matches('senegal')).toBe(true);
    expect(matches('senegl')).toBe(true); // one letter missing from 7
    expect(matches('agricultrual')).toBe(true); // two letters swapped in 12
    expect(matches('lagoon silicn')).toBe(true);
    expect(matches('infra')).toBe(true);
    expect(matches('government services')).toBe(true);
    expect(matches('the models of senegal')).toBe(true); // stop words do not count
    expect(matches('Ivory Coast')).toBe(true); // an alias of a target country
  });

  it('a short word must be exact, a long one within two edits, and every word must match', () => {
    expect(matches('ai')).toBe(true);
    expect(matches('aj')).toBe(false);
    expect(matches('sng')).toBe(false);
    expect(matches('sngl')).toBe(false); // two edits away from any 4-letter start, three from "senegal"
    expect(matches('agrcltrl')).toBe(false);
    expect(matches('senegal spaceships')).toBe(false);
  });

  it('a country name or alias of the query names a target country', () => {
    expect(matches("Cote d'Ivoire")).toBe(true);
    expect(matches('Republic of Senegal')).toBe(false);
    expect(catalogMatcher('Ivory Coast')({ ...entry, countries: ['SN'], title: 'Cloud' })).toBe(false);
  });
});

describe('the catalog’s search of translations', () => {
  it('matches the words of the translation the entry carries, and not without it', () => {
    const translated: CatalogEntry = { ...entry, translation: { locale: 'es', title: 'Nube soberana de IA', description: 'Modelos de asesoramiento agrícola.', providedBy: 'consortium' } };
    expect(catalogMatcher('soberana')(translated)).toBe(true);
    expect(catalogMatcher('asesoramiento agricola')(translated)).toBe(true);
    expect(catalogMatcher('soberana')(entry)).toBe(false);
  });
});

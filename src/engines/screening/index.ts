// Public API of the screening engine (pure: no database, no server imports).
export * from './types.ts';
export { LIST_EFFECTS, effectOf, effectRank } from './effects.ts';
export { NEXUS_EFFECTS, effectFor, nexusEffectSettings, type Nexus, type NexusEffect, type NexusEffectSettings, type NexusList } from './effects.ts';
export { countryCode, isCountryCode, COUNTRY_CODES } from './countries.ts';
export { normalizeName, schemaOfType, type NameSchema, type NormalizedName, type NameToken } from './normalize.ts';
export {
  DEFAULT_THRESHOLD,
  SCORING,
  scorePair,
  compareNormalized,
  schemaOfFtm,
  type Explanation,
  type TokenAlignment,
  type Adjustment,
  type PairScore,
} from './scorer.ts';
export { editDistance } from './similarity.ts';
export { buildIndex, ScreeningIndex, type ScreeningQuery, type SearchOptions, type ScreeningMatch } from './search-index.ts';
export { compareEvidence, prepareEvidence, evidenceAdjustments, idClassOf, normalizeIdNumber, parseEvidenceDate, EVIDENCE, type QueryEvidence, type EvidenceItem, type EvidenceField, type IdClass } from './evidence.ts';
export { detectFormat, loadListPath, parseListText, LIST_FORMATS } from './importers/load.ts';
export { parseCslCsv, parseCslJson, cslSourceCode } from './importers/csl.ts';
export { parseOfacCsvSet, consListCode, type OfacFiles } from './importers/ofac.ts';
export { parseUnXml } from './importers/un.ts';
export { parseDplText } from './importers/dpl.ts';
export { parseEuFsfXml } from './importers/eu.ts';
export { parseUkCsv, parseUkXml, parseOfsiCsv } from './importers/uk.ts';
export { MAX_NAME_LENGTH, partyQueryOfRow, rowMatch, screenPartyRow, type RowMatch } from './party-row.ts';

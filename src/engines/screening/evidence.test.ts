import { describe, expect, it } from 'vitest';
import { compareEvidence, EVIDENCE, evidenceAdjustments, idClassOf, normalizeIdNumber, parseEvidenceDate, prepareEvidence, type QueryEvidence } from './evidence.ts';
import { buildIndex, type ListEntry } from './index.ts';

function entry(over: Partial<ListEntry> = {}): ListEntry {
  return {
    list: 'SDN',
    entryId: 'E1',
    type: 'person',
    programs: ['SDGT'],
    name: 'HADDAD, Karim Youssef',
    aliases: [],
    addresses: [],
    nationalities: [],
    datesOfBirth: [],
    placesOfBirth: [],
    ids: [],
    effect: 'prohibited',
    ...over,
  };
}

const compare = (ev: QueryEvidence, e: ListEntry, nameScore = 1) => compareEvidence(prepareEvidence(ev), e, nameScore);
const rules = (ev: QueryEvidence, e: ListEntry, nameScore = 1) => compare(ev, e, nameScore).items.map((i) => i.rule);

describe('evidence: missing on either side', () => {
  it('changes nothing when the party gives no evidence', () => {
    const e = entry({ datesOfBirth: ['1970-05-02'], nationalities: ['LB'], ids: [{ type: 'Passport', number: 'RL123456', country: 'LB' }] });
    expect(compare({}, e)).toEqual({ delta: 0, floor: 0, items: [] });
  });

  it('changes nothing when the list entry has nothing to compare', () => {
    const r = compare({ birthDate: '1970-05-02', nationalities: ['LB'], identifiers: [{ type: 'passport', number: 'RL123456', country: 'LB' }], addresses: [{ text: 'Beirut', country: 'LB' }] }, entry());
    expect(r).toEqual({ delta: 0, floor: 0, items: [] });
  });
});

describe('evidence: identifiers', () => {
  const listed = entry({ ids: [{ type: 'Passport', number: 'RL 123-456', country: 'LB' }, { type: 'National ID No.', number: '99887766', country: 'LB' }] });

  it('normalises numbers and classifies types', () => {
    expect(normalizeIdNumber(' rl-123 456 ')).toBe('RL123456');
    expect(idClassOf('Passport')).toBe('passport');
    expect(idClassOf('Tax ID No.')).toBe('tax');
    expect(idClassOf('Cedula No.')).toBe('national_id');
    expect(idClassOf('Registration Number')).toBe('registration');
    expect(idClassOf('Executive Order 13662 Directive Determination')).toBeNull();
    expect(idClassOf('Email Address')).toBeNull();
  });

  it('the same number of a compatible type confirms the entry (floor), with an explanation item', () => {
    const r = compare({ identifiers: [{ type: 'passport', number: 'rl123456', country: 'LB' }] }, listed, 0.6);
    expect(r.floor).toBe(EVIDENCE.idConfirmedScore);
    expect(r.items).toEqual([expect.objectContaining({ field: 'identifier', rule: 'id_match', query: 'passport rl123456', entry: 'Passport RL 123-456 (LB)' })]);
    expect(evidenceAdjustments(r.items)[0]).toMatchObject({ rule: 'evidence_id_match', effect: `≥${EVIDENCE.idConfirmedScore}` });
    // A number of unknown type (yente's idNumber) matches any listed type.
    expect(compare({ identifiers: [{ type: 'idNumber', number: '99887766' }] }, listed).floor).toBe(EVIDENCE.idConfirmedScore);
  });

  it('does not confirm a name that no longer resembles the entry, nor across incompatible types or countries', () => {
    expect(compare({ identifiers: [{ type: 'passport', number: 'RL123456' }] }, listed, 0.3).floor).toBe(0);
    expect(compare({ identifiers: [{ type: 'tax_id', number: '99887766' }] }, listed).floor).toBe(0);
    expect(compare({ identifiers: [{ type: 'passport', number: 'RL123456', country: 'SY' }] }, listed).floor).toBe(0);
  });

  it('ignores numbers too short to mean anything', () => {
    const e = entry({ ids: [{ type: 'Passport', number: '123' }] });
    expect(compare({ identifiers: [{ type: 'passport', number: '123' }] }, e).items).toEqual([]);
  });

  it('another number of the same type from the same issuing country lowers strongly', () => {
    const r = compare({ identifiers: [{ type: 'national_id', number: '11112222', country: 'LB' }] }, listed);
    expect(r.items.map((i) => i.rule)).toEqual(['id_conflict']);
    expect(r.delta).toBe(-EVIDENCE.idConflictPenalty.national_id);
    // A passport renewed gets a new number: it lowers less.
    expect(compare({ identifiers: [{ type: 'passport', number: 'RL999999', country: 'LB' }] }, listed).delta).toBe(-EVIDENCE.idConflictPenalty.passport);
    // Another issuing country, or no country given: no conflict (a person holds several).
    expect(rules({ identifiers: [{ type: 'passport', number: 'N0999999', country: 'FR' }] }, listed)).toEqual([]);
    expect(rules({ identifiers: [{ type: 'passport', number: 'N0999999' }] }, listed)).toEqual([]);
  });
});

describe('evidence: dates', () => {
  it('parses full, month and year dates, and refuses others', () => {
    expect(parseEvidenceDate('1970-05-02')).toEqual({ text: '1970-05-02', y: 1970, m: 5, d: 2 });
    expect(parseEvidenceDate('1970')).toEqual({ text: '1970', y: 1970 });
    expect(parseEvidenceDate('1970-13')).toBeUndefined();
    expect(parseEvidenceDate('May 1970')).toBeUndefined();
  });

  it('the same full date raises; the same year raises a little', () => {
    const e = entry({ datesOfBirth: ['1970-05-02'] });
    expect(compare({ birthDate: '1970-05-02' }, e)).toMatchObject({ delta: EVIDENCE.dateExactBonus, items: [{ field: 'birthDate', rule: 'date_match', query: '1970-05-02', entry: '1970-05-02' }] });
    expect(compare({ birthDate: '1970' }, e).delta).toBe(EVIDENCE.dateYearBonus);
    expect(compare({ birthDate: '1970-05-02' }, entry({ datesOfBirth: ['1970'] })).delta).toBe(EVIDENCE.dateYearBonus);
  });

  it('a conflicting year lowers; a year-only date is read ±1', () => {
    const e = entry({ datesOfBirth: ['1970-05-02'] });
    expect(compare({ birthDate: '1985-03-04' }, e)).toMatchObject({ delta: -EVIDENCE.dateConflictPenalty, items: [{ rule: 'date_conflict' }] });
    expect(compare({ birthDate: '1971-05-02' }, e).items.map((i) => i.rule)).toEqual(['date_conflict']);
    expect(compare({ birthDate: '1971' }, e).items).toEqual([]); // year-only: within ±1
    expect(compare({ birthDate: '1969-01-01' }, entry({ datesOfBirth: ['1970'] })).items).toEqual([]);
    expect(rules({ birthDate: '1973' }, entry({ datesOfBirth: ['1970'] }))).toEqual(['date_conflict']);
  });

  it('the best of several listed dates counts, and the same year with another day is no evidence either way', () => {
    expect(rules({ birthDate: '1972-01-01' }, entry({ datesOfBirth: ['1981-02-05', '1972-01-01'] }))).toEqual(['date_match']);
    expect(rules({ birthDate: '1970-06-30' }, entry({ datesOfBirth: ['1970-05-02'] }))).toEqual([]);
  });

  it('compares a birth date with persons and an incorporation date with organisations only', () => {
    const org = entry({ type: 'organization', name: 'HADDAD TRADING', datesOfBirth: ['2001-04-05'] });
    expect(rules({ birthDate: '1950-01-01' }, org)).toEqual([]);
    expect(rules({ incorporationDate: '2001-04-05' }, org)).toEqual(['date_match']);
    expect(rules({ incorporationDate: '1950-01-01' }, entry({ datesOfBirth: ['1970-05-02'] }))).toEqual([]);
    expect(rules({ birthDate: '1970-05-02' }, entry({ type: 'vessel', datesOfBirth: ['1970-05-02'] }))).toEqual([]);
  });
});

describe('evidence: nationality and jurisdiction', () => {
  it('a shared nationality raises a little, none shared lowers a little (not decisive)', () => {
    const e = entry({ nationalities: ['LB', 'SY'] });
    expect(compare({ nationalities: ['SY'] }, e)).toMatchObject({ delta: EVIDENCE.nationalityMatchBonus, items: [{ field: 'nationality', rule: 'country_match' }] });
    const conflict = compare({ nationalities: ['FR'] }, e);
    expect(conflict.delta).toBe(-EVIDENCE.nationalityConflictPenalty);
    expect(EVIDENCE.nationalityConflictPenalty).toBeLessThan(EVIDENCE.dateConflictPenalty);
    // Country names are understood as well as codes.
    expect(rules({ nationalities: ['Syria'] }, e)).toEqual(['country_match']);
  });

  it('an organisation is compared by its jurisdiction, a person never', () => {
    const org = entry({ type: 'organization', nationalities: ['RU'] });
    expect(rules({ jurisdiction: 'CY' }, org)).toEqual(['country_conflict']);
    expect(rules({ jurisdiction: 'RU' }, org)).toEqual(['country_match']);
    expect(rules({ jurisdiction: 'CY' }, entry({ nationalities: ['RU'] }))).toEqual([]);
  });
});

describe('evidence: addresses', () => {
  const e = entry({ addresses: [{ text: 'Hamra Street, Beirut, LB', country: 'LB' }] });

  it('the same country and the same place raise a little each', () => {
    const r = compare({ addresses: [{ text: '12 Rue Verdun, Beirut', country: 'LB' }] }, e);
    expect(r.items.map((i) => i.rule)).toEqual(['address_country_match', 'address_place_match']);
    expect(r.delta).toBeCloseTo(EVIDENCE.addressCountryBonus + EVIDENCE.addressPlaceBonus);
  });

  it('another address changes nothing; street words and country names are not places', () => {
    expect(rules({ addresses: [{ text: 'Main Street, Paris', country: 'FR' }] }, e)).toEqual([]);
    expect(rules({ addresses: [{ text: 'Street Lebanon' }] }, e)).toEqual([]);
  });
});

describe('ScreeningIndex.search with evidence', () => {
  const haddad = entry({ entryId: 'H1', datesOfBirth: ['1970-05-02'], nationalities: ['LB'], ids: [{ type: 'Passport', number: 'RL123456', country: 'LB' }] });
  const smith = entry({ entryId: 'S1', name: 'SMITH, John', datesOfBirth: ['1961-03-14'], nationalities: ['GB'] });
  const index = buildIndex([haddad, smith, entry({ entryId: 'O1', type: 'organization', name: 'CEDAR MARITIME TRADING COMPANY' })]);

  it('without evidence, results are what they were (no evidence items)', () => {
    const [m] = index.search({ name: 'John Smith' });
    expect(m?.score).toBe(1);
    expect(m?.evidence).toBeUndefined();
    expect(index.search({ name: 'John Smith', evidence: {} })).toEqual([expect.objectContaining({ score: 1, evidence: [] })]);
  });

  it('the same identifier lifts a weak name variant over the threshold, explained', () => {
    const weak = index.search({ name: 'K. Hadad', type: 'person' });
    expect(weak).toEqual([]);
    const [m] = index.search({ name: 'K. Hadad', type: 'person', evidence: { identifiers: [{ type: 'passport', number: 'RL-123456', country: 'LB' }] } });
    expect(m?.entry.entryId).toBe('H1');
    expect(m?.score).toBe(EVIDENCE.idConfirmedScore);
    expect(m?.evidence).toEqual([expect.objectContaining({ rule: 'id_match' })]);
    expect(m?.explanation.adjustments.some((a) => a.rule === 'evidence_id_match')).toBe(true);
  });

  it('a conflicting date of birth clears a common-name hit', () => {
    expect(index.search({ name: 'John Smith', evidence: { birthDate: '1990-07-01', nationalities: ['US'] } })).toEqual([]);
    // Consistent evidence keeps it, raised, and says why.
    const [m] = index.search({ name: 'John Smith', evidence: { birthDate: '1961-03-14' } }, { threshold: 0.5 });
    expect(m?.evidence).toEqual([expect.objectContaining({ field: 'birthDate', rule: 'date_match', effect: EVIDENCE.dateExactBonus })]);
  });

  it('dob and ids of the query are read into the evidence, not scored twice', () => {
    const [m] = index.search({ name: 'Karim Youssef Haddad', dob: '1970-05-02', evidence: { birthDate: '1970-05-02' } }, { threshold: 0.5 });
    const rulesSeen = m?.explanation.adjustments.map((a) => a.rule) ?? [];
    expect(rulesSeen).toContain('evidence_date_match');
    expect(rulesSeen).not.toContain('dob_match');
  });
});

// Legal effect of a hit on each source list. One row per list, each with the rule it rests
// on (docs/domain.md#party-screening).
import type { Effect, ListCode } from './types.ts';

export interface ListEffect {
  effect: Effect;
  title: string;
  citation: string;
}

export const LIST_EFFECTS: Readonly<Record<ListCode, ListEffect>> = {
  SDN: {
    effect: 'prohibited',
    title: 'Specially Designated Nationals (OFAC)',
    citation: '31 CFR Chapter V (property blocked, dealings prohibited); EAR 15 CFR 744.8, 744.12-744.14',
  },
  EL: {
    effect: 'license_required',
    title: 'Entity List (BIS)',
    citation: '15 CFR 744.11, 744.16 and Supp. 4 to Part 744 (license per entry, no license exceptions)',
  },
  DPL: {
    effect: 'prohibited',
    title: 'Denied Persons List (BIS)',
    citation: '15 CFR 736.2(b)(4) (General Prohibition 4) and Part 764 denial orders',
  },
  UVL: {
    effect: 'red_flag',
    title: 'Unverified List (BIS)',
    citation: '15 CFR 744.15 and Supp. 6 to Part 744 (UVL statement required, no license exceptions)',
  },
  MEU: {
    effect: 'license_required',
    title: 'Military End-User List (BIS)',
    citation: '15 CFR 744.21 and Supp. 7 to Part 744 (license for Supp. 2 items)',
  },
  SSI: {
    effect: 'check',
    title: 'Sectoral Sanctions Identifications (OFAC)',
    citation: 'EO 13662 directives (directive-specific debt, equity and energy prohibitions)',
  },
  FSE: {
    effect: 'prohibited',
    title: 'Foreign Sanctions Evaders (OFAC)',
    citation: 'EO 13608 (U.S. persons may not deal)',
  },
  'NS-MBS': {
    effect: 'check',
    title: 'Non-SDN Menu-Based Sanctions (OFAC)',
    citation: 'OFAC menu-based sanctions (only the measures selected for the entry apply)',
  },
  CMIC: {
    effect: 'red_flag',
    title: 'Non-SDN Chinese Military-Industrial Complex Companies (OFAC)',
    citation: 'EO 13959 as amended by EO 14032 (securities ban only; diversion red flag)',
  },
  PLC: {
    effect: 'check',
    title: 'Non-SDN Palestinian Legislative Council (OFAC)',
    citation: '31 CFR Part 594 / 597 financial restrictions (OFAC NS-PLC guidance)',
  },
  CAP: {
    effect: 'check',
    title: 'Correspondent Account or Payable-Through Account Sanctions (OFAC CAPTA)',
    citation: '31 CFR Part 561 (correspondent / payable-through account restrictions)',
  },
  DTC: {
    effect: 'prohibited',
    title: 'ITAR Debarred (State DDTC)',
    citation: '22 CFR 127.7 (debarred from ITAR exports; red flag for EAR transactions)',
  },
  ISN: {
    effect: 'check',
    title: 'Nonproliferation Sanctions (State ISN)',
    citation: 'INKSNA, EO 12938 and others (measures vary by determination)',
  },
  UN: {
    effect: 'prohibited',
    title: 'UN Security Council Consolidated List',
    citation: 'UNSC resolutions (asset freeze, travel ban, arms embargo), e.g. 1267/1989/2253, 1718; implemented by OFAC',
  },
  // EU and UK designations bind EU / UK persons, not a U.S. exporter as such: `check` here, and
  // `prohibited` when the transaction has an EU or UK nexus (see NEXUS_EFFECTS and effectFor).
  EU: {
    effect: 'check',
    title: 'EU Consolidated Financial Sanctions List (FSF)',
    citation:
      'Council Regulation (EU) No 269/2014 Art. 2 and the other regime regulations (asset freeze, no funds or economic resources made available); ' +
      'binding within the EU and on EU persons (Art. 17); published in the Financial Sanctions Files (FSF) of the European Commission',
  },
  UK: {
    effect: 'check',
    title: 'UK Sanctions List (FCDO) / OFSI Consolidated List',
    citation:
      'Sanctions and Anti-Money Laundering Act 2018 (ss. 1, 3, 21) and the regime regulations, e.g. the Russia (Sanctions) (EU Exit) Regulations 2019 regs. 11-15 ' +
      '(asset freeze, making funds available); binding in the UK and on UK persons; enforced by OFSI',
  },
};

/** Lists whose legal effect for a U.S. exporter depends on a nexus with their jurisdiction. */
export type NexusList = 'EU' | 'UK';

export interface NexusEffect {
  /** Effect of a hit when the transaction has no nexus with the jurisdiction. */
  withoutNexus: Effect;
  /** Effect of a hit when it has one. */
  withNexus: Effect;
  /** What counts as a nexus. */
  nexus: string;
  citation: string;
  /** Date from which the rule applies (YYYY-MM-DD). */
  effectiveDate: string;
  /** Where the legal reading is uncertain (shown to the next engineer / compliance officer). */
  uncertainty: string;
}

/**
 * The nexus-dependent effect of EU and UK designations (docs/domain.md#eu-and-uk-lists). The
 * defaults can be overridden per installation (nexusEffectSettings, SCREENING_*_NEXUS_EFFECT).
 */
export const NEXUS_EFFECTS: Readonly<Record<NexusList, NexusEffect>> = {
  EU: {
    withoutNexus: 'check',
    withNexus: 'prohibited',
    nexus:
      'an EU person or entity takes part (a national of a Member State, a body incorporated under Member State law, or a branch or ' +
      'establishment in the EU), EU financing or an EU financial institution is involved, or any part of the transaction is done within EU territory',
    citation:
      'Council Regulation (EU) No 269/2014 Art. 2(1)-(2) (freeze; no funds or economic resources made available) and Art. 17 (scope: EU territory, ' +
      'EU nationals, EU-incorporated bodies, business done in whole or in part in the EU); the same pattern in the other regime regulations, e.g. ' +
      'Regulation (EU) No 36/2012 (Syria), 267/2012 (Iran), 2017/1509 (DPRK), 765/2006 (Belarus), 881/2002 (ISIL/Al-Qaida)',
    effectiveDate: '2014-03-17',
    uncertainty:
      'Indirect links are not settled here: an EU-owned subsidiary outside the EU (only a "best efforts" duty on the EU parent, e.g. Reg. 833/2014 Art. 8a), ' +
      'EU-origin goods re-exported by a U.S. company, or a euro payment cleared through an EU bank. The nexus flag is the user\'s call; the effects are configurable.',
  },
  UK: {
    withoutNexus: 'check',
    withNexus: 'prohibited',
    nexus:
      'a UK person takes part (a UK national or a body incorporated or constituted under UK law, wherever it acts), a UK branch, UK financing or a UK ' +
      'financial institution is involved, or any conduct takes place in the UK (including its territorial sea)',
    citation:
      'Sanctions and Anti-Money Laundering Act 2018 s. 21 (conduct in the UK or by UK persons) and the regime regulations made under s. 1, e.g. the Russia ' +
      '(Sanctions) (EU Exit) Regulations 2019 (SI 2019/855) regs. 11-15 (dealing with frozen funds, making funds or economic resources available); ' +
      'OFSI enforcement under the Policing and Crime Act 2017 Part 8',
    effectiveDate: '2020-12-31',
    uncertainty:
      'Whether routing a payment in sterling, or using UK-registered intermediaries or insurers, gives a nexus depends on the facts; OFSI treats a ' +
      'UK nexus broadly. The nexus flag is the user\'s call; the effects are configurable.',
  },
};

/** The transaction's links with the EU and the UK (absent = no nexus known). */
export interface Nexus {
  euNexus?: boolean;
  ukNexus?: boolean;
}

/** Per-installation overrides of NEXUS_EFFECTS. */
export type NexusEffectSettings = Partial<Record<NexusList, Partial<Pick<NexusEffect, 'withNexus' | 'withoutNexus'>>>>;

const isNexusList = (list: ListCode): list is NexusList => list === 'EU' || list === 'UK';

/**
 * Legal effect of a hit on `list` for this transaction: for the EU and UK lists it depends on the
 * nexus (NEXUS_EFFECTS, overridable by `settings`); every other list has its fixed effect.
 */
export function effectFor(list: ListCode, nexus: Nexus = {}, settings: NexusEffectSettings = {}): Effect {
  if (!isNexusList(list)) return LIST_EFFECTS[list].effect;
  const rule = { ...NEXUS_EFFECTS[list], ...settings[list] };
  const has = list === 'EU' ? nexus.euNexus === true : nexus.ukNexus === true;
  return has ? rule.withNexus : rule.withoutNexus;
}

const EFFECTS: readonly Effect[] = ['prohibited', 'license_required', 'red_flag', 'check'];

/**
 * Reads the overrides from the environment: SCREENING_EU_NEXUS_EFFECT, SCREENING_EU_NO_NEXUS_EFFECT,
 * SCREENING_UK_NEXUS_EFFECT, SCREENING_UK_NO_NEXUS_EFFECT (each one of prohibited, license_required,
 * red_flag, check). An unknown value throws, naming the variable.
 */
export function nexusEffectSettings(env: Readonly<Record<string, string | undefined>>): NexusEffectSettings {
  const out: NexusEffectSettings = {};
  for (const list of ['EU', 'UK'] as const) {
    for (const [key, variable] of [
      ['withNexus', `SCREENING_${list}_NEXUS_EFFECT`],
      ['withoutNexus', `SCREENING_${list}_NO_NEXUS_EFFECT`],
    ] as const) {
      const raw = env[variable]?.trim();
      if (!raw) continue;
      if (!(EFFECTS as readonly string[]).includes(raw)) {
        throw new Error(`${variable}=${raw}: expected one of ${EFFECTS.join(', ')}`);
      }
      out[list] = { ...out[list], [key]: raw as Effect };
    }
  }
  return out;
}

export function effectOf(list: ListCode): Effect {
  return LIST_EFFECTS[list].effect;
}

const EFFECT_RANK: Record<Effect, number> = { prohibited: 0, license_required: 1, red_flag: 2, check: 3 };

/** Sort key: lower is stronger. */
export function effectRank(effect: Effect): number {
  return EFFECT_RANK[effect];
}

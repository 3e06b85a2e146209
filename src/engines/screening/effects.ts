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
};

export function effectOf(list: ListCode): Effect {
  return LIST_EFFECTS[list].effect;
}

const EFFECT_RANK: Record<Effect, number> = { prohibited: 0, license_required: 1, red_flag: 2, check: 3 };

/** Sort key: lower is stronger. */
export function effectRank(effect: Effect): number {
  return EFFECT_RANK[effect];
}

// ISO 3166-1 alpha-2 codes, and lookup of a country code from the names lists use
// ("Iran (Islamic Republic of)", "Korea, North", "Russian Federation"). English display
// names come from the ICU data built into Node (Intl.DisplayNames); the aliases below
// cover the long official forms found in the UN, OFAC and BIS files.
import anyAscii from 'any-ascii';

// The 249 officially assigned codes plus XK (Kosovo, user-assigned but used by the lists).
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW';

export const COUNTRY_CODES: ReadonlySet<string> = new Set(CODES.split(' '));

const ALIASES: Record<string, string[]> = {
  AE: ['UAE', 'U.A.E.'],
  BA: ['Bosnia-Herzegovina'],
  BN: ['Brunei Darussalam'],
  BO: ['Bolivia (Plurinational State of)', 'Plurinational State of Bolivia'],
  BS: ['The Bahamas'],
  CD: ['Democratic Republic of the Congo', 'Congo, Democratic Republic of the', 'DRC', 'Zaire', 'Congo (Kinshasa)'],
  CG: ['Congo', 'Republic of the Congo', 'Congo (Brazzaville)', 'Congo, Republic of the'],
  CI: ["Cote d'Ivoire", 'Ivory Coast'],
  CV: ['Cabo Verde'],
  CZ: ['Czech Republic'],
  FM: ['Micronesia (Federated States of)', 'Micronesia, Federated States of'],
  GB: ['United Kingdom of Great Britain and Northern Ireland', 'UK', 'Great Britain', 'England', 'Scotland', 'Northern Ireland', 'Wales'],
  GM: ['The Gambia'],
  HK: ['Hong Kong', 'Hong Kong, China'],
  IR: ['Iran (Islamic Republic of)', 'Islamic Republic of Iran', 'Iran, Islamic Republic of'],
  KP: ["Democratic People's Republic of Korea", 'Korea, North', 'North Korea', "Korea, Democratic People's Republic of", 'DPRK'],
  KR: ['Republic of Korea', 'Korea, South', 'South Korea', 'Korea, Republic of'],
  LA: ["Lao People's Democratic Republic", 'Lao PDR'],
  MD: ['Republic of Moldova', 'Moldova, Republic of'],
  MK: ['The former Yugoslav Republic of Macedonia', 'Macedonia', 'Republic of North Macedonia'],
  MM: ['Burma', 'Myanmar'],
  MO: ['Macau', 'Macao', 'Macau, China'],
  NL: ['Netherlands (Kingdom of the)', 'The Netherlands', 'Holland'],
  PS: ['State of Palestine', 'Palestine', 'West Bank', 'Gaza', 'Gaza Strip', 'Occupied Palestinian Territory', 'Palestinian Territory'],
  RU: ['Russian Federation'],
  SY: ['Syrian Arab Republic'],
  SZ: ['Swaziland'],
  TL: ['East Timor', 'Timor Leste'],
  TR: ['Turkey', 'Turkiye'],
  TW: ['Taiwan, Province of China', 'Chinese Taipei'],
  TZ: ['United Republic of Tanzania', 'Tanzania, United Republic of'],
  US: ['United States of America', 'USA', 'U.S.A.', 'U.S.'],
  VA: ['Holy See', 'Vatican'],
  VE: ['Venezuela (Bolivarian Republic of)', 'Bolivarian Republic of Venezuela'],
  VN: ['Viet Nam'],
  VG: ['Virgin Islands, British'],
  VI: ['Virgin Islands, U.S.'],
};

function countryKey(name: string): string {
  return anyAscii(name)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\.? /g, 'saint ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/^the /, '')
    .trim();
}

let byName: Map<string, string> | undefined;

function nameTable(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of COUNTRY_CODES) {
    const shown = display.of(code);
    if (shown) {
      byName.set(countryKey(shown), code);
      // "Myanmar (Burma)", "Hong Kong SAR China": also without the qualifier.
      byName.set(countryKey(shown.replace(/\s*\(.*\)$/, '').replace(/ SAR China$/, '')), code);
    }
  }
  for (const [code, names] of Object.entries(ALIASES)) for (const n of names) byName.set(countryKey(n), code);
  return byName;
}

/** ISO alpha-2 code for a country name or code, or undefined. */
export function countryCode(nameOrCode: string | undefined): string | undefined {
  if (!nameOrCode) return undefined;
  const trimmed = nameOrCode.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const upper = trimmed.toUpperCase();
    if (COUNTRY_CODES.has(upper)) return upper;
    if (upper === 'UK') return 'GB';
  }
  return nameTable().get(countryKey(trimmed));
}

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

// The buyer side's codes named in the reader's language (match.json), and a match reason as one
// translated sentence: "Country: covered (Cambodia)", « Pays : couvert (Cambodge) ».
import { useMemo } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { MatchReason } from '../../../shared/domain/buyers.ts';
import { countryNameIn, languageNameIn, useLocale, type Locale } from '../../i18n/index.ts';

/** Where each vocabulary's names are: the buyer's organization and records in buyer.json, what a match compares in match.json. */
const PREFIXES = {
  kind: 'buyer.kind',
  status: 'buyer.interestStatus',
  deployment: 'match.deployment',
  residency: 'match.residency',
  licensing: 'match.licensing',
  timeline: 'match.timeline',
  layer: 'match.layer',
  sector: 'match.sector',
  fit: 'match.fit',
  criterion: 'match.criterion',
} as const;
export type Vocabulary = keyof typeof PREFIXES;

/** A code's name; an unknown code (a newer server) shows as it is rather than failing. */
export function nameOf(intl: IntlShape, vocabulary: Vocabulary, code: string): string {
  const id = `${PREFIXES[vocabulary]}.${code}`;
  return intl.messages[id] === undefined ? code : intl.formatMessage({ id });
}

/** Financing agencies are proper names (EXIM, DFC, USTDA, SBA): the same in every language. */
const agencyName = (code: string) => code;

const usd = (intl: IntlShape, n: number) => intl.formatNumber(n, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** The values of one side of a reason (wanted or offered) in words, or null when there are none. */
function valuesInWords(intl: IntlShape, locale: Locale, reason: MatchReason, side: 'wanted' | 'offered'): string | null {
  const values = reason[side];
  if (values.length === 0) return null;
  const list = (names: string[]) => intl.formatList(names, { type: 'conjunction' });
  const text = values.map(String);
  switch (reason.criterion) {
    case 'country':
      return list(text.map((c) => countryNameIn(locale, c)));
    case 'languages':
      return list(text.map((l) => languageNameIn(locale, l)));
    case 'sector':
      return list(text.map((c) => nameOf(intl, 'sector', c)));
    case 'layers':
      return list(text.map((c) => nameOf(intl, 'layer', c)));
    case 'deployment':
      return list(text.map((c) => nameOf(intl, 'deployment', c)));
    case 'dataResidency':
      return list(text.map((c) => nameOf(intl, 'residency', c)));
    case 'modelLicensing':
      return list(text.map((c) => nameOf(intl, 'licensing', c)));
    case 'financing':
      return list(text.map(agencyName));
    case 'budget': {
      const amounts = values.filter((v): v is number => typeof v === 'number');
      if (amounts.length === 0) return null;
      const [low, high] = [Math.min(...amounts), Math.max(...amounts)];
      return low === high ? usd(intl, low) : intl.formatMessage({ id: 'match.range' }, { low: usd(intl, low), high: usd(intl, high) });
    }
    case 'timeline':
      // The buyer's timeline is a code, the package's delivery a number of months.
      return list(values.map((v) => (typeof v === 'number' ? intl.formatMessage({ id: 'match.months' }, { months: v }) : nameOf(intl, 'timeline', v))));
  }
}

/** One reason as a sentence in the current language. */
export function reasonSentence(intl: IntlShape, locale: Locale, reason: MatchReason): string {
  const criterion = nameOf(intl, 'criterion', reason.criterion);
  const outcome = intl.formatMessage({ id: reason.criterion === 'country' ? `match.countryOutcome.${reason.outcome}` : `match.outcome.${reason.outcome}` });
  const wanted = valuesInWords(intl, locale, reason, 'wanted');
  const offered = valuesInWords(intl, locale, reason, 'offered');
  let details: string | null;
  if (reason.outcome === 'unknown') details = wanted;
  else if (reason.outcome === 'met') details = wanted ?? offered;
  else if (wanted && offered) details = intl.formatMessage({ id: 'match.wantedOffered' }, { wanted, offered });
  else details = wanted ?? offered;
  return details === null ? intl.formatMessage({ id: 'match.reasonBare' }, { criterion, outcome }) : intl.formatMessage({ id: 'match.reason' }, { criterion, outcome, details });
}

/** The namers bound to the current language. */
export function useVocabulary() {
  const intl = useIntl();
  const { locale } = useLocale();
  return useMemo(
    () => ({
      intl,
      locale,
      t: (id: string, values?: Record<string, string | number | Date>) => intl.formatMessage({ id }, values),
      name: (vocabulary: Vocabulary, code: string) => nameOf(intl, vocabulary, code),
      reason: (r: MatchReason) => reasonSentence(intl, locale, r),
      usd: (n: number) => usd(intl, n),
      date: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium' }),
      dateTime: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
    }),
    [intl, locale],
  );
}

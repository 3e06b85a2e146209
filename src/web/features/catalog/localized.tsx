// The catalog in the reader's language: the address that asks the API for a language (which adds
// the consortium's own translation of the title and summary), the names of the program's codes (layers, sectors, regions, what a package offers) from the message
// catalogs, and a package's title and summary as shown: translated with a note saying who
// translated it, or the English original marked as English.
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useLocale, type Locale } from '../../i18n/index.ts';
import { humanize } from '../../lib/format.ts';
import type { EntryTranslation } from '../../../shared/contracts/matching.ts';

/** A public catalog address asking for the reader's language (English needs no parameter). */
export function withLang(url: string, locale: Locale): string {
  if (locale === 'en') return url;
  return `${url}${url.includes('?') ? '&' : '?'}lang=${locale}`;
}

/** The names of the program's codes in the reader's language; a code without a message shows in words. */
export function useCodeNames() {
  const intl = useIntl();
  const named = (group: string) => (code: string) => intl.formatMessage({ id: `common.${group}.${code}`, defaultMessage: humanize(code) });
  const separator = intl.formatMessage({ id: 'common.listSeparator', defaultMessage: ', ' });
  return {
    layer: named('layer'),
    layerLong: named('layerLong'),
    sector: named('sector'),
    region: named('region'),
    deployment: named('deployment'),
    dataResidency: named('dataResidency'),
    modelLicensing: named('modelLicensing'),
    financing: named('financing'),
    /** What separates the items of a list of facts in the language (", " — "، " in Arabic). */
    separator,
    join: (names: readonly string[]) => names.join(separator),
  };
}

/** A package's title and summary as shown: the consortium's translation when there is one, else the English text. */
export function shownText(entry: { title: string; description: string; translation: EntryTranslation | null }) {
  const t = entry.translation;
  return t ? { title: t.title, description: t.description, translated: true } : { title: entry.title, description: entry.description, translated: false };
}

/** English text in a page of another language, marked so (screen readers switch voice, the browser hyphenates right). */
export function English({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return locale === 'en' ? <>{children}</> : <span lang="en">{children}</span>;
}

/** Says the title and summary above are the consortium's translation, with the English original one click away. */
export function TranslationNote({ title, description }: { title: string; description: string }) {
  return (
    <div className="translation-note small">
      <p className="muted">
        <FormattedMessage id="catalog.translation.note" defaultMessage="Title and summary provided by the consortium" />
      </p>
      <details>
        <summary>
          <FormattedMessage id="catalog.translation.original" defaultMessage="Original in English" />
        </summary>
        <div lang="en" dir="ltr">
          <p>
            <strong>{title}</strong>
          </p>
          <p>{description}</p>
        </div>
      </details>
    </div>
  );
}

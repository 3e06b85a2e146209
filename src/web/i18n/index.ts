// Internationalization of the public pages and the buyer's workspace (docs/i18n.md).
export { I18nProvider, useLocale } from './I18nProvider.tsx';
export { LOCALES, LOCALE_NAMES, directionOf, isLocale, type Locale } from './locales.ts';
export { countryNameIn, languageNameIn, useCountryNames } from './format.ts';
export { LanguageSwitcher } from './LanguageSwitcher.tsx';

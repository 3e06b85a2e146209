// The demo's package profile and translations: what the designated ASEAN package offers buyers, and
// its public title and summary in French, Spanish and Arabic, written by its anchor as a consortium
// would through the API.
import type { ServiceContext } from '../lib/context.ts';
import { savePackageProfile, saveTranslation } from '../modules/matching/matching.service.ts';

const ASEAN_TRANSLATIONS = {
  fr: {
    title: 'IA pour l’administration numérique des ministères de l’ASEAN',
    summary: 'Un nuage gouvernemental souverain, des modèles multilingues à poids ouverts et des assistants de services aux citoyens pour les ministères de l’ASEAN.',
  },
  es: {
    title: 'IA para el gobierno digital de los ministerios de la ASEAN',
    summary: 'Una nube gubernamental soberana, modelos multilingües de pesos abiertos y asistentes de atención ciudadana para los ministerios de la ASEAN.',
  },
  ar: {
    title: 'الذكاء الاصطناعي للحكومة الرقمية في وزارات دول آسيان',
    summary: 'سحابة حكومية سيادية ونماذج لغوية متعددة اللغات مفتوحة الأوزان ومساعدون رقميون لخدمة المواطنين، لوزارات دول رابطة آسيان.',
  },
} as const;

/** The ASEAN package's profile and translations, by its anchor (`anchor` is the anchor's context). */
export async function seedAseanProfile(anchor: ServiceContext, proposalId: string): Promise<void> {
  await savePackageProfile(anchor, proposalId, {
    deployments: ['sovereign_cloud', 'on_premises'],
    dataResidency: ['in_country', 'in_region'],
    modelLicensing: ['open_weight'],
    languages: ['en', 'id', 'ms', 'th', 'vi', 'fil', 'km', 'lo', 'my'],
    budgetMinUsd: 5_000_000,
    budgetMaxUsd: 40_000_000,
    deliveryMonths: 9,
    financing: ['EXIM', 'DFC'],
    version: 0,
  });
  for (const [locale, t] of Object.entries(ASEAN_TRANSLATIONS) as [keyof typeof ASEAN_TRANSLATIONS, (typeof ASEAN_TRANSLATIONS)[keyof typeof ASEAN_TRANSLATIONS]][]) {
    await saveTranslation(anchor, proposalId, locale, { title: t.title, summary: t.summary });
  }
}

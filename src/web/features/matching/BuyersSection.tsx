// The "Buyers" tab of a designated package: what the package offers buyers (its profile, public on
// the catalog), its public title and summary in French, Spanish and Arabic, the buyers' requirements
// it fits and the interest buyers registered in it. The anchor company edits the profile and the
// translations; the other members and the program office read them.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { canOn, consortiumRelations } from '../../../shared/access.ts';
import {
  MAX_TRANSLATED_SUMMARY,
  MAX_TRANSLATED_TITLE,
  TRANSLATION_LOCALES,
  type PackageMatchesResponse,
  type PackageProfile,
  type PackageProfileResponse,
  type TranslationListResponse,
  type TranslationLocale,
} from '../../../shared/contracts/matching.ts';
import { DEPLOYMENTS, OFFERED_DATA_RESIDENCY, OFFERED_MODEL_LICENSING } from '../../../shared/domain/buyers.ts';
import { FINANCING_AGENCIES } from '../../../shared/domain/package.ts';
import { useSession } from '../../app/session.tsx';
import { useConfirm } from '../../components/ConfirmDialog.tsx';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { del, put } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, storeAnswer, useAction, useApiQuery } from '../../lib/query.ts';
import type { Proposal } from '../../lib/types.ts';
import { anonymousBuyer, CRITERION_LABELS, DEPLOYMENT_LABELS, FIT_LABELS, LICENSING_LABELS, OUTCOME_LABELS, reasonValues, RESIDENCY_LABELS } from './labels.ts';

/** Interest registered in the package, as its consortium sees it (the buyer named only with its consent). */
interface ReceivedInterest {
  id: string;
  reference: string;
  status: string;
  createdAt: string;
  message: string | null;
  buyer: { name: string; country: string; kind: string; contactEmail: string } | { anonymous: true; country: string; kind: string };
}

const LOCALE_NAMES: Record<TranslationLocale, string> = { fr: 'French', es: 'Spanish', ar: 'Arabic' };

export function BuyersSection({ p }: { p: Proposal }) {
  const { user } = useSession();
  const mayReadBuyers = canOn(user, 'buyer_matches.read', consortiumRelations({ orgId: user.org.id, orgKind: user.org.kind }, p.consortium));
  return (
    <div className="stack">
      <ProfilePanel proposalId={p.id} />
      <TranslationsPanel proposalId={p.id} />
      {mayReadBuyers && (
        <>
          <MatchesPanel proposalId={p.id} />
          <InterestPanel proposalId={p.id} />
        </>
      )}
    </div>
  );
}

// ── Profile ──────────────────────────────────────────────────────────────────────────────

const EMPTY_PROFILE: PackageProfile = { deployments: [], dataResidency: [], modelLicensing: [], languages: [], budgetMinUsd: null, budgetMaxUsd: null, deliveryMonths: null, financing: [] };

/** A number field's value: null when empty. */
const numberOrNull = (s: string): number | null => (s.trim() === '' ? null : Number(s));

function Checks({ legend, options, labels, value, onChange }: { legend: string; options: readonly string[]; labels?: Record<string, string>; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o}>
          <input type="checkbox" checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} />
          {labels?.[o] ?? o}
        </label>
      ))}
    </fieldset>
  );
}

function ProfilePanel({ proposalId }: { proposalId: string }) {
  const url = `/api/v1/proposals/${proposalId}/profile`;
  const loaded = useApiQuery<PackageProfileResponse>(url);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PackageProfile | null>(null);
  const [languages, setLanguages] = useState<string | null>(null);
  const action = useAction<PackageProfileResponse>(async (next) => {
    setDraft(null);
    setLanguages(null);
    await storeAnswer(queryClient, url, next, [`/api/v1/proposals/${proposalId}/buyer-matches`, '/api/v1/public/catalog']);
  });
  const data = loaded.data;
  if (!data) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;
  const profile = draft ?? data.profile ?? EMPTY_PROFILE;
  const languageText = languages ?? profile.languages.join(', ');
  const set = (changes: Partial<PackageProfile>) => setDraft({ ...profile, ...changes });
  const save = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...profile, languages: languageText.split(/[\s,]+/).filter(Boolean), version: data.version };
    void action.run('Profile saved. Buyers see it on the catalog.', () => put<PackageProfileResponse>(url, body));
  };

  return (
    <form className="card" onSubmit={save} aria-labelledby="profile-heading">
      <h2 id="profile-heading">What the package offers buyers</h2>
      <p className="muted">Public: the catalog shows it, and buyers’ requirements are matched against it.{data.updatedAt && ` Last changed ${dateTime(data.updatedAt)}.`}</p>
      {!data.profile && !data.canEdit && <Alert kind="info">The consortium has not described its offer yet.</Alert>}
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      <ErrorBox error={action.error} />
      <fieldset disabled={!data.canEdit}>
        <Checks legend="Deployment" options={DEPLOYMENTS} labels={DEPLOYMENT_LABELS} value={profile.deployments} onChange={(deployments) => set({ deployments })} />
        <Checks legend="Data residency offered" options={OFFERED_DATA_RESIDENCY} labels={RESIDENCY_LABELS} value={profile.dataResidency} onChange={(dataResidency) => set({ dataResidency })} />
        <Checks legend="Models" options={OFFERED_MODEL_LICENSING} labels={LICENSING_LABELS} value={profile.modelLicensing} onChange={(modelLicensing) => set({ modelLicensing })} />
        <label>
          Languages supported (language tags, separated by commas)
          <input value={languageText} onChange={(e) => setLanguages(e.target.value)} placeholder="en, fr, ar, sw" />
        </label>
        <div className="row">
          <label>
            Budget from (USD)
            <input type="number" min={0} value={profile.budgetMinUsd ?? ''} onChange={(e) => set({ budgetMinUsd: numberOrNull(e.target.value) })} />
          </label>
          <label>
            Budget up to (USD)
            <input type="number" min={0} value={profile.budgetMaxUsd ?? ''} onChange={(e) => set({ budgetMaxUsd: numberOrNull(e.target.value) })} />
          </label>
          <label>
            Delivery (months from contract)
            <input type="number" min={1} max={120} value={profile.deliveryMonths ?? ''} onChange={(e) => set({ deliveryMonths: numberOrNull(e.target.value) })} />
          </label>
        </div>
        <Checks legend="Financing the consortium works with" options={FINANCING_AGENCIES} value={profile.financing} onChange={(financing) => set({ financing })} />
      </fieldset>
      {data.canEdit && (
        <button type="submit" disabled={action.pending}>
          Save profile
        </button>
      )}
    </form>
  );
}

// ── Translations ─────────────────────────────────────────────────────────────────────────

function TranslationsPanel({ proposalId }: { proposalId: string }) {
  const url = `/api/v1/proposals/${proposalId}/translations`;
  const loaded = useApiQuery<TranslationListResponse>(url);
  const data = loaded.data;
  if (!data) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />;
  return (
    <section className="card" aria-labelledby="translations-heading">
      <h2 id="translations-heading">Title and summary in other languages</h2>
      <p className="muted">Public: a reader of the catalog in one of these languages sees the consortium’s translation, marked as supplied by the consortium; without one, the English original.</p>
      {TRANSLATION_LOCALES.map((locale) => (
        <TranslationEditor key={locale} proposalId={proposalId} locale={locale} saved={data.items.find((t) => t.locale === locale) ?? null} canEdit={data.canEdit} />
      ))}
    </section>
  );
}

function TranslationEditor({ proposalId, locale, saved, canEdit }: { proposalId: string; locale: TranslationLocale; saved: { title: string; summary: string; updatedAt: string } | null; canEdit: boolean }) {
  const url = `/api/v1/proposals/${proposalId}/translations/${locale}`;
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<{ title: string; summary: string } | null>(null);
  const action = useAction(async () => {
    setDraft(null);
    await invalidate(queryClient, [`/api/v1/proposals/${proposalId}/translations`, '/api/v1/public/catalog']);
  });
  const { confirm, dialog } = useConfirm();
  const value = draft ?? { title: saved?.title ?? '', summary: saved?.summary ?? '' };
  const name = LOCALE_NAMES[locale];
  // Arabic is written right to left; each field says its language so screen readers and fonts follow it.
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  const save = (e: FormEvent) => {
    e.preventDefault();
    void action.run(`${name} translation saved.`, () => put(url, value));
  };
  const remove = async () => {
    if (await confirm({ title: `Remove the ${name} translation?`, body: <p>Readers in {name} will see the English original.</p>, confirmLabel: 'Remove translation' })) {
      await action.run(`${name} translation removed.`, () => del(url));
    }
  };
  return (
    <form onSubmit={save} aria-label={`${name} translation`}>
      <fieldset disabled={!canEdit}>
        <legend>
          {name} {saved ? <span className="muted">(saved {dateTime(saved.updatedAt)})</span> : <span className="muted">(none)</span>}
        </legend>
        {action.notice && <Alert kind="success">{action.notice}</Alert>}
        <ErrorBox error={action.error} />
        <label>
          Title in {name}
          <input lang={locale} dir={dir} maxLength={MAX_TRANSLATED_TITLE} value={value.title} onChange={(e) => setDraft({ ...value, title: e.target.value })} />
        </label>
        <label>
          Summary in {name}
          <textarea lang={locale} dir={dir} rows={3} maxLength={MAX_TRANSLATED_SUMMARY} value={value.summary} onChange={(e) => setDraft({ ...value, summary: e.target.value })} />
        </label>
      </fieldset>
      {canEdit && (
        <div className="actions">
          <button type="submit" disabled={action.pending || !value.title.trim() || !value.summary.trim()}>
            Save {name}
          </button>
          {saved && (
            <button type="button" className="secondary" onClick={() => void remove()}>
              Remove {name}
            </button>
          )}
        </div>
      )}
      {dialog}
    </form>
  );
}

// ── Matches and interest ─────────────────────────────────────────────────────────────────

function MatchesPanel({ proposalId }: { proposalId: string }) {
  const loaded = useApiQuery<PackageMatchesResponse>(`/api/v1/proposals/${proposalId}/buyer-matches`);
  const data = loaded.data;
  return (
    <section className="card" aria-labelledby="matches-heading">
      <h2 id="matches-heading">Buyers’ requirements the package fits</h2>
      <p className="muted">Requirements of screened foreign buyers, best fit first. A buyer is named only if it shares its requirements with consortia.</p>
      {!data ? (
        loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />
      ) : data.items.length === 0 ? (
        <p>No buyer’s requirement matches the package yet.</p>
      ) : (
        <ul className="plain">
          {data.items.map((m) => (
            <li key={m.requirementId}>
              <article aria-label={'anonymous' in m.buyer ? anonymousBuyer(m.buyer.kind, m.buyer.country) : m.buyer.name}>
                <h3>
                  {'anonymous' in m.buyer ? anonymousBuyer(m.buyer.kind, m.buyer.country) : m.buyer.name}
                  {m.requirementTitle && ` — ${m.requirementTitle}`}
                </h3>
                <p>
                  <strong>{FIT_LABELS[m.fit]}</strong> · score {m.score} of 100
                </p>
                <TableScroll label="Why">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Criterion</th>
                        <th scope="col">Outcome</th>
                        <th scope="col">Wanted</th>
                        <th scope="col">Offered</th>
                      </tr>
                    </thead>
                    <tbody>
                      {m.reasons.map((r) => (
                        <tr key={r.criterion}>
                          <th scope="row">{CRITERION_LABELS[r.criterion]}</th>
                          <td>{OUTCOME_LABELS[r.outcome]}</td>
                          <td>{reasonValues(r.criterion, r.wanted)}</td>
                          <td>{reasonValues(r.criterion, r.offered)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function InterestPanel({ proposalId }: { proposalId: string }) {
  const loaded = useApiQuery<{ items: ReceivedInterest[] }>(`/api/v1/proposals/${proposalId}/buyer-interests`);
  const data = loaded.data;
  return (
    <section className="card" aria-labelledby="interest-heading">
      <h2 id="interest-heading">Interest received</h2>
      {!data ? (
        loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />
      ) : data.items.length === 0 ? (
        <p>No buyer has registered interest in the package yet.</p>
      ) : (
        <TableScroll label="Interest records">
          <table>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Status</th>
                <th scope="col">Received</th>
                <th scope="col">Buyer</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.reference}</td>
                  <td>{i.status.replaceAll('_', ' ')}</td>
                  <td>{dateTime(i.createdAt)}</td>
                  <td>
                    {'anonymous' in i.buyer ? (
                      anonymousBuyer(i.buyer.kind, i.buyer.country)
                    ) : (
                      <>
                        {i.buyer.name} · <a href={`mailto:${i.buyer.contactEmail}`}>{i.buyer.contactEmail}</a>
                      </>
                    )}
                  </td>
                  <td>{i.message ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

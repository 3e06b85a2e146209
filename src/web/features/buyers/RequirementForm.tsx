// A buyer's requirement as a form: where, for which sector, which layers, how deployed, where the
// data stays, which models, languages, budget, timeline and US financing wanted — every choice a
// code named in the reader's language. Used to state a new requirement and to change one.
import { useState, type FormEvent, type ReactNode } from 'react';
import { SECTORS } from '../../../shared/contracts/review.ts';
import { DATA_RESIDENCY, DEPLOYMENTS, MODEL_LICENSING, TIMELINES, type DataResidency, type ModelLicensing, type Timeline } from '../../../shared/domain/buyers.ts';
import { FINANCING_AGENCIES, LAYERS } from '../../../shared/domain/package.ts';
import { languageNameIn, useCountryNames } from '../../i18n/index.ts';
import { useCountryChoices } from './BuyerSignupPage.tsx';
import { useFieldErrors } from './fieldErrors.tsx';
import type { RequirementInput } from './types.ts';
import { useVocabulary } from './vocabulary.ts';
import { CountryOptions } from '../catalog/CountryOptions.tsx';

/** The languages offered as choices (BCP 47); a requirement keeps any other it already names. */
export const LANGUAGE_CHOICES = ['ar', 'bn', 'en', 'es', 'fil', 'fr', 'hi', 'id', 'km', 'lo', 'ms', 'my', 'pt', 'sw', 'th', 'tr', 'ur', 'vi', 'zh'] as const;

export const EMPTY_REQUIREMENT: RequirementInput = {
  title: '',
  country: '',
  sector: null,
  layers: [],
  deployments: [],
  dataResidency: 'no_requirement',
  modelLicensing: 'either',
  languages: [],
  budgetMinUsd: null,
  budgetMaxUsd: null,
  timeline: '6_to_12_months',
  financing: [],
  notes: null,
  shareWithConsortia: false,
};

const FIELDS: Record<string, string[]> = Object.fromEntries(
  ['title', 'country', 'sector', 'layers', 'deployments', 'dataResidency', 'modelLicensing', 'languages', 'budgetMinUsd', 'budgetMaxUsd', 'timeline', 'financing', 'notes', 'shareWithConsortia'].map((f) => [f, [f]]),
);

const toggle = <T,>(list: readonly T[], value: T, on: boolean): T[] => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

const amount = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** Checkboxes for a list of codes, as one group with its legend. */
function Choices<T extends string>({ legend, codes, chosen, label, onChange, field }: { legend: string; codes: readonly T[]; chosen: readonly T[]; label: (c: T) => string; onChange: (next: T[]) => void; field: ReactNode }) {
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {codes.map((c) => (
        <label key={c} className="check">
          <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => onChange(toggle(chosen, c, e.target.checked))} /> {label(c)}
        </label>
      ))}
      {field}
    </fieldset>
  );
}

/**
 * `onSave` sends the requirement and resolves when the server took it; it rejects with the server's
 * problem, which the form shows beside the fields it names.
 */
export function RequirementForm({ initial, submitLabel, onSave, onCancel }: { initial: RequirementInput; submitLabel: string; onSave: (input: RequirementInput) => Promise<unknown>; onCancel?: () => void }) {
  const { t, name, locale } = useVocabulary();
  const choices = useCountryChoices();
  const [form, setForm] = useState<RequirementInput>(initial);
  const { name: countryName } = useCountryNames();
  // The requirement's own country stays a choice even if the reference list has no such entry.
  const countries = form.country && !choices.some((c) => c.code === form.country) ? [{ code: form.country, name: countryName(form.country) }, ...choices] : choices;
  const [budget, setBudget] = useState({ min: initial.budgetMinUsd?.toString() ?? '', max: initial.budgetMaxUsd?.toString() ?? '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = useFieldErrors(error, 'requirement', FIELDS);
  const set = <K extends keyof RequirementInput>(key: K, value: RequirementInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const [min, max] = [amount(budget.min), amount(budget.max)];
  const budgetReversed = min !== null && max !== null && min > max;
  const languages = [...new Set([...LANGUAGE_CHOICES, ...form.languages])].sort((a, b) => languageNameIn(locale, a).localeCompare(languageNameIn(locale, b), locale));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (budgetReversed) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({ ...form, title: form.title.trim(), notes: form.notes?.trim() ? form.notes.trim() : null, budgetMinUsd: min, budgetMaxUsd: max });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" aria-label={submitLabel} onSubmit={(e) => void submit(e)}>
      {fields.summary}
      <label>
        {t('buyer.req.title')}
        <input value={form.title} onChange={(e) => set('title', e.target.value)} required maxLength={200} {...fields.input('title')} />
      </label>
      {fields.message('title')}
      <label>
        {t('buyer.req.country')}
        <select value={form.country} onChange={(e) => set('country', e.target.value)} required {...fields.input('country')}>
          <option value="">{t('buyer.choose')}</option>
          <CountryOptions countries={countries} />
        </select>
      </label>
      {fields.message('country')}
      <label>
        {t('buyer.req.sector')}
        <select value={form.sector ?? ''} onChange={(e) => set('sector', e.target.value || null)} {...fields.input('sector')}>
          <option value="">{t('buyer.req.anySector')}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {name('sector', s)}
            </option>
          ))}
        </select>
      </label>
      {fields.message('sector')}
      <Choices legend={t('buyer.req.layers')} codes={LAYERS} chosen={form.layers} label={(c) => name('layer', c)} onChange={(v) => set('layers', v)} field={fields.message('layers')} />
      <Choices legend={t('buyer.req.deployments')} codes={DEPLOYMENTS} chosen={form.deployments} label={(c) => name('deployment', c)} onChange={(v) => set('deployments', v)} field={fields.message('deployments')} />
      <label>
        {t('buyer.req.dataResidency')}
        <select value={form.dataResidency} onChange={(e) => set('dataResidency', e.target.value as DataResidency)} {...fields.input('dataResidency')}>
          {DATA_RESIDENCY.map((c) => (
            <option key={c} value={c}>
              {name('residency', c)}
            </option>
          ))}
        </select>
      </label>
      {fields.message('dataResidency')}
      <label>
        {t('buyer.req.modelLicensing')}
        <select value={form.modelLicensing} onChange={(e) => set('modelLicensing', e.target.value as ModelLicensing)} {...fields.input('modelLicensing')}>
          {MODEL_LICENSING.map((c) => (
            <option key={c} value={c}>
              {name('licensing', c)}
            </option>
          ))}
        </select>
      </label>
      {fields.message('modelLicensing')}
      <Choices legend={t('buyer.req.languages')} codes={languages} chosen={form.languages} label={(c) => languageNameIn(locale, c)} onChange={(v) => set('languages', v)} field={fields.message('languages')} />
      <div className="inline">
        <div>
          <label>
            {t('buyer.req.budgetMin')}
            <input type="number" min={0} step={1} inputMode="numeric" value={budget.min} onChange={(e) => setBudget({ ...budget, min: e.target.value })} {...fields.input('budgetMinUsd')} />
          </label>
          {fields.message('budgetMinUsd')}
        </div>
        <div>
          <label>
            {t('buyer.req.budgetMax')}
            <input
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={budget.max}
              onChange={(e) => setBudget({ ...budget, max: e.target.value })}
              {...fields.input('budgetMaxUsd')}
              {...(budgetReversed ? { 'aria-invalid': true, 'aria-describedby': 'requirement-budget-reversed' } : {})}
            />
          </label>
          {fields.message('budgetMaxUsd')}
          {budgetReversed && (
            <span className="field-error small" id="requirement-budget-reversed">
              {t('buyer.req.budgetReversed')}
            </span>
          )}
        </div>
      </div>
      <label>
        {t('buyer.req.timeline')}
        <select value={form.timeline} onChange={(e) => set('timeline', e.target.value as Timeline)} {...fields.input('timeline')}>
          {TIMELINES.map((c) => (
            <option key={c} value={c}>
              {name('timeline', c)}
            </option>
          ))}
        </select>
      </label>
      {fields.message('timeline')}
      <Choices legend={t('buyer.req.financing')} codes={FINANCING_AGENCIES} chosen={form.financing} label={(c) => c} onChange={(v) => set('financing', v)} field={fields.message('financing')} />
      <label>
        {t('buyer.req.notes')}
        <textarea rows={3} maxLength={4000} value={form.notes ?? ''} onChange={(e) => set('notes', e.target.value)} {...fields.input('notes')} />
      </label>
      {fields.message('notes')}
      <label className="check">
        <input type="checkbox" checked={form.shareWithConsortia} onChange={(e) => set('shareWithConsortia', e.target.checked)} /> {t('buyer.req.share')}
      </label>
      <p className="small muted">{t('buyer.req.shareHint')}</p>
      <div className="row-actions">
        <button type="submit" disabled={busy || budgetReversed}>
          {busy ? t('buyer.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('buyer.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

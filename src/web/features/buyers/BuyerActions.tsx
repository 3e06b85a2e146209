// A catalog package's page, for a foreign buyer: follow or unfollow the package, and register
// interest in it (for one of the buyer's requirements or none, with a message, sharing the buyer's
// name and contact with the consortium only when the buyer consents); the answer is the record's
// reference, followed in the workspace. A visitor is invited to sign up as a buyer; anyone else
// signed in (a company, the program office) sees nothing here.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { can } from '../../../shared/access.ts';
import { Alert, ErrorBox } from '../../components/ui.tsx';
import { del, post, put } from '../../lib/api.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';
import { useSessionQuery } from '../../app/session.tsx';
import { useFieldErrors } from './fieldErrors.tsx';
import { FOLLOWS_URL, INTERESTS_URL, REQUIREMENTS_URL, STATUS_URL, type BuyerStatus, type Follow, type Requirement } from './types.ts';
import { useVocabulary } from './vocabulary.ts';
import './buyers.css';

export function BuyerActions({ proposalId, title }: { proposalId: string; title: string }) {
  const { t } = useVocabulary();
  const session = useSessionQuery();
  if (!session.data) return null;
  const user = session.data.user;
  if (!user)
    return (
      <p className="buyer-page">
        <Link to="/buyers/signup">{t('buyer.actions.signup')}</Link>
      </p>
    );
  if (!can(user, 'buyer.workspace')) return null;
  return <ClearBuyerActions proposalId={proposalId} title={title} />;
}

/** The actions once the buyer's organization is clear; until then, its status. */
function ClearBuyerActions({ proposalId, title }: { proposalId: string; title: string }) {
  const { t } = useVocabulary();
  const status = useApiQuery<BuyerStatus>(STATUS_URL);
  if (!status.data) return <ErrorBox error={status.error} />;
  if (status.data.screening !== 'clear')
    return (
      <section className="card buyer-page" aria-labelledby="buyer-actions">
        <h2 id="buyer-actions">{t('buyer.actions.heading')}</h2>
        <Alert kind="info">{t(status.data.screening === 'blocked' ? 'buyer.status.blocked' : 'buyer.status.pending')}</Alert>
      </section>
    );
  return (
    <section className="card buyer-page" aria-labelledby="buyer-actions">
      <h2 id="buyer-actions">{t('buyer.actions.heading')}</h2>
      <FollowButton proposalId={proposalId} title={title} />
      <InterestForm proposalId={proposalId} />
    </section>
  );
}

function FollowButton({ proposalId, title }: { proposalId: string; title: string }) {
  const { t } = useVocabulary();
  const queryClient = useQueryClient();
  const follows = useApiQuery<{ items: Follow[] }>(FOLLOWS_URL);
  const action = useAction(() => invalidate(queryClient, [FOLLOWS_URL]));
  if (!follows.data) return <ErrorBox error={follows.error} />;
  const following = follows.data.items.some((f) => f.proposalId === proposalId);
  const url = `${FOLLOWS_URL}/${encodeURIComponent(proposalId)}`;
  return (
    <div>
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      <ErrorBox error={action.error} />
      {following ? (
        <p>
          {t('buyer.actions.following')}{' '}
          <button type="button" className="secondary" disabled={action.pending} onClick={() => void action.run(t('buyer.follows.unfollowed'), () => del(url))}>
            {t('buyer.follows.unfollow')}
          </button>
        </p>
      ) : (
        <p>
          <button type="button" disabled={action.pending} onClick={() => void action.run(t('buyer.actions.followed', { title }), () => put(url, {}))}>
            {t('buyer.actions.follow')}
          </button>
        </p>
      )}
    </div>
  );
}

const INTEREST_FIELDS = { requirementId: ['requirementId'], message: ['message'], consentToShare: ['consentToShare'] };

function InterestForm({ proposalId }: { proposalId: string }) {
  const { t } = useVocabulary();
  const queryClient = useQueryClient();
  const requirements = useApiQuery<{ items: Requirement[] }>(REQUIREMENTS_URL);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ requirementId: '', message: '', consentToShare: false });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<{ id: string; reference: string } | null>(null);
  const fields = useFieldErrors(error, 'interest', INTEREST_FIELDS);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await post<{ id: string; reference: string }>(INTERESTS_URL, {
        proposalId,
        ...(form.requirementId ? { requirementId: form.requirementId } : {}),
        ...(form.message.trim() ? { message: form.message.trim() } : {}),
        consentToShare: form.consentToShare,
      });
      setReceipt(answer);
      setOpen(false);
      await invalidate(queryClient, [INTERESTS_URL]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (receipt)
    return (
      <Alert kind="success">
        <p>{t('buyer.actions.registered', { reference: receipt.reference })}</p>
        <p>
          <Link to="/buyer/interests/$id" params={{ id: receipt.id }}>
            {t('buyer.actions.followRecord')}
          </Link>
        </p>
      </Alert>
    );
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('buyer.actions.register')}
      </button>
    );
  return (
    <form className="card" aria-label={t('buyer.actions.register')} onSubmit={(e) => void submit(e)}>
      {fields.summary}
      <label>
        {t('buyer.actions.requirement')}
        <select value={form.requirementId} onChange={(e) => setForm({ ...form, requirementId: e.target.value })} {...fields.input('requirementId')}>
          <option value="">{t('buyer.actions.noRequirement')}</option>
          {(requirements.data?.items ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </label>
      {fields.message('requirementId')}
      <label>
        {t('buyer.actions.message')}
        <textarea rows={3} maxLength={4000} value={form.message} onChange={(e) => setForm({ ...form, message: e.target.value })} {...fields.input('message')} />
      </label>
      {fields.message('message')}
      <label className="check">
        <input type="checkbox" checked={form.consentToShare} onChange={(e) => setForm({ ...form, consentToShare: e.target.checked })} /> {t('buyer.actions.consent')}
      </label>
      <p className="small muted">{t('buyer.actions.consentHint')}</p>
      <div className="row-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('buyer.saving') : t('buyer.actions.send')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('buyer.cancel')}
        </button>
      </div>
    </form>
  );
}

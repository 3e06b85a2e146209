// /buyer/requirements/<id>: one requirement — change it (the version it was read at goes with the
// change, so a change made meanwhile elsewhere is not overwritten), archive it, and the packages
// that match it.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Alert, ErrorBox, Loading } from '../../components/ui.tsx';
import { del, put } from '../../lib/api.ts';
import { invalidate, storeAnswer, useApiQuery } from '../../lib/query.ts';
import { BUYER_URLS, BuyerRecordPage, RecordNotReady } from './BuyerWorkspacePage.tsx';
import { MatchList } from './MatchList.tsx';
import { RequirementForm } from './RequirementForm.tsx';
import { REQUIREMENTS_URL, type Requirement, type RequirementInput, type RequirementMatches } from './types.ts';
import { useVocabulary } from './vocabulary.ts';
import './buyers.css';

export function RequirementPage({ id }: { id: string }) {
  return (
    <BuyerRecordPage>
      <RequirementEditor id={id} />
    </BuyerRecordPage>
  );
}

function RequirementEditor({ id }: { id: string }) {
  const { t, locale } = useVocabulary();
  const url = `${REQUIREMENTS_URL}/${encodeURIComponent(id)}`;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const requirement = useApiQuery<Requirement>(url);
  const matches = useApiQuery<RequirementMatches>(`${url}/matches?lang=${locale}`, { enabled: !!requirement.data });
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [archiveError, setArchiveError] = useState<unknown>(null);

  if (!requirement.data) return <RecordNotReady query={requirement} messages="buyer.req.notFound" />;
  const r = requirement.data;

  async function save(input: RequirementInput) {
    const answer = await put<Requirement>(url, { ...input, version: r.version });
    await storeAnswer(queryClient, url, answer, BUYER_URLS);
    setSaved(true);
  }

  async function archive() {
    setArchiveError(null);
    try {
      await del(url);
      setConfirming(false);
      await invalidate(queryClient, BUYER_URLS);
      await navigate({ to: '/buyer' });
    } catch (err) {
      setConfirming(false);
      setArchiveError(err);
    }
  }

  const { version: _v, id: _id, createdAt: _c, updatedAt: _u, ...input } = r;
  return (
    <>
      <h1>{r.title}</h1>
      {saved && <Alert kind="success">{t('buyer.req.saved')}</Alert>}
      <ErrorBox error={archiveError} />
      {/* Keyed by version: a saved change shows as the server keeps it. */}
      <RequirementForm key={r.version} initial={input} submitLabel={t('buyer.req.save')} onSave={save} />
      {/* Asked here rather than in a dialog: the question and both answers in the reader's language. */}
      {confirming ? (
        <div className="card" role="group" aria-label={t('buyer.req.archiveTitle')}>
          <p>{t('buyer.req.archiveBody')}</p>
          <div className="row-actions">
            <button type="button" onClick={() => void archive()}>
              {t('buyer.req.archiveConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('buyer.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <p>
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {t('buyer.req.archive')}
          </button>
        </p>
      )}
      <section className="card" aria-labelledby="requirement-matches">
        <h2 id="requirement-matches">{t('buyer.matches.heading')}</h2>
        {matches.data ? <MatchList matches={matches.data.matches} /> : matches.error ? <ErrorBox error={matches.error} /> : <Loading />}
      </section>
    </>
  );
}

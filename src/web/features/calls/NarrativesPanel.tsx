// The narratives of a proposal, as its call asks for them. The anchor member writes each section
// in Markdown with a live preview, a word counter against the call's limit, and a BCI mark with its
// justification; everybody else reads the rendered text (government users the text as submitted),
// each business-confidential section badged.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert, ErrorBox, Loading } from '../../components/ui.tsx';
import { ApiError, put } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { storeAnswer, useAction, useApiQuery } from '../../lib/query.ts';
import { countWords, type NarrativeList } from '../../../shared/contracts/calls.ts';
import { renderMarkdown } from './markdown.ts';

type Section = NonNullable<NarrativeList['requirements']>['sections'][number];
type Narrative = NarrativeList['items'][number];

export function NarrativesPanel({ proposalId }: { proposalId: string }) {
  const url = `/api/v1/proposals/${proposalId}/narratives`;
  const list = useApiQuery<NarrativeList>(url);
  const n = list.data;
  if (!n) return list.error ? <ErrorBox error={list.error} /> : <Loading />;
  if (!n.requirements) return <p className="muted card">This proposal answers no call for proposals, so it has no narrative sections.</p>;
  const byKey = new Map(n.items.map((i) => [i.sectionKey, i]));
  return (
    <section className="card" aria-labelledby="narratives-heading">
      <h2 id="narratives-heading">Narratives</h2>
      {n.source === 'submitted' && <p className="muted">The texts as the consortium last submitted them.</p>}
      {n.editable && <CallChecklist proposalId={proposalId} />}
      {n.requirements.sections.map((s) =>
        n.editable ? (
          <SectionEditor key={`${s.key}-${byKey.get(s.key)?.revision ?? 0}`} url={url} section={s} current={byKey.get(s.key) ?? null} bciJustificationRequired={n.requirements!.bciJustificationRequired} />
        ) : (
          <SectionView key={s.key} section={s} current={byKey.get(s.key) ?? null} />
        ),
      )}
    </section>
  );
}

/** The codes of what the call asks for (docs/domain.md, Calls and narratives). */
const CALL_PROBLEM_CODES = new Set(['NARRATIVE_MISSING', 'NARRATIVE_TOO_LONG', 'BCI_JUSTIFICATION_MISSING', 'ATTACHMENT_MISSING', 'PUBLIC_VERSION_MISSING']);

/** What the call still asks of the proposal (narratives and attachments), as the server checks it at submission. */
function CallChecklist({ proposalId }: { proposalId: string }) {
  const completeness = useApiQuery<{ problems: { code: string; path: string; label: string; message: string }[] }>(`/api/v1/proposals/${proposalId}/completeness`);
  if (!completeness.data) return completeness.error ? <ErrorBox error={completeness.error} /> : null;
  const missing = completeness.data.problems.filter((p) => CALL_PROBLEM_CODES.has(p.code));
  if (missing.length === 0) return <Alert kind="success">Everything the call asks for is here.</Alert>;
  return (
    <Alert kind="info">
      <strong>The call still asks for:</strong>
      <ul>
        {missing.map((p) => (
          <li key={`${p.code}-${p.path}`}>{p.message}</li>
        ))}
      </ul>
    </Alert>
  );
}

function BciBadge() {
  return (
    <span className="badge bci" title="Business-confidential information: never shown publicly">
      BCI
    </span>
  );
}

function SectionView({ section, current }: { section: Section; current: Narrative | null }) {
  return (
    <article className="narrative" aria-labelledby={`narrative-${section.key}`}>
      <h3 id={`narrative-${section.key}`}>
        {section.title} {current?.bci && <BciBadge />}
      </h3>
      {!current ? (
        <p className="muted">Not written{section.required ? ' (required)' : ''}.</p>
      ) : (
        <>
          {/* Sanitized by DOMPurify (markdown.ts) before it is shown. */}
          <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(current.bodyMarkdown) }} />
          {current.bci && current.bciJustification && <p className="small muted">Marked business-confidential: {current.bciJustification}</p>}
          <p className="small muted">
            Revision {current.revision}, {dateTime(current.updatedAt)}
          </p>
        </>
      )}
    </article>
  );
}

function SectionEditor({ url, section, current, bciJustificationRequired }: { url: string; section: Section; current: Narrative | null; bciJustificationRequired: boolean }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState(current?.bodyMarkdown ?? '');
  const [bci, setBci] = useState(current?.bci ?? false);
  const [why, setWhy] = useState(current?.bciJustification ?? '');
  const action = useAction<NarrativeList>((answer) => storeAnswer(queryClient, url, answer, [url.replace(/\/narratives$/, '/completeness')]));
  const words = countWords(body);
  const over = words > section.maxWords;
  const dirty = body !== (current?.bodyMarkdown ?? '') || bci !== (current?.bci ?? false) || why !== (current?.bciJustification ?? '');
  const id = `narrative-${section.key}`;
  const save = () =>
    action.run(`“${section.title}” saved.`, () =>
      put<NarrativeList>(`${url}/${section.key}`, { bodyMarkdown: body, bci, bciJustification: bci ? why.trim() || null : null, expectedRevision: current?.revision ?? 0 }).catch(async (err: unknown) => {
        if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') await queryClient.invalidateQueries();
        throw err;
      }),
    );
  return (
    <article className="narrative" aria-labelledby={id}>
      <h3 id={id}>
        {section.title} {section.required && <span className="muted small">(required)</span>} {bci && <BciBadge />}
      </h3>
      {action.notice && <Alert kind="success">{action.notice}</Alert>}
      <ErrorBox error={action.error} />
      <div className="narrative-editor">
        <label htmlFor={`${id}-body`}>
          Text (Markdown)
          <textarea id={`${id}-body`} rows={10} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby={`${id}-count`} />
        </label>
        <div className="markdown preview" aria-label={`Preview of ${section.title}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} />
      </div>
      <p id={`${id}-count`} className={over ? 'bad' : 'muted'} aria-live="polite">
        {words} of {section.maxWords} words{over ? ` — ${words - section.maxWords} over the limit` : ''}
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={bci} onChange={(e) => setBci(e.target.checked)} /> Business-confidential information (never shown publicly)
      </label>
      {bci && (
        <label htmlFor={`${id}-why`}>
          Why this section is business-confidential{bciJustificationRequired ? ' (required before submission)' : ''}
          <input id={`${id}-why`} value={why} onChange={(e) => setWhy(e.target.value)} maxLength={4000} />
        </label>
      )}
      <button onClick={() => void save()} disabled={!dirty || over || action.pending}>
        Save section
      </button>
    </article>
  );
}

// The confirmation asked before an irreversible step (submitting, removing, deciding): a modal
// alert dialog (WAI-ARIA APG "alertdialog") instead of window.confirm, so the question can explain
// what follows and carry a warning. Focus starts on "Cancel" (the safe answer), Tab stays inside,
// Escape cancels, and focus returns to the button that asked. A step that needs words for the
// record (withdrawing, returning for information) asks for a note in the same dialog instead of
// window.prompt: a labelled, required text field, focused first, with a message when left empty.
import { useCallback, useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

export interface ConfirmRequest {
  title: string;
  /** What happens, in the user's words; a warning (say, low US content) goes here too. */
  body: ReactNode;
  /** The label of the button that goes ahead ("Submit proposal"); never a bare "OK". */
  confirmLabel: string;
}

/** A confirmation that also asks for a note; the note is required. */
export interface NoteRequest extends ConfirmRequest {
  /** The text field's label ("What the consortium must provide"). */
  noteLabel: string;
  /** Shown when the field is left empty. */
  noteRequired: string;
}

const backdrop: CSSProperties = { position: 'fixed', inset: 0, background: 'rgba(15, 23, 42, 0.45)', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, zIndex: 1000 };
const panel: CSSProperties = { maxWidth: 520, width: '100%', maxHeight: '90vh', overflowY: 'auto', margin: 0 };

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onCancel,
  note,
}: ConfirmRequest & { onConfirm: (note: string) => void; onCancel: () => void; note?: { label: string; required: string } }) {
  const titleId = useId();
  const bodyId = useId();
  const noteId = useId();
  const noteErrorId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Asked for a note, the user starts writing it; otherwise on the safe answer.
    (noteField.current ?? cancel.current)?.focus();
    return () => opener?.focus();
  }, []);

  const goAhead = () => {
    if (note && text.trim() === '') {
      setMissing(true);
      noteField.current?.focus();
      return;
    }
    onConfirm(text.trim());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      // Keep focus on the dialog's own controls while it is open.
      const controls = Array.from(dialog.current?.querySelectorAll<HTMLElement>('button, [href], input, select, textarea') ?? []);
      const first = controls[0];
      const last = controls[controls.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };

  return (
    <div style={backdrop}>
      <div ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} className="card" style={panel} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId}>{body}</div>
        {note && (
          <label htmlFor={noteId}>
            {note.label}
            <textarea
              id={noteId}
              ref={noteField}
              rows={4}
              maxLength={4000}
              required
              aria-required="true"
              aria-invalid={missing}
              aria-describedby={missing ? noteErrorId : undefined}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (e.target.value.trim()) setMissing(false);
              }}
            />
          </label>
        )}
        {missing && note && (
          <p id={noteErrorId} className="bad" role="alert">
            {note.required}
          </p>
        )}
        <div className="actions">
          <button ref={cancel} type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" onClick={goAhead}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * `confirm(request)` opens the dialog and resolves true when the user goes ahead, false when they
 * cancel; render `dialog` once in the screen that asks.
 */
export function useConfirm() {
  const [open, setOpen] = useState<(ConfirmRequest & { note?: { label: string; required: string }; answer: (note: string | null) => void }) | null>(null);
  const ask = useCallback(
    (request: ConfirmRequest, note?: { label: string; required: string }) =>
      new Promise<string | null>((resolve) =>
        setOpen({
          ...request,
          note,
          answer: (text) => {
            setOpen(null);
            resolve(text);
          },
        }),
      ),
    [],
  );
  const confirm = useCallback(async (request: ConfirmRequest) => (await ask(request)) !== null, [ask]);
  /** Resolves the note written (trimmed, never empty), or null when the user cancels. */
  const askNote = useCallback(({ noteLabel, noteRequired, ...request }: NoteRequest) => ask(request, { label: noteLabel, required: noteRequired }), [ask]);
  const dialog = open && (
    <ConfirmDialog
      // A new question starts with an empty note.
      key={open.title}
      title={open.title}
      body={open.body}
      confirmLabel={open.confirmLabel}
      note={open.note}
      onConfirm={(text) => open.answer(text)}
      onCancel={() => open.answer(null)}
    />
  );
  return { confirm, askNote, dialog };
}

// The confirmation asked before an irreversible step (submitting, removing, deciding): a modal
// alert dialog (WAI-ARIA APG "alertdialog") instead of window.confirm, so the question can explain
// what follows and carry a warning. Focus starts on "Cancel" (the safe answer), Tab stays inside,
// Escape cancels, and focus returns to the button that asked.
import { useCallback, useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

export interface ConfirmRequest {
  title: string;
  /** What happens, in the user's words; a warning (say, low US content) goes here too. */
  body: ReactNode;
  /** The label of the button that goes ahead ("Submit proposal"); never a bare "OK". */
  confirmLabel: string;
}

const backdrop: CSSProperties = { position: 'fixed', inset: 0, background: 'rgba(15, 23, 42, 0.45)', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, zIndex: 1000 };
const panel: CSSProperties = { maxWidth: 520, width: '100%', maxHeight: '90vh', overflowY: 'auto', margin: 0 };

export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: ConfirmRequest & { onConfirm: () => void; onCancel: () => void }) {
  const titleId = useId();
  const bodyId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancel.current?.focus();
    return () => opener?.focus();
  }, []);

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
        <div className="actions">
          <button ref={cancel} type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" onClick={onConfirm}>
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
  const [open, setOpen] = useState<(ConfirmRequest & { answer: (yes: boolean) => void }) | null>(null);
  const confirm = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) =>
        setOpen({
          ...request,
          answer: (yes) => {
            setOpen(null);
            resolve(yes);
          },
        }),
      ),
    [],
  );
  const dialog = open && <ConfirmDialog title={open.title} body={open.body} confirmLabel={open.confirmLabel} onConfirm={() => open.answer(true)} onCancel={() => open.answer(false)} />;
  return { confirm, dialog };
}

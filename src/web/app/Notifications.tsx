import { useState } from 'react';
import { useLoad } from '../components/ui.tsx';
import { get, post } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useRouter } from '../lib/router.tsx';
import type { Notification as NotificationView } from '../../shared/contracts/review.ts';

type Note = NotificationView;

/** The bell: unread count, and the list with links; opening marks them read. */
export function Notifications() {
  const { path, navigate } = useRouter();
  const notes = useLoad(() => get<{ items: Note[] }>('/api/v1/notifications'), [path]);
  const [open, setOpen] = useState(false);
  const unread = notes.data?.items.filter((n) => !n.read) ?? [];
  const toggle = async () => {
    setOpen(!open);
    if (!open && unread.length) {
      await post('/api/v1/notifications/read', { ids: unread.map((n) => n.id) });
    }
  };
  return (
    <div className="notifications">
      <button className="link" aria-expanded={open} onClick={() => void toggle()}>
        Notifications{unread.length > 0 && <span className="count"> ({unread.length})</span>}
      </button>
      {open && (
        <ul className="panel" aria-label="Notifications">
          {(notes.data?.items ?? []).length === 0 && <li className="muted">Nothing new.</li>}
          {notes.data?.items.map((n) => (
            <li key={n.id} className={n.read ? 'muted' : ''}>
              {n.link ? (
                <a
                  href={n.link}
                  onClick={(e) => {
                    e.preventDefault();
                    setOpen(false);
                    navigate(n.link!);
                  }}
                >
                  {n.text}
                </a>
              ) : (
                n.text
              )}
              <div className="small muted">{dateTime(n.createdAt)}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { post } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { invalidate, useApiQuery } from '../lib/query.ts';
import type { Notification as NotificationView } from '../../shared/contracts/review.ts';
import { notificationKindLabel } from '../../shared/labels.ts';

type Note = NotificationView;
const NOTIFICATIONS = '/api/v1/notifications';

/** The bell: unread count, and the list with links; opening marks them read. */
export function Notifications() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const notes = useApiQuery<{ items: Note[] }>(NOTIFICATIONS);
  const [open, setOpen] = useState(false);
  // Another page: what others did meanwhile may have brought news, so the bell asks again.
  useEffect(() => router.subscribe('onResolved', (e) => void (e.pathChanged && invalidate(queryClient, [NOTIFICATIONS]))), [router, queryClient]);
  const unread = notes.data?.items.filter((n) => !n.read) ?? [];
  const toggle = async () => {
    setOpen(!open);
    if (!open && unread.length) {
      await post(`${NOTIFICATIONS}/read`, { ids: unread.map((n) => n.id) });
      await invalidate(queryClient, [NOTIFICATIONS]);
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
                    // The server's link is a path of this app; the router resolves it like any URL.
                    void router.navigate({ href: n.link! });
                  }}
                >
                  {n.text}
                </a>
              ) : (
                n.text
              )}
              <div className="small muted">
                {notificationKindLabel(n.kind)} · {dateTime(n.createdAt)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

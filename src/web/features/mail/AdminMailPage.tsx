// The administrators' e-mail page: the outbox (pending and failed e-mail by default, any status on
// request) with a retry for failed e-mail, and the development mailbox when this server runs one.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MAIL_STATUSES, type DevMailList, type MailOutboxView, type MailStatus } from '../../../shared/contracts/mail.ts';
import { Alert, ErrorBox, Loading, StateBadge, TableScroll } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { invalidate, useAction, useApiQuery } from '../../lib/query.ts';

const OUTBOX = '/api/v1/admin/mail';
const DEV_MAIL = '/api/v1/admin/dev-mail';

export function AdminMailPage() {
  const [status, setStatus] = useState<MailStatus | ''>('');
  const url = status ? `${OUTBOX}?status=${status}` : OUTBOX;
  const outbox = useApiQuery<{ items: MailOutboxView[] }>(url);
  const dev = useApiQuery<DevMailList>(DEV_MAIL);
  const queryClient = useQueryClient();
  const retry = useAction(() => invalidate(queryClient, [OUTBOX]));

  return (
    <section aria-label="E-mail">
      <h1>E-mail</h1>
      <h2>Outbox</h2>
      <p className="muted">
        E-mail waiting to be sent, and e-mail that failed after its last attempt. A failed e-mail is kept until it is retried. The contents are not shown: links may carry sign-in
        tokens.
      </p>
      <label>
        Status{' '}
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as MailStatus | '')}>
          <option value="">Pending and failed</option>
          {MAIL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <ErrorBox error={outbox.error ?? retry.error} />
      {retry.notice && <Alert kind="success">{retry.notice}</Alert>}
      {!outbox.data ? (
        !outbox.error && <Loading />
      ) : outbox.data.items.length === 0 ? (
        <p className="muted">No e-mail here.</p>
      ) : (
        <TableScroll label="Outbox">
          <table>
            <thead>
              <tr>
                <th>To</th>
                <th>Template</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last error</th>
                <th>Next attempt</th>
                <th>Created</th>
                <th>Sent</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {outbox.data.items.map((m) => (
                <tr key={m.id}>
                  <td>{m.to}</td>
                  <td>{m.template}</td>
                  <td>
                    <StateBadge state={m.status} />
                  </td>
                  <td>{m.attempts}</td>
                  <td>{m.lastError ?? '—'}</td>
                  <td>{dateTime(m.nextAttemptAt)}</td>
                  <td>{dateTime(m.createdAt)}</td>
                  <td>{dateTime(m.sentAt)}</td>
                  <td>
                    {(m.status === 'failed' || m.status === 'pending') && (
                      <button type="button" disabled={retry.pending} onClick={() => void retry.run(`E-mail to ${m.to} queued again.`, () => post(`${OUTBOX}/${m.id}/retry`))}>
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>Development mailbox</h2>
      <ErrorBox error={dev.error} />
      {!dev.data ? (
        !dev.error && <Loading />
      ) : !dev.data.enabled ? (
        <p className="muted">This server sends e-mail through an SMTP server; it keeps no development mailbox.</p>
      ) : dev.data.items.length === 0 ? (
        <p className="muted">Nothing received yet.</p>
      ) : (
        <ul className="dev-mail">
          {dev.data.items.map((m) => (
            <li key={m.id} className="card">
              <details>
                <summary>
                  <strong>{m.subject}</strong> — to {m.to.join(', ')} · {dateTime(m.receivedAt)}
                </summary>
                <pre style={{ whiteSpace: 'pre-wrap' }}>{m.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

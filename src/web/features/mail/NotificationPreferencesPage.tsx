// The user's e-mail preferences: per notification kind, an e-mail at once, a daily digest or none.
// Kinds that ask the user to act by a date are always e-mailed at once (shown, not changeable).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { MAIL_MODE_LABELS, MAIL_MODES, type MailMode, type MailPreferencesView } from '../../../shared/contracts/mail.ts';
import { Alert, ErrorBox, Loading, TableScroll } from '../../components/ui.tsx';
import { put } from '../../lib/api.ts';
import { storeAnswer, useAction, useApiQuery } from '../../lib/query.ts';

export const PREFERENCES = '/api/v1/me/notification-preferences';

export function NotificationPreferencesPage() {
  const { data, error } = useApiQuery<MailPreferencesView>(PREFERENCES);
  const queryClient = useQueryClient();
  const [modes, setModes] = useState<Record<string, MailMode>>({});
  const save = useAction<MailPreferencesView>((answer) => storeAnswer(queryClient, PREFERENCES, answer));
  useEffect(() => {
    if (data) setModes(Object.fromEntries(data.items.map((i) => [i.kind, i.mode])));
  }, [data]);

  if (!data) return error ? <ErrorBox error={error} /> : <Loading />;
  const changeable = data.items.filter((i) => !i.mandatory);
  const mandatory = data.items.filter((i) => i.mandatory);

  function submit(e: FormEvent) {
    e.preventDefault();
    void save.run('Your e-mail preferences are saved.', () => put<MailPreferencesView>(PREFERENCES, { items: changeable.map((i) => ({ kind: i.kind, mode: modes[i.kind] ?? i.mode })) }));
  }

  return (
    <section aria-label="E-mail preferences">
      <h1>E-mail preferences</h1>
      <p className="muted">
        Every notification appears under the bell. Choose which ones also reach you by e-mail: at once, in one daily summary, or not at all. E-mails name only what happened and
        link here; they never carry a proposal’s contents.
      </p>
      <ErrorBox error={save.error} />
      {save.notice && <Alert kind="success">{save.notice}</Alert>}
      <form onSubmit={submit} aria-label="E-mail preferences">
        <TableScroll label="Notification kinds">
          <table>
            <thead>
              <tr>
                <th scope="col">Notification</th>
                {MAIL_MODES.map((m) => (
                  <th scope="col" key={m}>
                    {MAIL_MODE_LABELS[m]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {changeable.map((i) => (
                <tr key={i.kind}>
                  <th scope="row">{i.label}</th>
                  {MAIL_MODES.map((m) => (
                    <td key={m}>
                      <input
                        type="radio"
                        name={`mode-${i.kind}`}
                        aria-label={`${i.label}: ${MAIL_MODE_LABELS[m]}`}
                        checked={(modes[i.kind] ?? i.mode) === m}
                        onChange={() => setModes((prev) => ({ ...prev, [i.kind]: m }))}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <button type="submit" disabled={save.pending}>
          Save preferences
        </button>
      </form>
      <h2>Always e-mailed at once</h2>
      <p className="muted">These ask you to act by a date, or tell your company the outcome of its proposal or a screening match; they cannot be turned off.</p>
      <ul>
        {mandatory.map((i) => (
          <li key={i.kind}>{i.label}</li>
        ))}
      </ul>
    </section>
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/contracts/common.ts';
import { DevMailList, MailOutboxList, MailOutboxQuery, MailOutboxView, MailPreferencesUpdate, MailPreferencesView } from '../../../shared/contracts/mail.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import { getMailPreferences, listDevMail, listOutbox, retryMail, updateMailPreferences } from './mail.service.ts';

/** The user's e-mail preferences, the administrators' outbox and the development mailbox. */
export function mailRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/me/notification-preferences',
    { schema: { tags: ['mail'], summary: 'Which notifications reach you by e-mail: per kind immediate, daily digest or off (mandatory kinds are always immediate)', response: { 200: MailPreferencesView } } },
    async (req) => getMailPreferences(ctxOf(req, deps)),
  );
  r.put(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags: ['mail'],
        summary: 'Change your e-mail preferences for the kinds given (others stay as they are); a mandatory kind can only be immediate',
        body: MailPreferencesUpdate,
        response: { 200: MailPreferencesView },
      },
    },
    async (req) => updateMailPreferences(ctxOf(req, deps), req.body),
  );
  r.get(
    '/api/v1/admin/mail',
    { schema: { tags: ['mail'], summary: 'The e-mail outbox (default: pending and failed), newest first, without the e-mails’ contents', querystring: MailOutboxQuery, response: { 200: MailOutboxList } } },
    async (req) => listOutbox(ctxOf(req, deps), req.query),
  );
  r.post(
    '/api/v1/admin/mail/:id/retry',
    { schema: { tags: ['mail'], summary: 'Send a failed (or stuck pending) e-mail again, with a fresh count of attempts', params: IdParams, response: { 200: MailOutboxView } } },
    async (req) => retryMail(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/v1/admin/dev-mail',
    { schema: { tags: ['mail'], summary: 'What the development mailbox of this server process received, newest first (empty and `enabled: false` when it runs none)', response: { 200: DevMailList } } },
    async (req) => listDevMail(ctxOf(req, deps)),
  );
}

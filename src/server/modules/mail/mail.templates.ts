// The e-mails' words. One template per notification kind, per account e-mail and for the daily
// digest, as a typed Record: a new kind without a template does not compile.
//
// A template sees only the parameters it is given — the kind, dates, reference ids and an app path
// — never the notification's free text, a proposal's title, a package's content or a company's
// figures: business-confidential information never leaves by e-mail (docs/security.md#e-mail).
// Every value is escaped into the HTML; links are absolute (PUBLIC_BASE_URL + the app path).
import type { MailTemplateName } from '../../../shared/contracts/mail.ts';
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from '../../../shared/labels.ts';

export const PROGRAM_NAME = 'American AI Exports Program';

/** The web app's page where a user chooses which notifications reach them by e-mail. */
export const PREFERENCES_PATH = '/settings/notifications';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Params = Record<string, string>;

interface Template {
  subject: (p: Params) => string;
  /** What happened, in a sentence or two. */
  lead: (p: Params) => string;
  /** What the recipient should do. */
  action: (p: Params) => string;
  /** The button's words; no button when the e-mail carries no link. */
  button?: string;
}

const day = (iso: string | undefined): string => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : '');
const on = (p: Params) => (day(p.date) ? ` on ${day(p.date)}` : '');

/** A notification's e-mail: what happened and where to act, from the kind alone. */
function kindTemplate(lead: string, action: string, button = 'Open in the program'): Template {
  return { subject: () => '', lead: (p) => `${lead}${lead.endsWith('.') ? '' : on(p) + '.'}`, action: () => action, button };
}

const NOTIFICATION_TEMPLATES: Record<NotificationKind, Template> = {
  consortium_invitation: kindTemplate('Your company has been invited to join a consortium', 'Open the invitation to accept or decline it.', 'Open the invitation'),
  invitation_answered: kindTemplate('A company answered your consortium invitation', 'Open the consortium to see its members.', 'Open the consortium'),
  certification_requested: kindTemplate('Your company is asked to make its certifications for a proposal', 'The proposal cannot be submitted until your company has made them. Sign in and make the certifications.', 'Make the certifications'),
  review_assigned: kindTemplate('You have been assigned a proposal to review', 'Declare any conflict of interest first, then complete your review by its due date.', 'Open the review'),
  review_due_soon: kindTemplate('A review assigned to you is due soon', 'Complete and submit your review before its due date.', 'Open the review'),
  review_overdue: kindTemplate('A review assigned to you is overdue', 'Submit your review as soon as possible, or tell the program office why you cannot.', 'Open the review'),
  reviewer_conflicted: kindTemplate('A reviewer declared a conflict of interest', 'Assign a replacement reviewer.', 'Open the proposal'),
  consultation_requested: kindTemplate('Your agency is consulted on a proposal', 'Give your agency’s answer by the consultation’s due date.', 'Open the proposal'),
  consultation_revised: kindTemplate('An agency revised its consultation answer', 'Take the revised answer into the review.', 'Open the proposal'),
  decision: kindTemplate('A designation decision was recorded on your proposal', 'Sign in to read the decision and its debrief.', 'Read the decision'),
  amendment_requested: kindTemplate('An amendment of a designated package was requested', 'Review the amendment and approve or reject it.', 'Open the proposal'),
  amendment_decided: kindTemplate('Your amendment request was decided', 'Sign in to see the outcome.', 'Open the proposal'),
  member_facts_changed: kindTemplate('The facts of a consortium member changed', 'Take the change into the proposal’s review.', 'Open the proposal'),
  buyer_interest: kindTemplate('A buyer registered interest in a designated package', 'Sign in to see the interest and follow it up.'),
  screening_alert: kindTemplate('Screening found a possible match on a restricted-party list', 'Review the alert and decide it; the affected steps are held until then.', 'Open the alert'),
  screening_clearance: kindTemplate('A screening clearance awaits a second approval', 'Review the proposed clearance and approve or reject it.', 'Open the alert'),
  screening_contest: kindTemplate('A screening alert was contested', 'Review the contest and decide the alert again.', 'Open the alert'),
  screening_list_stale: kindTemplate('A screening list is out of date', 'Import the current version of the list, or check its download source.', 'Open the screening lists'),
  financing_referred: kindTemplate('A financing request was referred to your agency', 'Review the request and record your agency’s answer.', 'Open the deal'),
  license_expiring: kindTemplate('An export license recorded for your package is expiring or has expired', 'Renew the license or record its replacement before shipping further.', 'Open the compliance matrix'),
  proposal_submitted: kindTemplate('A proposal was submitted', 'Start its eligibility screening.', 'Open the proposal'),
  information_requested: kindTemplate('The program office asks for more information on your proposal', 'Add the information asked for and resubmit the proposal.', 'Open the proposal'),
  consultation_due_soon: kindTemplate('A consultation of your agency is due soon', 'Give your agency’s answer before its due date.', 'Open the proposal'),
  review_escalated: kindTemplate('A review is overdue and has been escalated to you', 'Follow the review up or assign a replacement reviewer.', 'Open the proposal'),
  consultation_escalated: kindTemplate('An agency consultation is overdue and has been escalated to you', 'Follow the consultation up with the agency.', 'Open the proposal'),
  financing_stage_changed: kindTemplate('The stage of a deal changed', 'Sign in to see where the deal and its financing stand.', 'Open the deal'),
  monitoring_report_due: kindTemplate('A monitoring report on your designated package is due', 'Complete and submit the report by its due date.', 'Open the report'),
  monitoring_report_overdue: kindTemplate('A monitoring report is overdue', 'The consortium has not filed a monitoring report that was due; follow it up with the consortium.', 'Open it'),
  organization_registered: kindTemplate('A new organization registered', 'Review the registration.', 'Open the organization'),
  mail_failed: kindTemplate('An e-mail could not be delivered', 'Check the e-mail settings and retry the e-mail from the outbox.', 'Open the outbox'),
  buyer_interest_status: kindTemplate('The program office moved your interest record on', 'Sign in to see where your interest stands and what happens next.', 'Open the interest record'),
};

const ACCOUNT_TEMPLATES: Record<Exclude<MailTemplateName, NotificationKind | 'digest'>, Template> = {
  account_invitation: {
    subject: () => `You are invited to the ${PROGRAM_NAME}`,
    lead: (p) => `${p.invitedBy || 'The program office'} invited you to use the ${PROGRAM_NAME} for ${p.orgName || 'your organization'}.`,
    action: (p) => `Follow the link to create your account or sign in${day(p.expiresAt) ? `; it works until ${day(p.expiresAt)}` : ''}. If you did not expect this invitation, ignore this e-mail.`,
    button: 'Accept the invitation',
  },
  email_verification: {
    subject: () => 'Confirm your e-mail address',
    lead: () => `An account of the ${PROGRAM_NAME} was registered with this e-mail address.`,
    action: (p) => `Follow the link to confirm that the address is yours${day(p.expiresAt) ? ` (it works until ${day(p.expiresAt)})` : ''}. If you did not register, ignore this e-mail.`,
    button: 'Confirm the address',
  },
  password_reset: {
    subject: () => 'Reset your password',
    lead: () => 'Someone asked to reset the password of your account.',
    action: (p) => `Follow the link to choose a new password. It works once${p.expiresMinutes ? `, for ${p.expiresMinutes} minutes` : ''}. If you did not ask for this, ignore this e-mail: your password stays as it is.`,
    button: 'Choose a new password',
  },
  password_changed: {
    subject: () => 'Your password was changed',
    lead: () => 'The password of your account was just changed.',
    action: () => 'If you did not change it, contact the program office at once: someone else may have access to your account.',
  },
  mfa_reset: {
    subject: () => 'Your two-factor sign-in was reset',
    lead: () => 'An administrator reset the two-factor sign-in of your account.',
    action: () => 'You will be asked to set up an authenticator app at your next sign-in. If you did not ask for this, contact the program office at once.',
  },
};

const DIGEST_TEMPLATE: Template = {
  subject: (p) => `Your daily summary: ${p.count ?? '0'} notification${p.count === '1' ? '' : 's'}`,
  lead: (p) => `These are your notifications of the ${PROGRAM_NAME} since the last summary (${p.count ?? '0'}).`,
  action: () => 'Sign in to act on them.',
};

export const TEMPLATES: Record<MailTemplateName, Template> = {
  ...NOTIFICATION_TEMPLATES,
  ...ACCOUNT_TEMPLATES,
  digest: DIGEST_TEMPLATE,
};

const isNotificationKind = (t: MailTemplateName): t is NotificationKind => t in NOTIFICATION_TEMPLATES;

/** The subject of a notification's e-mail: the kind's label, with the program's name. */
const subjectOf = (name: MailTemplateName, p: Params): string =>
  isNotificationKind(name) ? `${NOTIFICATION_KIND_LABELS[name]} — ${PROGRAM_NAME}` : `${TEMPLATES[name].subject(p)} — ${PROGRAM_NAME}`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An app path made absolute; anything but a path of this site (`/…`, not `//…`) is refused. */
export function absoluteLink(baseUrl: string, path: string): string {
  if (!isAppPath(path)) throw new Error(`not an app path: ${JSON.stringify(path)}`);
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

export function isAppPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !/[\\\s]/.test(path) && ![...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** One line of a digest: the kind, when, and where. */
export interface DigestItem {
  kind: NotificationKind;
  at: string;
  link: string;
}

/**
 * Renders an e-mail. `params.link` (an app path) becomes the button; a digest lists `items`
 * (each the kind's label, the day and the link). The footer links to the preferences page.
 */
export function renderMail(name: MailTemplateName, params: Params, opts: { baseUrl: string; digestItems?: DigestItem[] }): RenderedMail {
  const t = TEMPLATES[name];
  const link = params.link ? absoluteLink(opts.baseUrl, params.link) : null;
  const prefs = absoluteLink(opts.baseUrl, PREFERENCES_PATH);
  const subject = subjectOf(name, params);
  const lead = t.lead(params);
  const action = t.action(params);
  const items = (opts.digestItems ?? []).map((i) => ({ label: NOTIFICATION_KIND_LABELS[i.kind], day: day(i.at), url: absoluteLink(opts.baseUrl, i.link) }));

  const text = [
    lead,
    '',
    action,
    ...(link ? ['', `${t.button ?? 'Open'}: ${link}`] : []),
    ...(items.length ? ['', ...items.map((i) => `- ${i.label} (${i.day}): ${i.url}`)] : []),
    '',
    '-- ',
    `${PROGRAM_NAME}. This e-mail was sent automatically; replies are not read.`,
    `Choose which notifications reach you by e-mail: ${prefs}`,
  ].join('\n');

  const e = escapeHtml;
  const button = link
    ? `<p style="margin:24px 0"><a href="${e(link)}" style="background:#1d4ed8;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;display:inline-block">${e(t.button ?? 'Open')}</a></p>
<p style="font-size:12px;color:#555555">Or copy this address into your browser: ${e(link)}</p>`
    : '';
  const list = items.length
    ? `<ul style="padding-left:20px">${items.map((i) => `<li style="margin:6px 0"><a href="${e(i.url)}" style="color:#1d4ed8">${e(i.label)}</a> <span style="color:#555555">(${e(i.day)})</span></li>`).join('')}</ul>`
    : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#111111">
<div style="max-width:600px;margin:0 auto;padding:24px">
<div style="background:#0b2545;color:#ffffff;padding:14px 20px;font-size:16px;font-weight:bold">${e(PROGRAM_NAME)}</div>
<div style="background:#ffffff;padding:20px;font-size:15px;line-height:1.5">
<p>${e(lead)}</p>
<p>${e(action)}</p>
${button}${list}
</div>
<div style="padding:12px 20px;font-size:12px;color:#555555">${e(PROGRAM_NAME)}. This e-mail was sent automatically; replies are not read.<br>
<a href="${e(prefs)}" style="color:#555555">Choose which notifications reach you by e-mail</a></div>
</div>
</body></html>`;
  return { subject, text, html };
}

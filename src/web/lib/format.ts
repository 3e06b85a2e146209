export const usd = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
/** Words that are acronyms, kept in capitals when a code is turned into words. */
const ACRONYMS = new Set(['ai', 'edag', 'exim', 'dfc', 'ustda', 'sba', 'us', 'usd', 'eccn', 'ear', 'csl', 'bci', 'coi', 'kyc', 'veu', 'pdf', 'csv']);

/**
 * A code in words ("false_positive" → "False positive"), for the values that have no label of
 * their own. Roles, certifications, notification kinds and history events have labels in
 * src/shared/labels.ts: use those.
 */
export const humanize = (s: string) =>
  s
    .split('_')
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w))
    .join(' ')
    .replace(/^./, (c) => c.toUpperCase());
export const dateTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

// A proposal's record as documents: the PDF of everything the viewer may see (BCI pages bannered),
// and the FOIA export — a ZIP of public material only, with a manifest of what was withheld.
import { Readable } from 'node:stream';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { can } from '../../../shared/access.ts';
import type { NarrativeView } from '../../../shared/contracts/calls.ts';
import type { DocumentView } from '../../../shared/contracts/documents.ts';
import type { ProposalDetail } from '../../../shared/contracts/views.ts';
import { forbidden } from '../../../shared/errors.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { callFacts, callRequirementsOfProposal, narrativesOfProposal } from '../calls/calls.service.ts';
import { listNarratives } from '../calls/narratives.service.ts';
import { documentsOfProposal, listDocuments, openDocumentVersion } from '../documents/documents.service.ts';
import { getProposal } from '../proposals/proposals.service.ts';
import { proposalPdf, type ProposalRecord } from './proposal-pdf.ts';

export const WITHHELD = 'withheld: business confidential';

async function callOf(ctx: ServiceContext, proposalId: string): Promise<{ id: string; title: string } | null> {
  const req = await callRequirementsOfProposal(ctx, proposalId);
  if (!req) return null;
  const call = await callFacts(ctx, req.callId);
  return call ? { id: call.id, title: call.title } : null;
}

function baseRecord(ctx: ServiceContext, p: ProposalDetail, call: ProposalRecord['call']): Omit<ProposalRecord, 'narratives' | 'confidential' | 'attachments' | 'summary'> {
  return {
    id: p.id,
    title: p.title,
    consortium: {
      name: p.consortium.name,
      members: p.consortium.members.filter((m) => m.status === 'active').map((m) => ({ name: m.name, country: m.countryOfIncorporation, role: m.role })),
    },
    call,
    revision: p.revision,
    state: p.state,
    submittedAt: p.submittedAt,
    generatedAt: ctx.clock.nowIso(),
    generatedFor: `${ctx.actor.name} <${ctx.actor.email}>`,
    layers: [...new Set(p.package.components.map((c) => c.layer))],
    countries: p.countries,
  };
}

/** The proposal as one PDF, with what the viewer may see (404 when the viewer may not see the proposal). */
export async function proposalRecordPdf(ctx: ServiceContext, proposalId: string, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const p = await getProposal(ctx, proposalId);
  const [narratives, documents, call] = await Promise.all([listNarratives(ctx, proposalId), listDocuments(ctx, proposalId), callOf(ctx, proposalId)]);
  const typeTitle = new Map(documents.attachmentTypes.map((t) => [t.key, t.title]));
  const names = new Map(p.consortium.members.map((m) => [m.orgId, m.name]));
  const record: ProposalRecord = {
    ...baseRecord(ctx, p, call),
    summary: p.summary.trim() ? p.summary : null,
    narratives: narratives.items,
    confidential: {
      components: p.package.components.map((c) => ({ ...c, supplier: names.get(c.supplier) ?? c.supplier })),
      usContent: p.usContent,
      supportRequests: p.package.supportRequests,
    },
    attachments: documents.items.map((d) => ({ typeTitle: typeTitle.get(d.attachmentType) ?? d.attachmentType, document: d })),
  };
  return proposalPdf(record, { compress: opts.compress });
}

export interface WithheldItem {
  kind: 'narrative' | 'document' | 'field';
  name: string;
  reason: string;
}

/** Package facts outside the public catalog's allow-list: never in an export. */
const WITHHELD_FIELDS = [
  'Proposal summary',
  'Components: names, descriptions, suppliers, values, quantities, origins and classifications',
  'US content',
  'Support requests and their amounts',
  'Operating model: builders, owners and operators',
  'Ownership and ultimate parents of members',
  'Certifications, review, consultations and decision records',
];

/** A file name safe inside a ZIP: no directories, no control characters. */
function safeName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '_').slice(0, 120);
  return cleaned || 'file';
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * The FOIA export of a proposal (program office, auditors, administrators): a ZIP with a
 * PDF of the public material — the narratives not marked business-confidential, the package facts
 * the public catalog shows, the list of public document versions — the public versions themselves,
 * and a manifest naming what was withheld (no content of it). A read, so it writes nothing here:
 * every export (and every refused attempt) is recorded in the access log, with who and when.
 */
export async function foiaExport(ctx: ServiceContext, proposalId: string): Promise<{ zip: Uint8Array; fileName: string }> {
  if (!can(ctx.actor, 'records.foia_export')) throw forbidden('FOIA exports are made by the program office, auditors and administrators');
  const p = await getProposal(ctx, proposalId);
  const asOf = p.submittedAt ? p.revision : ('working' as const);
  const [allNarratives, documents, call] = await Promise.all([
    narrativesOfProposal(ctx, proposalId, { publicOnly: false, asOfRevision: asOf }),
    documentsOfProposal(ctx, proposalId, { publicOnly: true }),
    callOf(ctx, proposalId),
  ]);
  const requirements = await callRequirementsOfProposal(ctx, proposalId);
  const typeTitle = new Map((requirements?.attachmentTypes ?? []).map((t) => [t.key, t.title]));
  const publicNarratives: NarrativeView[] = allNarratives.filter((n) => !n.bci);
  const withheld: WithheldItem[] = [
    ...allNarratives.filter((n) => n.bci).map((n) => ({ kind: 'narrative' as const, name: `Narrative section “${n.title}”`, reason: WITHHELD })),
    ...documents
      .filter((d) => d.bci)
      .map((d) => ({
        kind: 'document' as const,
        name: `Document “${d.title}” (${typeTitle.get(d.attachmentType) ?? d.attachmentType}): ${d.public ? 'full version' : 'full version; no public version was provided'}`,
        reason: WITHHELD,
      })),
    ...WITHHELD_FIELDS.map((f) => ({ kind: 'field' as const, name: f, reason: WITHHELD })),
  ];
  // Public documents only: the public version of each (never a full version of a BCI document).
  const released: DocumentView[] = documents.filter((d) => d.public !== null).map((d) => ({ ...d, full: null }));
  const record: ProposalRecord = {
    ...baseRecord(ctx, p, call),
    generatedFor: null,
    summary: null,
    narratives: publicNarratives,
    confidential: null,
    attachments: released.map((d) => ({ typeTitle: typeTitle.get(d.attachmentType) ?? d.attachmentType, document: d })),
    withheld: withheld.map((w) => `${w.name} — ${w.reason}`),
  };
  const pdf = await proposalPdf(record, { heading: 'Proposal — public material (FOIA release)' });

  const files: Zippable = {};
  const pdfName = `proposal-${proposalId}-public.pdf`;
  files[pdfName] = [new Uint8Array(pdf), { level: 0 }];
  const releasedFiles: { file: string; document: string; variant: string; sha256: string; sizeBytes: number }[] = [];
  let n = 0;
  for (const d of released) {
    const v = d.public!;
    const { meta, stream } = await openDocumentVersion(ctx, v.id);
    const name = `documents/${String(++n).padStart(2, '0')}-${safeName(meta.fileName)}`;
    files[name] = [new Uint8Array(await readAll(stream)), { level: 6 }];
    releasedFiles.push({ file: name, document: d.title, variant: d.bci ? 'public (redacted) version' : 'as submitted (not business-confidential)', sha256: meta.sha256, sizeBytes: meta.sizeBytes });
  }
  const manifest = {
    format: 'aiep.foia-export/v1',
    proposalId,
    title: p.title,
    revision: p.revision,
    generatedAt: ctx.clock.nowIso(),
    released: [{ file: pdfName, document: 'Public material of the proposal (narratives, package facts, attachment list)' }, ...releasedFiles],
    withheld,
  };
  files['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  const zip = zipSync(files, { mtime: new Date(ctx.clock.millis()) });

  return { zip, fileName: `foia-${proposalId}.zip` };
}

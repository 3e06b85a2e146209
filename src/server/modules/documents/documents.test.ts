// Documents of a proposal: streamed uploads with the type read from the content, nothing stored on a
// refusal, per-call limits, versions, BCI marking with public versions, downloads (headers, audit)
// and who may see and change what.
import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallRequirements } from '../../../shared/contracts/calls.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal, must, PROGRAM_OFFICER, session, type FactoryProposal } from '../../test/factories.ts';
import { describeEachDb, type Client, type Response } from '../../test/harness.ts';
import { blobStoreOf, CHUNK_BYTES, deleteOrphanBlobs } from './blob-store.ts';
import { countBlobs } from './documents.repository.ts';
import { documentsOfProposal, openDocumentVersion } from './documents.service.ts';

// The call's requirements per proposal, as the calls module would answer them.
const calls = vi.hoisted(() => new Map<string, CallRequirements>());
vi.mock('../calls/calls.service.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../calls/calls.service.ts')>();
  return {
    ...original,
    callRequirementsOfProposal: async (deps: Parameters<typeof original.callRequirementsOfProposal>[0], id: string) => calls.get(id) ?? original.callRequirementsOfProposal(deps, id),
  };
});

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(17, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function docx(): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships/>'),
      'word/document.xml': strToU8('<?xml version="1.0"?><w:document/>'),
    }),
  );
}

interface FilePart {
  name: string;
  content: Buffer;
  type?: string;
}

/** A multipart/form-data body: the fields, then the file (or the file first, with `fileFirst`). */
function multipart(fields: Record<string, string>, file: FilePart | null, opts: { fileFirst?: boolean } = {}) {
  const boundary = `----aiep${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const field = (k: string, v: string) => parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const filePart = (f: FilePart) => {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/pdf'}\r\n\r\n`));
    parts.push(f.content, Buffer.from('\r\n'));
  };
  if (file && opts.fileFirst) filePart(file);
  for (const [k, v] of Object.entries(fields)) field(k, v);
  if (file && !opts.fileFirst) filePart(file);
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describeEachDb('documents', (h) => {
  let p: FactoryProposal;
  let other: Client;

  async function upload(who: Client, proposalId: string, fields: Record<string, string>, file: FilePart | null, opts: { fileFirst?: boolean } = {}): Promise<Response> {
    const body = multipart(fields, file, opts);
    const res = await h().app.inject({
      method: 'POST',
      url: `/api/v1/proposals/${proposalId}/documents`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': body.contentType },
      payload: body.payload,
    });
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      /* keep the text */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }

  async function download(who: Client, versionId: string) {
    return h().app.inject({ method: 'GET', url: `/api/v1/documents/versions/${versionId}/download`, headers: { cookie: who.cookie } });
  }

  const stored = () => countBlobs(h().deps.db.db);

  async function auditEvents(action: string) {
    return (await h().deps.db.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute()).map((e) => ({ ...e, data: JSON.parse(e.data_json) as Record<string, unknown> }));
  }

  beforeAll(async () => {
    p = await createProposal(h(), 'draft');
    other = await session(h(), 'anchor@meridian.example');
  });

  it('uploads a PDF, records its checksum and size, and downloads the same bytes as an attachment', async () => {
    const res = must(await upload(p.anchor, p.id, { attachmentType: 'supporting_document', title: 'Technical annex', bci: 'false' }, { name: 'annex “final”.pdf', content: PDF }), 201, 'upload');
    expect(res.body).toMatchObject({ title: 'Technical annex', attachmentType: 'supporting_document', bci: false, currentVersion: 1, editable: true });
    expect(res.body.full).toMatchObject({ version: 1, variant: 'full', mimeType: 'application/pdf', sizeBytes: PDF.length, sha256: sha(PDF), fileName: 'annex “final”.pdf' });
    // Not BCI: public as it is.
    expect(res.body.public.id).toBe(res.body.full.id);

    const dl = await download(p.anchor, res.body.full.id);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="annex _final_.pdf"; filename*=UTF-8''annex%20%E2%80%9Cfinal%E2%80%9D.pdf`);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-security-policy'])).toMatch(/^sandbox/);
    expect(String(dl.headers['cache-control'])).toContain('no-store');
    // Every download is audited; there is no HEAD that would record one without sending the file.
    const downloads = (await auditEvents('document.downloaded')).length;
    const head = await h().app.inject({ method: 'HEAD', url: `/api/v1/documents/versions/${res.body.full.id}/download`, headers: { cookie: p.anchor.cookie } });
    expect(head.statusCode).toBe(404);
    expect((await auditEvents('document.downloaded')).length).toBe(downloads);

    const list = must(await p.anchor.get(`/api/v1/proposals/${p.id}/documents`), 200, 'list').body;
    expect(list.source).toBe('working');
    expect(list.editable).toBe(true);
    expect(list.items.map((d: { id: string }) => d.id)).toContain(res.body.id);
  });

  it('streams a file of many chunks in and out intact, and recognizes DOCX, PNG and CSV by content', async () => {
    const big = Buffer.concat([PDF.subarray(0, 40), Buffer.alloc(3 * CHUNK_BYTES + 12345, 0x41)]);
    const before = await stored();
    const res = must(await upload(p.member, p.id, { attachmentType: 'supporting_document', title: 'Big' }, { name: 'big.pdf', content: big }), 201, 'upload big');
    expect(res.body.full.sha256).toBe(sha(big));
    expect(await stored()).toEqual({ blobs: before.blobs + 1, chunks: before.chunks + 4 });
    const dl = await download(p.member, res.body.full.id);
    expect(sha(dl.rawPayload)).toBe(sha(big));

    const word = must(await upload(p.anchor, p.id, { title: 'Letter' }, { name: 'letter.bin', content: docx(), type: 'application/octet-stream' }), 201, 'docx');
    expect(word.body.full.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const png = must(await upload(p.anchor, p.id, { title: 'Diagram' }, { name: 'diagram.pdf', content: PNG }), 201, 'png');
    expect(png.body.full.mimeType).toBe('image/png');
    const csv = must(await upload(p.anchor, p.id, { title: 'Budget' }, { name: 'budget.txt', content: Buffer.from('item,amount\nGPUs,100\nPower,20\n'), type: 'text/html' }), 201, 'csv');
    expect(csv.body.full.mimeType).toBe('text/csv');
    expect((await download(p.anchor, csv.body.full.id)).headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('refuses HTML, SVG, XML, scripts and executables whatever their name, and stores nothing', async () => {
    const before = await stored();
    const events = (await auditEvents('document.uploaded')).length;
    for (const [name, content] of [
      ['report.pdf', HTML],
      ['logo.pdf', SVG],
      ['data.pdf', Buffer.from('<?xml version="1.0"?><root/>')],
      ['run.txt', Buffer.from('#!/bin/sh\nrm -rf /\n')],
      ['setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0), Buffer.from('PE\0\0')])],
      ['binary.csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe])],
    ] as const) {
      const res = await upload(p.anchor, p.id, { title: `Bad ${name}` }, { name, content });
      expect([415, 422], `${name}: ${JSON.stringify(res.body)}`).toContain(res.status);
      expect(res.body.code).toMatch(/UNSUPPORTED_FILE_TYPE|FILE_TYPE_NOT_ALLOWED/);
    }
    // Markup deep inside a large text file: refused after chunks were written, and they are gone.
    const sneaky = Buffer.concat([Buffer.from('a,b\n'.repeat(200_000)), Buffer.from('<script>alert(1)</script>\n')]);
    expect(sneaky.length).toBeGreaterThan(2 * CHUNK_BYTES);
    expectProblem(await upload(p.anchor, p.id, { title: 'Sneaky' }, { name: 'sneaky.csv', content: sneaky, type: 'text/csv' }), 415, 'UNSUPPORTED_FILE_TYPE');
    expect(await stored()).toEqual(before);
    expect((await auditEvents('document.uploaded')).length).toBe(events);
  });

  it('applies the call’s size limit and types per attachment type, storing nothing over the limit', async () => {
    const q = await createProposal(h(), 'draft');
    calls.set(q.id, {
      callId: 'call-test',
      sections: [],
      attachmentTypes: [
        { key: 'budget', title: 'Budget', required: true, maxBytes: 3 * CHUNK_BYTES, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: true },
        { key: 'letters', title: 'Letters of support', required: false, maxBytes: 1024 * 1024, mimeTypes: [], publicVersionRequiredIfBci: false },
      ],
      bciJustificationRequired: true,
    });
    const list = must(await q.anchor.get(`/api/v1/proposals/${q.id}/documents`), 200, 'list').body;
    expect(list.attachmentTypes.map((t: { key: string }) => t.key)).toEqual(['budget', 'letters']);

    const before = await stored();
    const tooBig = Buffer.concat([PDF.subarray(0, 40), Buffer.alloc(3 * CHUNK_BYTES + 1 - 40, 0x20)]);
    const res = await upload(q.anchor, q.id, { attachmentType: 'budget', title: 'Budget' }, { name: 'budget.pdf', content: tooBig });
    expectProblem(res, 413, 'FILE_TOO_LARGE');
    expect(res.headers.connection).toBe('close');
    expect(await stored()).toEqual(before);
    // Exactly at the limit is fine.
    must(await upload(q.anchor, q.id, { attachmentType: 'budget', title: 'Budget' }, { name: 'budget.pdf', content: tooBig.subarray(0, 3 * CHUNK_BYTES) }), 201, 'at the limit');

    // A PNG is not a type the budget accepts; the letters take the defaults (PNG among them).
    const png = await upload(q.anchor, q.id, { attachmentType: 'budget', title: 'Budget chart' }, { name: 'chart.pdf', content: PNG });
    expectProblem(png, 415, 'FILE_TYPE_NOT_ALLOWED');
    expect(png.body.detectedType).toBe('image/png');
    must(await upload(q.anchor, q.id, { attachmentType: 'letters', title: 'Letter' }, { name: 'letter.png', content: PNG }), 201, 'letter');
    // An attachment type the call does not name.
    expectProblem(await upload(q.anchor, q.id, { attachmentType: 'supporting_document', title: 'X' }, { name: 'x.pdf', content: PDF }), 422, 'INVALID_UPLOAD');

    // BCI without a justification, when the call asks for one.
    const noWhy = await upload(q.anchor, q.id, { attachmentType: 'letters', title: 'Secret', bci: 'true' }, { name: 's.pdf', content: PDF });
    expectProblem(noWhy, 422, 'INVALID_UPLOAD');
    expect(noWhy.body.errors.map((e: { path: string }) => e.path)).toContain('bciJustification');

    // A BCI budget without its public version is flagged.
    const secret = must(await upload(q.anchor, q.id, { attachmentType: 'budget', title: 'Costs', bci: 'true', bciJustification: 'Supplier prices' }, { name: 'costs.pdf', content: PDF }), 201, 'bci').body;
    expect(secret).toMatchObject({ bci: true, bciJustification: 'Supplier prices', public: null, publicVersionMissing: true });
    expect(await stored()).toEqual({ blobs: before.blobs + 3, chunks: before.chunks + 3 + 1 + 1 });
  });

  it('refuses malformed uploads clearly: fields after the file, no file, JSON instead of a form', async () => {
    const before = await stored();
    expectProblem(await upload(p.anchor, p.id, { title: 'Late fields' }, { name: 'a.pdf', content: PDF }, { fileFirst: true }), 422, 'INVALID_UPLOAD');
    expectProblem(await upload(p.anchor, p.id, { title: 'No file' }, null), 400, 'UPLOAD_NO_FILE');
    expectProblem(await p.anchor.post(`/api/v1/proposals/${p.id}/documents`, { title: 'json' }), 415, 'UPLOAD_MULTIPART_REQUIRED');
    expectProblem(await upload(p.anchor, p.id, { title: 'x', variant: 'sideways' }, { name: 'a.pdf', content: PDF }), 400, 'VALIDATION_FAILED');
    expect(await stored()).toEqual(before);
  });

  it('keeps versions, and a BCI document’s public version beside its full one', async () => {
    const first = must(await upload(p.anchor, p.id, { title: 'Business plan', bci: 'true', bciJustification: 'Pricing and margins' }, { name: 'plan-v1.pdf', content: PDF }), 201, 'v1').body;
    const v2content = Buffer.concat([PDF, Buffer.from('% second\n')]);
    const second = must(await upload(p.anchor, p.id, { documentId: first.id }, { name: 'plan-v2.pdf', content: v2content }), 201, 'v2').body;
    expect(second.currentVersion).toBe(2);
    expect(second.full).toMatchObject({ version: 2, sha256: sha(v2content) });
    expect(second.public).toBeNull();
    const redacted = must(await upload(p.anchor, p.id, { documentId: first.id, variant: 'public' }, { name: 'plan-public.pdf', content: PDF }), 201, 'public').body;
    expect(redacted.public).toMatchObject({ variant: 'public', version: 1, fileName: 'plan-public.pdf' });
    expect(redacted.full.version).toBe(2);
    expect(redacted.history.map((v: { variant: string; version: number }) => `${v.variant}${v.version}`).sort()).toEqual(['full1', 'full2', 'public1']);
    // The first version stays downloadable.
    const old = redacted.history.find((v: { variant: string; version: number }) => v.variant === 'full' && v.version === 1);
    expect((await download(p.anchor, old.id)).rawPayload.equals(PDF)).toBe(true);

    // No public version for a document that is not BCI.
    const plain = must(await upload(p.anchor, p.id, { title: 'Brochure' }, { name: 'b.pdf', content: PDF }), 201, 'plain').body;
    expectProblem(await upload(p.anchor, p.id, { documentId: plain.id, variant: 'public' }, { name: 'b.pdf', content: PDF }), 422, 'INVALID_UPLOAD');

    // What other modules get: before any submission nothing is public; the working material with both versions.
    expect(await documentsOfProposal(h().deps, p.id, { publicOnly: true })).toEqual([]);
    const all = await documentsOfProposal(h().deps, p.id, { publicOnly: false });
    const plan = all.find((d) => d.id === first.id)!;
    expect(plan).toMatchObject({ bci: true, currentVersion: 2, full: { version: 2 }, public: { variant: 'public' } });
    const opened = await openDocumentVersion(h().deps, plan.public!.id);
    const bytes: Buffer[] = [];
    for await (const c of opened.stream) bytes.push(c as Buffer);
    expect(Buffer.concat(bytes).equals(PDF)).toBe(true);

    // Marking: clearing the mark, and marking again needs a justification.
    const cleared = must(await p.anchor.patch(`/api/v1/documents/${plain.id}`, { bci: true, bciJustification: 'Customer names' }), 200, 'mark').body;
    expect(cleared).toMatchObject({ bci: true, bciJustification: 'Customer names', public: null });
    expectProblem(await p.anchor.patch(`/api/v1/documents/${plain.id}`, { bci: true, bciJustification: null }), 422, 'INVALID_MARKING');
    expect(must(await p.anchor.patch(`/api/v1/documents/${plain.id}`, { bci: false }), 200, 'unmark').body).toMatchObject({ bci: false, bciJustification: null });
    const marked = await auditEvents('document.marked');
    expect(marked.some((e) => e.data.documentId === plain.id)).toBe(true);
  });

  it('deletes a draft’s document softly; its versions are no longer listed or downloadable', async () => {
    const doc = must(await upload(p.anchor, p.id, { title: 'Mistake' }, { name: 'm.pdf', content: PDF }), 201, 'upload').body;
    const blobsBefore = await stored();
    expect((await p.anchor.delete(`/api/v1/documents/${doc.id}`)).status).toBe(204);
    const list = must(await p.anchor.get(`/api/v1/proposals/${p.id}/documents`), 200, 'list').body;
    expect(list.items.map((d: { id: string }) => d.id)).not.toContain(doc.id);
    expect((await download(p.anchor, doc.full.id)).statusCode).toBe(404);
    expectProblem(await p.anchor.delete(`/api/v1/documents/${doc.id}`), 404, 'NOT_FOUND');
    // Soft: the row and the bytes stay for the records schedule.
    const row = await h().deps.db.db.selectFrom('documents').select('deleted_at').where('id', '=', doc.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(await stored()).toEqual(blobsBefore);
    expect((await auditEvents('document.deleted')).some((e) => e.data.documentId === doc.id)).toBe(true);
  });

  it('another consortium gets 404 on upload, list, download, marking and deleting; nothing is stored', async () => {
    const doc = must(await upload(p.anchor, p.id, { title: 'Private' }, { name: 'p.pdf', content: PDF }), 201, 'upload').body;
    const before = await stored();
    expectProblem(await upload(other, p.id, { title: 'Intruder' }, { name: 'i.pdf', content: PDF }), 404, 'NOT_FOUND');
    expectProblem(await other.get(`/api/v1/proposals/${p.id}/documents`), 404, 'NOT_FOUND');
    expect((await download(other, doc.full.id)).statusCode).toBe(404);
    expectProblem(await other.patch(`/api/v1/documents/${doc.id}`, { bci: false }), 404, 'NOT_FOUND');
    expectProblem(await other.delete(`/api/v1/documents/${doc.id}`), 404, 'NOT_FOUND');
    expect(await stored()).toEqual(before);
    // Government users do not see a draft either; a government role may not upload at all (refused before the body is read).
    const po = await session(h(), PROGRAM_OFFICER);
    expect((await download(po, doc.full.id)).statusCode).toBe(404);
    expectProblem(await upload(po, p.id, { title: 'Office' }, { name: 'o.pdf', content: PDF }), 403, 'FORBIDDEN');
    // Without a session: 401 before the body is read.
    const anon = await h().app.inject({ method: 'GET', url: `/api/v1/documents/versions/${doc.full.id}/download` });
    expect(anon.statusCode).toBe(401);
  });

  it('a member that edits only its own components changes only its own company’s documents', async () => {
    const anchors = must(await upload(p.anchor, p.id, { title: 'Anchor’s' }, { name: 'a.pdf', content: PDF }), 201, 'anchor upload').body;
    const members = must(await upload(p.member, p.id, { title: 'Member’s' }, { name: 'm.pdf', content: PDF }), 201, 'member upload').body;
    expect(members.editable).toBe(true);
    const seen = must(await p.member.get(`/api/v1/proposals/${p.id}/documents`), 200, 'member list').body.items;
    expect(seen.find((d: { id: string }) => d.id === anchors.id).editable).toBe(false);
    expectProblem(await upload(p.member, p.id, { documentId: anchors.id }, { name: 'a2.pdf', content: PDF }), 403, 'FORBIDDEN');
    expectProblem(await p.member.delete(`/api/v1/documents/${anchors.id}`), 403, 'FORBIDDEN');
    expect((await p.anchor.delete(`/api/v1/documents/${members.id}`)).status).toBe(204);
  });

  it('documents its routes: the multipart upload with its fields, the list, the binary download', async () => {
    const doc = JSON.parse((await h().app.inject({ method: 'GET', url: '/docs/json' })).body) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const up = doc.paths['/api/v1/proposals/{id}/documents']!.post!;
    const form = up.requestBody!.content['multipart/form-data']!.schema;
    expect(Object.keys(form.properties ?? {})).toEqual(expect.arrayContaining(['attachmentType', 'title', 'bci', 'bciJustification', 'variant', 'documentId', 'file']));
    expect(up.responses['201']!.content).toHaveProperty(['application/json']);
    expect(doc.paths['/api/v1/documents/versions/{versionId}/download']!.get!.responses['200']!.content).toHaveProperty(['application/octet-stream']);
  });

  it('sweeps a blob an interrupted upload left behind, after a day, and nothing else', async () => {
    const clock = h().deps.clock;
    clock.advance(-2 * 86_400_000);
    const left = await blobStoreOf(h().deps).put((async function* () {
      yield Buffer.from('half an upload');
    })());
    clock.advance(2 * 86_400_000);
    const fresh = await blobStoreOf(h().deps).put((async function* () {
      yield Buffer.from('an upload under way');
    })());
    const before = await stored();
    expect(await deleteOrphanBlobs(h().deps)).toBe(1);
    expect(await stored()).toEqual({ blobs: before.blobs - 1, chunks: before.chunks - 1 });
    const remaining = (await h().deps.db.db.selectFrom('blobs').select('id').execute()).map((b) => b.id);
    expect(remaining).not.toContain(left.id);
    expect(remaining).toContain(fresh.id);
    await blobStoreOf(h().deps).delete(fresh.id);
    // Every document's bytes are still there.
    const list = must(await p.anchor.get(`/api/v1/proposals/${p.id}/documents`), 200, 'list').body;
    for (const d of list.items as { full: { id: string; sha256: string } }[]) {
      const dl = await download(p.anchor, d.full.id);
      expect(sha(dl.rawPayload)).toBe(d.full.sha256);
    }
  });

  describe('after submission', () => {
    let s: FactoryProposal;
    let submittedDoc: { id: string; full: { id: string } };

    beforeAll(async () => {
      s = await createProposal(h(), 'draft');
      submittedDoc = must(await upload(s.anchor, s.id, { title: 'Submitted annex', bci: 'true', bciJustification: 'Trade secrets' }, { name: 'annex.pdf', content: PDF }), 201, 'upload').body;
      must(await upload(s.anchor, s.id, { documentId: submittedDoc.id, variant: 'public' }, { name: 'annex-public.pdf', content: PDF }), 201, 'public version');
      must(await upload(s.anchor, s.id, { title: 'Open brochure' }, { name: 'brochure.pdf', content: PNG }), 201, 'plain');
      must(await s.anchor.post(`/api/v1/proposals/${s.id}/submit`, {}), 200, 'submit');
      must(await s.po.post(`/api/v1/proposals/${s.id}/transitions`, { action: 'start_eligibility' }), 200, 'eligibility');
    });

    it('documents are frozen with the submitted proposal (409), and the program office reads and downloads them, audited', async () => {
      const before = await stored();
      expectProblem(await upload(s.anchor, s.id, { title: 'Late' }, { name: 'l.pdf', content: PDF }), 409, 'PROPOSAL_IMMUTABLE');
      expectProblem(await s.anchor.patch(`/api/v1/documents/${submittedDoc.id}`, { bci: false }), 409, 'PROPOSAL_IMMUTABLE');
      expect(await stored()).toEqual(before);

      const list = must(await s.po.get(`/api/v1/proposals/${s.id}/documents`), 200, 'po list').body;
      expect(list.source).toBe('submitted');
      expect(list.editable).toBe(false);
      expect(list.items).toHaveLength(2);
      const dl = await download(s.po, submittedDoc.full.id);
      expect(dl.statusCode).toBe(200);
      const events = await auditEvents('document.downloaded');
      const mine = events.filter((e) => e.data.versionId === submittedDoc.full.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.at(-1)).toMatchObject({ entity_type: 'proposal', entity_id: s.id, data: { documentId: submittedDoc.id, version: 1, variant: 'full', bci: true } });
      const poId = (await h().deps.db.db.selectFrom('users').select('id').where('email', '=', PROGRAM_OFFICER).executeTakeFirstOrThrow()).id;
      expect(mine.at(-1)!.actor_id).toBe(poId);

      // Public material now: the BCI document by its public version only, the other as it is.
      const pub = await documentsOfProposal(h().deps, s.id, { publicOnly: true });
      expect(pub).toHaveLength(2);
      for (const d of pub) expect(d.full).toBeNull();
      expect(pub.find((d) => d.id === submittedDoc.id)!.public).toMatchObject({ variant: 'public', fileName: 'annex-public.pdf' });
      expect(pub.find((d) => d.id !== submittedDoc.id)!.public).toMatchObject({ variant: 'full', mimeType: 'image/png' });
    });

    it('an assigned reviewer downloads; a conflicted reviewer gets 404 on every document', async () => {
      const emails = ['reviewer@state.example', 'reviewer@war.example'];
      const users = await h().deps.db.db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
      must(await s.po.post(`/api/v1/proposals/${s.id}/reviews`, { reviewerIds: users.map((u) => u.id) }), 201, 'assign reviewers');
      const assignments = must(await s.po.get(`/api/v1/proposals/${s.id}/reviews`), 200, 'panel').body.assignments as { id: string; reviewer: { id: string } }[];
      const reviewer = async (email: string) => ({
        client: await session(h(), email),
        assignmentId: assignments.find((a) => a.reviewer.id === users.find((u) => u.email === email)!.id)!.id,
      });
      const state = await reviewer('reviewer@state.example');
      const war = await reviewer('reviewer@war.example');
      must(await state.client.post(`/api/v1/reviews/${state.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, 'no conflict');
      must(await war.client.post(`/api/v1/reviews/${war.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'Former adviser.' }), 200, 'conflict');

      const seen = must(await state.client.get(`/api/v1/proposals/${s.id}/documents`), 200, 'reviewer list').body;
      expect(seen.items).toHaveLength(2);
      const dl = await download(state.client, submittedDoc.full.id);
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(PDF)).toBe(true);

      expectProblem(await war.client.get(`/api/v1/proposals/${s.id}/documents`), 404, 'NOT_FOUND');
      for (const d of seen.items as { history: { id: string }[] }[]) {
        for (const v of d.history) expect((await download(war.client, v.id)).statusCode).toBe(404);
      }
    });

    it('after a return for information, the consortium works on new versions the government does not see until resubmitted', async () => {
      must(await s.po.post(`/api/v1/proposals/${s.id}/transitions`, { action: 'return_for_information', note: 'Please update the annex.' }), 200, 'return');
      const v2 = must(await upload(s.anchor, s.id, { documentId: submittedDoc.id }, { name: 'annex-v2.pdf', content: Buffer.concat([PDF, Buffer.from('% v2\n')]) }), 201, 'v2').body;
      expect(v2.currentVersion).toBe(2);
      // The submitted document cannot be deleted; a new one can.
      expectProblem(await s.anchor.delete(`/api/v1/documents/${submittedDoc.id}`), 409, 'DOCUMENT_SUBMITTED');
      const fresh = must(await upload(s.anchor, s.id, { title: 'New evidence' }, { name: 'n.pdf', content: PDF }), 201, 'new').body;

      const po = must(await s.po.get(`/api/v1/proposals/${s.id}/documents`), 200, 'po list').body;
      expect(po.items.map((d: { id: string }) => d.id)).not.toContain(fresh.id);
      expect(po.items.find((d: { id: string }) => d.id === submittedDoc.id).full.version).toBe(1);
      expect((await download(s.po, v2.full.id)).statusCode).toBe(404);

      expect((await s.anchor.delete(`/api/v1/documents/${fresh.id}`)).status).toBe(204);
      must(await s.anchor.post(`/api/v1/proposals/${s.id}/submit`, {}), 200, 'resubmit');
      const after = must(await s.po.get(`/api/v1/proposals/${s.id}/documents`), 200, 'po list after').body;
      expect(after.items.find((d: { id: string }) => d.id === submittedDoc.id).full.version).toBe(2);
      expect((await download(s.po, v2.full.id)).statusCode).toBe(200);
    });
  });
});

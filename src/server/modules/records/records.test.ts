// The proposal PDF (BCI banners on the pages holding BCI only), the FOIA export (no BCI anywhere in
// it, a manifest of what was withheld) and who may have either.
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { CERTIFICATIONS } from '../../../shared/domain/package.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { createConsortium, factoryPackage, must, PROGRAM_OFFICER, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, type Client, type Harness } from '../../test/harness.ts';
import { extractPdfText } from '../../test/pdf-text.ts';
import { flushAccessLog } from '../access-log/access-log.routes.ts';
import { BCI_BANNER } from './proposal-pdf.ts';
import { pdfPages } from './records.test-helpers.ts';

const MARKER = 'ZQXSECRETMARKER';
const PUBLIC_WORDS = 'Openly shared approach';

/** A small file the upload sniffs as PDF, holding `text`. */
const pdfFile = (text: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\n`, 'latin1'), Buffer.alloc(600, 0x20), Buffer.from('\n%%EOF\n')]);

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----aiep${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(h: Harness, who: Client, proposalId: string, fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const body = multipart(fields, file);
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/v1/proposals/${proposalId}/documents`,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': body.contentType },
    payload: body.payload,
  });
  if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
  return JSON.parse(res.body) as { id: string; full: { id: string }; public: { id: string } | null };
}

/** An open call with two narrative sections and one attachment type. */
async function openCall(h: Harness, po: Client): Promise<string> {
  const now = h.deps.clock.millis();
  const call = must(
    await po.post('/api/v1/calls', {
      title: `Records call ${uniqueWord()}`,
      summary: 'A call for the records tests.',
      opensAt: new Date(now - 15 * 86_400_000).toISOString(),
      closesAt: new Date(now + 200 * 86_400_000).toISOString(),
      requirements: {
        sections: [
          { key: 'approach', title: 'Technical approach', maxWords: 2000, required: true },
          { key: 'commercial', title: 'Commercial terms', maxWords: 2000, required: true },
        ],
        attachmentTypes: [{ key: 'annex', title: 'Annex', required: false, maxBytes: 1_000_000, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: false }],
        bciJustificationRequired: true,
      },
    }),
    201,
    'create call',
  ).body;
  must(await po.post(`/api/v1/calls/${call.id}/publish`, { version: call.version }), 200, 'publish call');
  return call.id as string;
}

export interface RecordsProposal {
  id: string;
  anchor: Client;
  titles: { publicDoc: string; bciDoc: string; bciOnlyDoc: string };
  versions: { publicDoc: string; bciFull: string; bciPublic: string; bciOnly: string };
}

/** A submitted proposal of an open call: public and BCI narratives, public and BCI documents, the marker in every BCI place. */
export async function recordsProposal(h: Harness): Promise<RecordsProposal> {
  const po = await session(h, PROGRAM_OFFICER);
  const callId = await openCall(h, po);
  const c = await createConsortium(h);
  const pkg = factoryPackage();
  pkg.components[0]!.description = `Component detail ${MARKER}`;
  const p = must(
    await c.anchor.post('/api/v1/proposals', { consortiumId: c.id, callId, title: `Records proposal ${uniqueWord()}`, summary: `Summary ${MARKER}`, package: pkg }),
    201,
    'create proposal',
  ).body;
  for (const who of [c.anchor, c.member]) must(await who.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: CERTIFICATIONS }), 200, 'certify');
  must(
    await c.anchor.put(`/api/v1/proposals/${p.id}/narratives/approach`, {
      bodyMarkdown: `# Approach\n\n${PUBLIC_WORDS} with **bold** words.\n\n- first point\n- second point\n\n1. one\n2. two`,
      bci: false,
      expectedRevision: 0,
    }),
    200,
    'public narrative',
  );
  must(
    await c.anchor.put(`/api/v1/proposals/${p.id}/narratives/commercial`, {
      bodyMarkdown: `## Pricing\n\nOur price is ${MARKER} per unit.\n\n${'Confidential terms continue. '.repeat(400)}`,
      bci: true,
      bciJustification: 'Pricing is commercially sensitive',
      expectedRevision: 0,
    }),
    200,
    'bci narrative',
  );
  const titles = { publicDoc: 'Public annex', bciDoc: 'Pricing annex', bciOnlyDoc: 'Board minutes' };
  const pub = await upload(h, c.anchor, p.id, { attachmentType: 'annex', title: titles.publicDoc, bci: 'false' }, { name: 'public-annex.pdf', content: pdfFile('public annex text') });
  const bci = await upload(h, c.anchor, p.id, { attachmentType: 'annex', title: titles.bciDoc, bci: 'true', bciJustification: 'prices' }, { name: `pricing-${MARKER}.pdf`, content: pdfFile(`prices ${MARKER}`) });
  const red = await upload(h, c.anchor, p.id, { documentId: bci.id, variant: 'public' }, { name: 'pricing-redacted.pdf', content: pdfFile('prices redacted') });
  const only = await upload(h, c.anchor, p.id, { attachmentType: 'annex', title: titles.bciOnlyDoc, bci: 'true', bciJustification: 'internal' }, { name: 'minutes.pdf', content: pdfFile(`minutes ${MARKER}`) });
  must(await c.anchor.post(`/api/v1/proposals/${p.id}/submit`, {}), 200, 'submit');
  return { id: p.id, anchor: c.anchor, titles, versions: { publicDoc: pub.full.id, bciFull: bci.full.id, bciPublic: red.public!.id, bciOnly: only.full.id } };
}

const banners = (page: string) => page.split(BCI_BANNER).length - 1;

describeEachDb('records: proposal PDF and FOIA export', (h) => {
  let p: RecordsProposal;
  let po: Client;

  beforeAll(async () => {
    p = await recordsProposal(h());
    po = await session(h(), PROGRAM_OFFICER);
  });

  async function get(who: Client, url: string) {
    return h().app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  }

  it('renders the proposal with the BCI banner at top and bottom of exactly the pages holding BCI', async () => {
    for (const who of [p.anchor, po]) {
      const res = await get(who, `/api/v1/proposals/${p.id}/pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(String(res.headers['content-disposition'])).toContain(`proposal-${p.id}.pdf`);
      const pages = pdfPages(res.rawPayload);
      expect(pages.length).toBeGreaterThan(4);
      // The cover: title, consortium, call, revision; no BCI, no banner.
      expect(pages[0]).toContain('Records proposal');
      expect(pages[0]).toContain('Records call');
      expect(pages[0]).toMatch(/Revision 1/);
      expect(banners(pages[0]!)).toBe(0);
      // The public narrative's page: Markdown rendered as text, no banner.
      const publicPage = pages.find((t) => t.includes(PUBLIC_WORDS))!;
      expect(publicPage).toContain('first point');
      expect(publicPage).not.toContain('**');
      expect(banners(publicPage)).toBe(0);
      // Every page holding the marker (the BCI narrative runs over several) carries the banner twice.
      const secretPages = pages.filter((t) => t.includes(MARKER) || t.includes('Confidential terms continue'));
      expect(secretPages.length).toBeGreaterThan(1);
      for (const t of secretPages) expect(banners(t)).toBe(2);
      // The package tables (values, US content) and the attachments list (a BCI document) hold BCI.
      const pkgPage = pages.find((t) => t.includes('US content'))!;
      expect(banners(pkgPage)).toBe(2);
      const attachments = pages.find((t) => t.includes('Attachments'))!;
      expect(attachments).toContain(p.titles.publicDoc);
      expect(attachments).toContain('sha256');
      expect(banners(attachments)).toBe(2);
      // No page without BCI content carries it.
      for (const t of pages) if (banners(t) > 0) expect(t.includes(MARKER) || t.includes('Confidential terms') || t.includes('US content') || t.includes('Business confidential') || t.includes('business confidential')).toBe(true);
    }
  });

  it('answers 404 to a company outside the consortium and 401 without a login', async () => {
    const other = await session(h(), 'anchor@meridian.example');
    expect((await get(other, `/api/v1/proposals/${p.id}/pdf`)).statusCode).toBe(404);
    expect((await h().app.inject({ method: 'GET', url: `/api/v1/proposals/${p.id}/pdf` })).statusCode).toBe(401);
    expect((await get(po, '/api/v1/proposals/no-such-proposal/pdf')).statusCode).toBe(404);
  });

  it('exports the public material only, lists what was withheld, and records the export in the access log', async () => {
    const res = await get(po, `/api/v1/proposals/${p.id}/foia-export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files);
    expect(names).toContain('manifest.json');
    // No BCI anywhere: every file's bytes, and the text of every PDF.
    for (const [name, bytes] of Object.entries(files)) {
      const raw = Buffer.from(bytes);
      expect(raw.toString('latin1'), name).not.toContain(MARKER);
      if (name.endsWith('.pdf') && raw.subarray(0, 5).toString() === '%PDF-' && name.startsWith('proposal-')) {
        const text = extractPdfText(raw);
        expect(text).toContain(PUBLIC_WORDS);
        expect(text).not.toContain(MARKER);
        expect(text).not.toContain('Confidential terms');
        expect(text).not.toContain(BCI_BANNER);
        expect(text).not.toContain('Infrastructure layer:');
      }
    }
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    const withheld = manifest.withheld.map((w: { name: string; reason: string }) => `${w.name} — ${w.reason}`).join('\n');
    expect(withheld).toContain('Commercial terms');
    expect(withheld).toContain(p.titles.bciDoc);
    expect(withheld).toContain(p.titles.bciOnlyDoc);
    expect(withheld).toContain('withheld: business confidential');
    expect(withheld).not.toContain('Technical approach');
    // Released: the public annex as it is and the BCI annex's public version — never a full BCI version.
    const released = manifest.released.map((r: { document: string }) => r.document);
    expect(released).toContain(p.titles.publicDoc);
    expect(released).toContain(p.titles.bciDoc);
    expect(released).not.toContain(p.titles.bciOnlyDoc);
    const docFiles = names.filter((n) => n.startsWith('documents/'));
    expect(docFiles).toHaveLength(2);
    expect(docFiles.map((n) => Buffer.from(files[n]!).toString('latin1')).join('\n')).toContain('prices redacted');

    // Recorded in the access log: who exported which proposal.
    await flushAccessLog(h().app);
    const logged = await h().deps.db.db.selectFrom('access_log').selectAll().where('route', '=', '/api/v1/proposals/:id/foia-export').where('entity_id', '=', p.id).execute();
    expect(logged).toContainEqual(expect.objectContaining({ status: 200, user_id: expect.any(String) }));
  });

  it('lets auditors export; refuses the consortium itself, reviewers and other companies (403) and unknown proposals (404)', async () => {
    expect((await get(await session(h(), 'auditor@oig.example'), `/api/v1/proposals/${p.id}/foia-export`)).statusCode).toBe(200);
    for (const who of [p.anchor, await session(h(), 'anchor@meridian.example'), await session(h(), 'reviewer@state.example')]) {
      const res = await get(who, `/api/v1/proposals/${p.id}/foia-export`);
      expect(res.statusCode).toBe(403);
    }
    const res = await po.get('/api/v1/proposals/no-such-proposal/foia-export');
    expectProblem(res, 404, 'NOT_FOUND');
  });
});

// A proposal as one PDF: the cover (package title, consortium, call, revision, generation time), the
// narratives (Markdown rendered to headings, paragraphs and lists), the package tables and the list
// of attachments. Every page that holds business-confidential information carries the BCI banner at
// its top and bottom; pages without any do not. The same renderer writes the public PDF of a FOIA
// export, which is given public material only (and so carries no banner).
import { marked, type Token, type Tokens } from 'marked';
import type { NarrativeView } from '../../../shared/contracts/calls.ts';
import type { DocumentView, DocumentVersionView } from '../../../shared/contracts/documents.ts';
import { createPdf } from '../../lib/pdf.ts';

export const BCI_BANNER = 'BUSINESS CONFIDENTIAL INFORMATION — do not release without the submitter’s consent';

/** What the PDF shows; the caller decides (by the viewer's rights, or public-only for FOIA) what is in it. */
export interface ProposalRecord {
  id: string;
  title: string;
  /** Printed with the confidential package tables (the public description is not the summary). */
  summary: string | null;
  consortium: { name: string; members: { name: string; country: string; role: string }[] };
  call: { id: string; title: string } | null;
  revision: number;
  state: string;
  submittedAt: string | null;
  generatedAt: string;
  generatedFor: string | null;
  narratives: NarrativeView[];
  /** Layers and target countries: public facts of a package. */
  layers: string[];
  countries: string[];
  /** The confidential package tables; null when withheld (FOIA). */
  confidential: {
    components: { name: string; layer: string; category: string; supplier: string; countryOfOrigin: string; eccn: string | null; unitValueUsd: number; quantity: number; usOriginShare: number }[];
    usContent: { share: number | null; totalValueUsd: number; usValueUsd: number; threshold: number; presumptionMet: boolean; citation: string };
    supportRequests: { agency: string; instrument: string; amountUsd: number }[];
  } | null;
  attachments: { typeTitle: string; document: DocumentView }[];
  /** Extra lines of a public export (what was withheld), printed at the end. */
  withheld?: string[];
}

export interface ProposalPdfOptions {
  compress?: boolean;
  heading?: string;
}

const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 1000) / 10}%`);
const bytes = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);

/** The plain text of inline Markdown tokens. */
function inlineText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return decode(fallback);
  return tokens
    .map((t) => {
      if (t.type === 'br') return '\n';
      const nested = (t as { tokens?: Token[] }).tokens;
      if (nested && nested.length) return inlineText(nested, '');
      return decode((t as { text?: string }).text ?? t.raw);
    })
    .join('');
}

export function proposalPdf(rec: ProposalRecord, opts: ProposalPdfOptions = {}): Promise<Buffer> {
  const { doc, done } = createPdf({
    size: 'LETTER',
    margins: { top: 64, bottom: 64, left: 56, right: 56 },
    compress: opts.compress ?? true,
    bufferPages: true,
    info: { Title: `${opts.heading ?? 'Proposal'} — ${rec.title}`, Subject: `Proposal ${rec.id}, revision ${rec.revision}`, Creator: 'aiep' },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // Pages holding BCI: the page a confidential block starts on and every page it runs onto.
  const bciPages = new Set<number>();
  let inBci = false;
  const pageIndex = () => {
    const r = doc.bufferedPageRange();
    return r.start + r.count - 1;
  };
  doc.on('pageAdded', () => {
    if (inBci) bciPages.add(pageIndex());
  });
  const confidential = (fn: () => void) => {
    inBci = true;
    bciPages.add(pageIndex());
    try {
      fn();
    } finally {
      inBci = false;
    }
  };

  const ensureRoom = (h: number) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - h) doc.addPage();
  };
  const heading = (text: string, size = 15) => {
    ensureRoom(60);
    doc.moveDown(0.6).font('bold').fontSize(size).fillColor('#000').text(text, left, doc.y, { width });
    doc.moveDown(0.3).font('body').fontSize(10);
  };
  const para = (text: string, o: { indent?: number; bold?: boolean; size?: number; color?: string } = {}) => {
    doc
      .font(o.bold ? 'bold' : 'body')
      .fontSize(o.size ?? 10)
      .fillColor(o.color ?? '#000')
      .text(text, left + (o.indent ?? 0), doc.y, { width: width - (o.indent ?? 0) });
  };

  const markdown = (md: string) => {
    const walk = (tokens: Token[], indent: number) => {
      for (const t of tokens) {
        switch (t.type) {
          case 'heading': {
            const h = t as Tokens.Heading;
            ensureRoom(40);
            doc.moveDown(0.3);
            para(inlineText(h.tokens, h.text), { bold: true, size: Math.max(10, 14 - h.depth), indent });
            doc.moveDown(0.2);
            break;
          }
          case 'paragraph': {
            const p = t as Tokens.Paragraph;
            para(inlineText(p.tokens, p.text), { indent });
            doc.moveDown(0.4);
            break;
          }
          case 'text': {
            const x = t as Tokens.Text;
            para(inlineText(x.tokens, x.text), { indent });
            break;
          }
          case 'list': {
            const l = t as Tokens.List;
            l.items.forEach((item, i) => {
              const bullet = l.ordered ? `${(Number(l.start) || 1) + i}.` : '•';
              const y = doc.y;
              doc.font('body').fontSize(10).fillColor('#000').text(bullet, left + indent, y, { width: 18 });
              doc.y = y;
              const before = doc.y;
              walkItem(item, indent + 18);
              if (doc.y === before) doc.moveDown(1);
            });
            doc.moveDown(0.4);
            break;
          }
          case 'blockquote':
            walk((t as Tokens.Blockquote).tokens, indent + 14);
            break;
          case 'code':
            para((t as Tokens.Code).text, { indent: indent + 10, color: '#333' });
            doc.moveDown(0.4);
            break;
          case 'table': {
            const tb = t as Tokens.Table;
            para(tb.header.map((c) => inlineText(c.tokens, c.text)).join(' | '), { bold: true, indent });
            for (const row of tb.rows) para(row.map((c) => inlineText(c.tokens, c.text)).join(' | '), { indent });
            doc.moveDown(0.4);
            break;
          }
          case 'hr':
            doc.moveDown(0.5);
            break;
          case 'space':
            break;
          default:
            if ('text' in t && typeof t.text === 'string') para(decode(t.text), { indent });
        }
      }
    };
    const walkItem = (item: Tokens.ListItem, indent: number) => {
      // A tight list item's text is one 'text' token written beside its bullet.
      walk(item.tokens, indent);
    };
    walk(marked.lexer(md), 0);
  };

  // ── Cover ──
  doc.font('bold').fontSize(20).text(opts.heading ?? 'Proposal', left, doc.y, { width });
  doc.moveDown(0.3).font('bold').fontSize(16).text(rec.title, { width });
  doc.moveDown(0.8);
  para(`Consortium: ${rec.consortium.name}`);
  for (const m of rec.consortium.members) para(`${m.name} (${m.country})${m.role === 'anchor' ? ' — anchor' : ''}`, { indent: 14 });
  doc.moveDown(0.4);
  para(`Call: ${rec.call ? rec.call.title : 'none (started before calls)'}`);
  para(`Revision ${rec.revision} · state ${rec.state.replaceAll('_', ' ')}${rec.submittedAt ? ` · submitted ${rec.submittedAt}` : ''}`);
  para(`Generated ${rec.generatedAt}${rec.generatedFor ? ` for ${rec.generatedFor}` : ''}`);
  para(`Proposal ${rec.id}`, { color: '#555' });

  // ── Narratives ──
  // Each section starts a page of its own: a confidential section never shares a page with a public one.
  rec.narratives.forEach((n, i) => {
    doc.addPage();
    const write = () => {
      if (i === 0) heading('Narrative', 16);
      heading(n.title, 13);
      if (n.bci) para(`Business confidential${n.bciJustification ? `: ${n.bciJustification}` : ''}`, { color: '#8a1c1c', size: 9 });
      markdown(n.bodyMarkdown);
    };
    if (n.bci) confidential(write);
    else write();
  });

  // ── Package ──
  doc.addPage();
  heading('Package', 16);
  para(`Layers: ${rec.layers.length ? rec.layers.join(', ') : '—'}`);
  para(`Target countries: ${rec.countries.length ? rec.countries.join(', ') : '—'}`);
  const conf = rec.confidential;
  if (conf) {
    confidential(() => {
      if (rec.summary) {
        heading('Summary', 13);
        para(rec.summary);
      }
      heading('Components', 13);
      for (const c of conf.components) {
        ensureRoom(40);
        para(`${c.name}`, { bold: true });
        para(
          `${c.layer} · ${c.category} · supplier ${c.supplier} · origin ${c.countryOfOrigin} · ECCN ${c.eccn ?? 'not classified'} · ${c.quantity} × ${money(c.unitValueUsd)} · US-origin share ${pct(c.usOriginShare)}`,
          { indent: 14, size: 9 },
        );
      }
      if (!conf.components.length) para('No components.');
      heading('US content', 13);
      para(
        `Infrastructure layer: ${money(conf.usContent.usValueUsd)} of ${money(conf.usContent.totalValueUsd)} US-origin (${pct(conf.usContent.share)}); presumption threshold ${pct(conf.usContent.threshold)} — ${conf.usContent.presumptionMet ? 'met' : 'not met'} [${conf.usContent.citation}]`,
      );
      heading('Support requests', 13);
      for (const s of conf.supportRequests) para(`${s.agency} ${s.instrument}: ${money(s.amountUsd)}`);
      if (!conf.supportRequests.length) para('None.');
    });
  }

  // ── Attachments ──
  doc.addPage();
  heading('Attachments', 16);
  if (!rec.attachments.length) para('No attachments.');
  const versionLine = (v: DocumentVersionView, label: string) => `${label}: ${v.fileName} · ${bytes(v.sizeBytes)} · ${v.mimeType} · version ${v.version} · sha256 ${v.sha256}`;
  for (const a of rec.attachments) {
    const d = a.document;
    const write = () => {
      ensureRoom(50);
      para(`${a.typeTitle} — ${d.title}`, { bold: true });
      if (d.full && (!d.public || d.full.id !== d.public.id)) para(versionLine(d.full, d.bci ? 'Full version (business confidential)' : 'File (public)'), { indent: 14, size: 9 });
      if (d.public) para(versionLine(d.public, d.bci ? 'Public version' : 'File (public)'), { indent: 14, size: 9 });
      if (!d.full && !d.public) para('No file.', { indent: 14, size: 9 });
      doc.moveDown(0.3);
    };
    if (d.bci && d.full) confidential(write);
    else write();
  }

  if (rec.withheld?.length) {
    heading('Withheld', 13);
    for (const w of rec.withheld) para(`• ${w}`);
  }

  // ── Banners and page numbers ──
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (bciPages.has(i)) {
      doc.font('bold').fontSize(8).fillColor('#8a1c1c');
      doc.text(BCI_BANNER, left, 24, { width, align: 'center', lineBreak: false });
      doc.text(BCI_BANNER, left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    }
    doc.font('body').fontSize(8).fillColor('#555').text(`Page ${i + 1 - range.start} of ${range.count}`, left, doc.page.height - 28, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

// The compliance matrix as documents: a CSV of every cell, and a PDF a compliance officer would
// sign (the matrix, every reason with its citation, the screening results, the licenses, and the
// reference-data version and date), in the Unicode font of lib/pdf.ts.
import { csvSafe } from '../../lib/csv.ts';
import { createPdf } from '../../lib/pdf.ts';
import { stringify } from 'csv-stringify/sync';
import type { Determination } from '../../../engines/export-control/index.ts';
import type { CellStatus, ComplianceMatrixView, LicenseView, MatrixPartyView } from '../../../shared/contracts/compliance.ts';

const STATUS_LABEL: Record<CellStatus, string> = {
  clear: 'Clear',
  needs_screening: 'Needs screening',
  needs_information: 'Needs information',
  license_required: 'License required',
  prohibited: 'Prohibited',
};


/** Why a party has no screening result (the matrix screens against the active lists when it is computed). */
const NOT_SCREENED = 'No screening list is active, so this party was not screened; an administrator must import and activate a list.';

const listHitText = (h: MatrixPartyView['listHits'][number]) => (typeof h === 'string' ? h : [h.list ?? h.source, h.name].filter(Boolean).join(': '));
const reasonsText = (d: Determination) => d.reasons.map((r) => `${r.text} [${r.citation}]`).join(' | ');

export function complianceCsv(view: ComplianceMatrixView): string {
  const comp = new Map(view.components.map((c) => [c.id, c]));
  const market = new Map(view.markets.map((m) => [m.code, m]));
  const party = new Map(view.parties.map((p) => [p.id, p]));
  const license = new Map(view.licenses.map((l) => [l.id, l]));
  const header = [
    'component_id',
    'component',
    'eccn',
    'applied_eccn',
    'market',
    'market_name',
    'party',
    'party_country',
    'party_roles',
    'party_list_hits',
    'status',
    'license_required',
    'reasons',
    'license_exceptions',
    'review_policy',
    'red_flags',
    'needs_information',
    'licenses',
    'reference_data_version',
    'as_of',
    'assumptions',
    'conditions',
  ];
  const rows = view.cells.map((c) => {
    const d = view.determinations[c.determination]!;
    const p = c.partyId ? party.get(c.partyId) : undefined;
    const k = comp.get(c.componentId);
    return [
      c.componentId,
      k?.name ?? '',
      k?.eccn ?? '',
      d.appliedEccn,
      c.market,
      market.get(c.market)?.name ?? '',
      p?.name ?? '',
      p?.country ?? '',
      p?.roles.join('+') ?? '',
      p ? (p.screened ? p.listHits.map(listHitText).join('; ') : 'not screened: no screening list is active') : '',
      c.status,
      String(d.licenseRequired ?? 'unknown'),
      reasonsText(d),
      d.exceptions.map((e) => `${e.code}: ${e.conditions} [${e.citation}]`).join(' | '),
      d.reviewPolicy ?? '',
      d.redFlags.map((f) => `${f.text} [${f.citation}]`).join(' | '),
      (d.needsInformation ?? []).join('; '),
      c.licenseIds
        .map((id) => license.get(id))
        .filter((l): l is LicenseView => !!l)
        .map((l) => `${l.status}${l.bisApplicationNumber ? ` ${l.bisApplicationNumber}` : ''}`)
        .join('; '),
      view.referenceData.version,
      view.asOf,
      // Defaults used for missing facts, and the answer should a missing fact turn out otherwise.
      (d.assumptions ?? []).map((a) => `${a.fact} = ${a.assumed}: ${a.text}${a.citation ? ` [${a.citation}]` : ''}`).join(' | '),
      (d.conditions ?? []).map((x) => `${x.text} [${x.citation}]`).join(' | '),
    ].map(csvSafe);
  });
  return stringify([header, ...rows]);
}

// ---- PDF --------------------------------------------------------------------------------------

const FILL: Record<CellStatus, string> = { clear: '#dafbe1', needs_screening: '#ddf4ff', needs_information: '#fff8c5', license_required: '#ffe2c2', prohibited: '#ffc1c0' };

export interface PdfOptions {
  /** Leave streams uncompressed (tests read the text back). */
  compress?: boolean;
  generatedBy?: string;
}

export function compliancePdf(view: ComplianceMatrixView, opts: PdfOptions = {}): Promise<Buffer> {
  const { doc, done } = createPdf({
    size: 'LETTER',
    layout: 'landscape',
    margins: { top: 48, bottom: 54, left: 48, right: 48 },
    compress: opts.compress ?? true,
    bufferPages: true,
    info: {
      Title: `Export-control compliance matrix — ${view.proposalTitle}`,
      Subject: `Proposal ${view.proposalId}; reference data ${view.referenceData.version}`,
      Creator: 'aiep',
    },
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  const heading = (text: string, size = 14) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
    doc.moveDown(0.6).font('bold').fontSize(size).fillColor('#000').text(text, left, doc.y, { width });
    doc.moveDown(0.3).font('body').fontSize(9.5);
  };
  const para = (text: string, o: { indent?: number; bold?: boolean; size?: number; color?: string } = {}) => {
    doc
      .font(o.bold ? 'bold' : 'body')
      .fontSize(o.size ?? 9.5)
      .fillColor(o.color ?? '#000')
      .text(text, left + (o.indent ?? 0), doc.y, { width: width - (o.indent ?? 0) });
  };

  const comp = new Map(view.components.map((c) => [c.id, c]));
  const party = new Map(view.parties.map((p) => [p.id, p]));
  const license = new Map(view.licenses.map((l) => [l.id, l]));
  const marketName = new Map(view.markets.map((m) => [m.code, m.name]));
  const key = (componentId: string, market: string) => `${componentId}\u0000${market}`;
  const gridOf = new Map(view.grid.map((g) => [key(g.componentId, g.market), g]));
  const cellsOf = new Map<string, ComplianceMatrixView['cells']>();
  for (const cell of view.cells) {
    const k = key(cell.componentId, cell.market);
    const list = cellsOf.get(k);
    if (list) list.push(cell);
    else cellsOf.set(k, [cell]);
  }

  // Title block
  doc.font('bold').fontSize(18).text('Export-control compliance determination', left, doc.y, { width });
  doc.font('body').fontSize(11).text(view.proposalTitle, { width });
  doc.moveDown(0.5);
  para(`Proposal ${view.proposalId} · state ${view.proposalState.replaceAll('_', ' ')}`);
  para(`Determinations as of ${view.asOf}; computed ${view.computedAt}${opts.generatedBy ? ` for ${opts.generatedBy}` : ''}`);
  para(
    `Reference data: version ${view.referenceData.version}, effective ${view.referenceData.effectiveDate} (${view.referenceData.source === 'shipped' ? 'shipped with aiep' : `imported ${view.referenceData.importedAt ?? ''}`})`,
    { bold: true },
  );
  const c = view.package.counts;
  para(
    `Package status: ${STATUS_LABEL[view.status].toUpperCase()} — ${c.prohibited} prohibited, ${c.license_required} license required, ${c.needs_information} needs information, ${c.needs_screening} needs screening, ${c.clear} clear, over ${view.cells.length} cell(s) (component × market × party).`,
    { bold: true },
  );

  // The matrix: components × markets, the worst status over each square's parties.
  heading('1. Compliance matrix (components × markets)');
  para('Each square shows the worst outcome over the build, own and operate parties of that market. Status is written out; colour only repeats it.', { color: '#333' });
  doc.moveDown(0.4);
  const perTable = 6;
  for (let start = 0; start < view.markets.length || start === 0; start += perTable) {
    const markets = view.markets.slice(start, start + perTable);
    const header = [{ text: 'Component (ECCN)', type: 'TH' as const, font: { src: 'bold' } }, ...markets.map((m) => ({ text: `${m.code} ${m.name}`, type: 'TH' as const, font: { src: 'bold' } }))];
    const rows = view.components.map((k) => [
      `${k.name} (${k.eccn ?? 'unclassified'})`,
      ...markets.map((m) => {
        const g = gridOf.get(key(k.id, m.code))!;
        return { text: STATUS_LABEL[g.status], backgroundColor: FILL[g.status] };
      }),
    ]);
    doc.font('body').fontSize(8.5);
    doc.table({ position: { x: left }, maxWidth: width, columnStyles: [Math.min(260, width * 0.34), ...markets.map(() => '*')], data: [header, ...rows] });
    doc.moveDown(0.6);
    if (view.markets.length === 0) break;
  }

  // Every square's determinations with reasons and citations.
  heading('2. Determinations, reasons and citations');
  for (const k of view.components) {
    for (const m of view.markets) {
      const cells = cellsOf.get(key(k.id, m.code)) ?? [];
      const g = gridOf.get(key(k.id, m.code))!;
      if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
      para(`${k.name} [${k.id}, ${k.eccn ?? 'unclassified'}] → ${m.code} ${marketName.get(m.code)}: ${STATUS_LABEL[g.status]}`, { bold: true, size: 10 });
      // Parties with the same determination and status are listed together (an unscreened one apart).
      const groups = new Map<string, { di: number; status: CellStatus; partyIds: (string | null)[] }>();
      for (const cell of cells) {
        const g = groups.get(`${cell.determination}|${cell.status}`) ?? { di: cell.determination, status: cell.status, partyIds: [] };
        g.partyIds.push(cell.partyId);
        groups.set(`${cell.determination}|${cell.status}`, g);
      }
      for (const { di, status, partyIds } of groups.values()) {
        const d = view.determinations[di]!;
        const who = partyIds
          .map((id) => (id ? `${party.get(id)?.name} (${party.get(id)?.roles.join(', ')})` : 'no party declared for this market'))
          .join('; ');
        para(`Parties: ${who} — ${STATUS_LABEL[status]}${d.appliedEccn && d.appliedEccn !== k.eccn ? ` (applied ECCN ${d.appliedEccn})` : ''}`, { indent: 12 });
        for (const r of d.reasons) para(`• ${r.text} — ${r.citation}`, { indent: 24, size: 9 });
        for (const e of d.exceptions) para(`Exception ${e.code} (${e.name}): ${e.conditions} — ${e.citation}`, { indent: 24, size: 9 });
        if (d.reviewPolicy) para(`Review policy: ${d.reviewPolicy}`, { indent: 24, size: 9 });
        for (const f of d.redFlags) para(`Red flag: ${f.text} — ${f.citation}`, { indent: 24, size: 9, color: '#7d4e00' });
        for (const n of d.needsInformation ?? []) para(`Needs information: ${n}`, { indent: 24, size: 9, color: '#7d4e00' });
        for (const a of d.assumptions ?? []) para(`Assumed: ${a.text}${a.citation ? ` — ${a.citation}` : ''}`, { indent: 24, size: 9, color: '#7d4e00' });
        for (const x of d.conditions ?? []) para(`Condition: ${x.text} — ${x.citation}`, { indent: 24, size: 9 });
        if (status === 'needs_screening') para(`Needs screening: ${NOT_SCREENED}`, { indent: 24, size: 9, color: '#7d4e00' });
        if (d.literalOutcome)
          para(`Under the literal CFR text (${d.literalOutcome.basis}): license required ${String(d.literalOutcome.licenseRequired)} — ${d.literalOutcome.reasons.map((r) => r.citation).join('; ')}`, { indent: 24, size: 9 });
      }
      const ls = g.licenseIds.map((id) => license.get(id)).filter((l): l is LicenseView => !!l);
      for (const l of ls) para(`License: ${l.status.replaceAll('_', ' ')}${l.bisApplicationNumber ? `, BIS application ${l.bisApplicationNumber}` : ''}${l.expiresAt ? `, expires ${l.expiresAt}` : ''}`, { indent: 12, size: 9 });
      doc.moveDown(0.4);
    }
  }

  // Screening results of the parties.
  heading('3. Parties and screening results');
  if (!view.parties.length) para('No build, own or operate parties are declared in the operating model.');
  else {
    doc.font('body').fontSize(8.5);
    doc.table({
      position: { x: left },
      maxWidth: width,
      columnStyles: ['*', 70, 110, 120, '*'],
      data: [
        ['Party', 'Country', 'Roles', 'Markets', 'Screening result'].map((t) => ({ text: t, type: 'TH' as const, font: { src: 'bold' } })),
        ...view.parties.map((p) => [
          p.name,
          p.country,
          p.roles.join(', '),
          view.markets
            .filter((m) => m.partyIds.includes(p.id))
            .map((m) => m.code)
            .join(', '),
          !p.screened ? `Not screened. ${NOT_SCREENED}` : p.listHits.length ? `Hits: ${p.listHits.map(listHitText).join('; ')}` : 'Screened: no list hits',
        ]),
      ],
    });
  }

  // Licenses
  heading('4. License records');
  if (!view.licenses.length) para('No license records.');
  else {
    doc.font('body').fontSize(8.5);
    doc.table({
      position: { x: left },
      maxWidth: width,
      columnStyles: ['*', 60, '*', 90, 100, 70, '*'],
      data: [
        ['Component', 'Market', 'Party', 'Status', 'BIS application', 'Expires', 'Conditions'].map((t) => ({ text: t, type: 'TH' as const, font: { src: 'bold' } })),
        ...view.licenses.map((l) => [
          `${comp.get(l.componentId)?.name ?? l.componentId}${l.orphaned ? ' (no longer in the package)' : ''}`,
          l.market,
          l.partyId ? (party.get(l.partyId)?.name ?? l.partyId) : 'all parties',
          l.status.replaceAll('_', ' '),
          l.bisApplicationNumber ?? '—',
          l.expiresAt ?? '—',
          l.conditions.join('; ') || '—',
        ]),
      ],
    });
  }

  // Sign-off
  heading('5. Review and sign-off');
  para(
    `I have reviewed the determinations above, made under export-control reference data version ${view.referenceData.version} (effective ${view.referenceData.effectiveDate}) as of ${view.asOf}, and the screening results of the parties named.`,
  );
  doc.moveDown(1.2);
  for (const label of ['Name', 'Title', 'Signature', 'Date']) {
    const y = doc.y;
    doc.font('body').fontSize(10).text(`${label}:`, left, y);
    doc.moveTo(left + 70, y + 11).lineTo(left + 380, y + 11).strokeColor('#000').stroke();
    doc.moveDown(1.4);
  }

  // Footer on every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor('#555')
      .text(`aiep · proposal ${view.proposalId} · reference data ${view.referenceData.version} (${view.referenceData.effectiveDate}) · page ${i + 1} of ${range.count}`, left, doc.page.height - 34, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

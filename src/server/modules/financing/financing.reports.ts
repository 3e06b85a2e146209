// The portfolio as a PDF that reads like a report: a title with scope and date, numbered sections,
// every key in words (agency, country, layer and instrument names, stages and states), money
// formatted, and bar charts drawn with pdfkit's vector primitives (no images, nothing fetched).
import { createPdf } from '../../lib/pdf.ts';
import { AGENCY_NAMES, type Agency } from '../../../shared/domain/roles.ts';
import { committedLayerLabel, committedMonthLabel } from '../../../shared/contracts/financing.ts';
import { DEAL_STAGES, FINANCING_STATES } from '../../../shared/domain/financing-lifecycle.ts';
import { countryName } from '../../../shared/reference/geography.ts';
import { INSTRUMENTS, type getDeal, type listDeals, type listRequests, type portfolio } from './financing.service.ts';

type Portfolio = Awaited<ReturnType<typeof portfolio>>;
type Deals = Awaited<ReturnType<typeof listDeals>>;
type Requests = Awaited<ReturnType<typeof listRequests>>;
export type DealDetail = Awaited<ReturnType<typeof getDeal>>;

const usd = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }));

// ── Labels ───────────────────────────────────────────────────────────────────────────────
// The stages, states and sectors have no label table of their own: their keys are plain words.
const words = (key: string) => key.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
const agencyName = (code: string) => AGENCY_NAMES[code as Agency] ?? code;
const instrumentName = (agency: string, instrument: string) =>
  (INSTRUMENTS.agencies as Record<string, { instruments: Record<string, { name: string }> } | undefined>)[agency]?.instruments[instrument]?.name ?? words(instrument);
const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const scopeName = (scope: string) => (scope === 'program' ? 'the whole program' : scope === 'applicant' ? 'the packages of your consortia' : agencyName(scope));
const days = (n: number) => `${Math.round(n)} day${Math.round(n) === 1 ? '' : 's'}`;

interface Datum {
  label: string;
  value: number;
}

const largestFirst = (tally: Record<string, number>, label: (key: string) => string): Datum[] =>
  Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => ({ label: label(k), value: v }));
/** In a fixed order (stages, states), keeping only the keys present. */
const inOrder = (tally: Record<string, number>, order: readonly string[]): Datum[] => order.filter((k) => tally[k]).map((k) => ({ label: words(k), value: tally[k]! }));

const PAGE_MARGIN = 48;
const BAR_COLOR = '#0b4f8a';
const AXIS_COLOR = '#8a96a3';
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 96;
const BAR_HEIGHT = 11;
const ROW_HEIGHT = 16;

export function portfolioPdf(p: Portfolio, deals: Deals, requests: Requests, opts: { compress?: boolean; generatedBy: string; generatedAt: string }): Promise<Buffer> {
  const { doc, done } = createPdf({
    size: 'LETTER',
    margins: { top: PAGE_MARGIN, bottom: 54, left: PAGE_MARGIN, right: PAGE_MARGIN },
    compress: opts.compress ?? true,
    info: { Title: 'aiep deals and financing portfolio', Creator: 'aiep' },
  });
  const width = doc.page.width - 2 * PAGE_MARGIN;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const line = (text: string, bold = false, size = 10) => doc.font(bold ? 'bold' : 'body').fontSize(size).fillColor('black').text(text, PAGE_MARGIN, undefined, { width });
  /** Starts a new page when fewer than `height` points remain. */
  const room = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  let section = 0;
  const heading = (title: string) => {
    room(60);
    doc.moveDown(0.6);
    line(`${++section}. ${title}`, true, 13);
    doc.moveDown(0.3);
  };
  const subheading = (title: string) => {
    room(40);
    line(title, true, 10.5);
    doc.moveDown(0.2);
  };

  /** A horizontal bar chart: label, bar to scale, value; rows break across pages as needed. */
  const barChart = (title: string, data: Datum[], format: (n: number) => string, empty: string) => {
    subheading(title);
    if (data.length === 0) {
      line(empty, false, 9.5);
      doc.moveDown(0.5);
      return;
    }
    const max = Math.max(...data.map((d) => d.value));
    const barSpace = width - LABEL_WIDTH - VALUE_WIDTH - 8;
    for (const d of data) {
      // A long label (an agency's or a package's name) wraps onto a second line rather than being cut.
      doc.font('body').fontSize(8.5);
      const rowHeight = Math.max(ROW_HEIGHT, Math.min(doc.heightOfString(d.label, { width: LABEL_WIDTH - 6 }), 2 * ROW_HEIGHT) + 4);
      room(rowHeight);
      const y = doc.y;
      doc.fillColor('black').text(d.label, PAGE_MARGIN, y + 1, { width: LABEL_WIDTH - 6, height: rowHeight - 2, ellipsis: true });
      const barWidth = max > 0 ? Math.max((d.value / max) * barSpace, d.value > 0 ? 1 : 0) : 0;
      if (barWidth > 0) doc.rect(PAGE_MARGIN + LABEL_WIDTH, y, barWidth, BAR_HEIGHT).fill(BAR_COLOR);
      // The axis the bars grow from, drawn row by row so that it follows a chart across a page break.
      doc.moveTo(PAGE_MARGIN + LABEL_WIDTH, y - 2).lineTo(PAGE_MARGIN + LABEL_WIDTH, y + rowHeight - 2).lineWidth(0.5).strokeColor(AXIS_COLOR).stroke();
      doc.font('body').fontSize(8.5).fillColor('black').text(format(d.value), PAGE_MARGIN + LABEL_WIDTH + barWidth + 4, y + 1, { width: VALUE_WIDTH, lineBreak: false });
      doc.y = y + rowHeight;
    }
    doc.x = PAGE_MARGIN;
    doc.moveDown(0.6);
  };
  /** A breakdown as one line of "label: value" pairs, for the series not charted. */
  const breakdown = (title: string, data: Datum[], format: (n: number) => string = String) => {
    subheading(title);
    line(data.map((d) => `${d.label}: ${format(d.value)}`).join(' · ') || '—', false, 9.5);
    doc.moveDown(0.5);
  };

  line('Deals and financing portfolio', true, 18);
  line(`Report on ${scopeName(p.scope)}, as of ${longDate(opts.generatedAt)}`, false, 11);
  line(`Generated ${longDate(opts.generatedAt)}, ${opts.generatedAt.slice(11, 16)} UTC, by ${opts.generatedBy}`, false, 8.5);

  heading('Totals');
  line(`Deals: ${p.deals.count} (${p.deals.open} open), with a combined value of ${usd(p.deals.valueUsd)}`);
  line(`Financing requests: ${p.requests.count}`);
  line(`Indicative offers: ${usd(p.requests.indicativeUsd)} · Committed: ${usd(p.requests.committedUsd)} · Disbursed: ${usd(p.requests.disbursedUsd)}`);
  line('Indicative offers are not commitments; designation creates no right to financing (EO 14320 §5).', false, 8.5);

  heading('Commitments');
  const nothingCommitted = 'Nothing committed yet.';
  barChart('Commitments by agency', largestFirst(p.requests.committedByAgency, agencyName), usd, nothingCommitted);
  barChart('Commitments over time (by month of commitment)', Object.entries(p.requests.committedByMonth).sort().map(([m, v]) => ({ label: committedMonthLabel(m), value: v })), usd, nothingCommitted);
  barChart('Commitments by country', largestFirst(p.requests.committedByCountry, countryName), usd, nothingCommitted);
  barChart('Commitments by layer (split pro rata to the package’s component value per layer)', largestFirst(p.committedByLayer, committedLayerLabel), usd, nothingCommitted);

  heading('Time from designation to first commitment');
  const t = p.daysFromDesignationToFirstCommitment;
  if (t) {
    line(`${days(t.mean)} on average over ${t.packages} package${t.packages === 1 ? '' : 's'} (shortest ${days(t.min)}, longest ${days(t.max)})`);
    doc.moveDown(0.4);
    barChart('By package', t.byPackage.map((b) => ({ label: b.title, value: b.days })), days, '');
  } else {
    line('No package has a commitment yet.');
  }

  heading('Pipeline');
  breakdown('Deals by stage', inOrder(p.deals.byStage, DEAL_STAGES));
  breakdown('Deals by country', largestFirst(p.deals.byCountry, countryName));
  breakdown('Deals by sector', largestFirst(p.deals.bySector, words));
  breakdown('Requests by agency', largestFirst(p.requests.byAgency, agencyName));
  breakdown(
    'Requests by instrument',
    largestFirst(p.requests.byInstrument, (key) => {
      const [agency = '', instrument = ''] = key.split(':');
      return `${instrumentName(agency, instrument)} (${agencyName(agency)})`;
    }),
  );
  breakdown('Requests by state', inOrder(p.requests.byState, FINANCING_STATES));

  heading('Deals');
  if (deals.length === 0) line('No deals yet.');
  for (const d of deals) {
    room(40);
    line(`${d.buyerName} (${countryName(d.country)})${d.proposalTitle ? ` — ${d.proposalTitle}` : ''}`, true, 10);
    line(`Stage: ${words(d.stage)} · Sector: ${words(d.sector)} · Value: ${usd(d.valueUsd)}`, false, 9);
    for (const r of requests.filter((x) => x.dealId === d.id)) {
      line(
        `${agencyName(r.agency)}, ${instrumentName(r.agency, r.instrument)}: ${words(r.state).toLowerCase()}; requested ${usd(r.requestedUsd)}, indicative ${usd(r.indicativeUsd)}, committed ${usd(r.committedUsd)}, disbursed ${usd(r.disbursedUsd)}`,
        false,
        9,
      );
    }
    doc.moveDown(0.4);
  }
  doc.end();
  return done;
}

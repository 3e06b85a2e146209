// The portfolio as a PDF: totals, the pipeline breakdowns and the deals with their requests.
import { createPdf } from '../../lib/pdf.ts';
import type { getDeal, listDeals, listRequests, portfolio } from './financing.service.ts';

type Portfolio = Awaited<ReturnType<typeof portfolio>>;
type Deals = Awaited<ReturnType<typeof listDeals>>;
type Requests = Awaited<ReturnType<typeof listRequests>>;
export type DealDetail = Awaited<ReturnType<typeof getDeal>>;

const usd = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }));

export function portfolioPdf(p: Portfolio, deals: Deals, requests: Requests, opts: { compress?: boolean; generatedBy: string; generatedAt: string }): Promise<Buffer> {
  const { doc, done } = createPdf({ size: 'LETTER', margins: { top: 48, bottom: 54, left: 48, right: 48 }, compress: opts.compress ?? true, info: { Title: 'aiep deals and financing portfolio', Creator: 'aiep' } });
  const width = doc.page.width - 96;
  const line = (text: string, bold = false, size = 10) => doc.font(bold ? 'bold' : 'body').fontSize(size).text(text, { width });
  line('Deals and financing portfolio', true, 18);
  line(`Scope: ${p.scope} · generated ${opts.generatedAt.slice(0, 16).replace('T', ' ')} UTC by ${opts.generatedBy}`, false, 9);
  doc.moveDown();
  line('Totals', true, 13);
  line(`Deals: ${p.deals.count} (${p.deals.open} open), value ${usd(p.deals.valueUsd)}`);
  line(`Financing requests: ${p.requests.count}; indicative ${usd(p.requests.indicativeUsd)}; committed ${usd(p.requests.committedUsd)}; disbursed ${usd(p.requests.disbursedUsd)}`);
  line(`Indicative offers are not commitments; designation creates no right to financing (EO 14320 §5).`, false, 8.5);
  const t = p.daysFromDesignationToFirstCommitment;
  line(`Designation to first commitment: ${t ? `${Math.round(t.mean)} days on average (${t.packages} package(s))` : 'no commitment yet'}`);
  doc.moveDown();
  for (const [title, data] of [
    ['Deals by stage', p.deals.byStage],
    ['Deals by country', p.deals.byCountry],
    ['Deals by sector', p.deals.bySector],
    ['Requests by agency', p.requests.byAgency],
    ['Requests by instrument', p.requests.byInstrument],
    ['Requests by state', p.requests.byState],
  ] as const) {
    line(title, true, 11);
    line(Object.entries(data).map(([k, v]) => `${k}: ${v}`).join(' · ') || '—', false, 9.5);
    doc.moveDown(0.4);
  }
  doc.moveDown();
  line('Deals', true, 13);
  for (const d of deals) {
    line(`${d.buyerName} (${d.country}) — ${d.proposalTitle ?? ''}`, true, 10);
    line(`${d.stage} · ${d.sector} · ${usd(d.valueUsd)}`, false, 9);
    for (const r of requests.filter((x) => x.dealId === d.id)) {
      line(`  ${r.agency} ${r.instrument}: ${r.state}; requested ${usd(r.requestedUsd)}, indicative ${usd(r.indicativeUsd)}, committed ${usd(r.committedUsd)}, disbursed ${usd(r.disbursedUsd)}`, false, 9);
    }
    doc.moveDown(0.4);
  }
  doc.end();
  return done;
}

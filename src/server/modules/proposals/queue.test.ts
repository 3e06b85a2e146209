// The program office's queue (GET /api/v1/proposals/queue) and its CSV (…/queue.csv): search,
// filters, sort and paging by the server; the CSV carries the same rows with headings, cells a
// spreadsheet would run as formulas defused; only the program-wide readers get either.
import { expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { assignReviewers, createProposal, DECISION_OFFICIAL, must, session, uniqueWord } from '../../test/factories.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb } from '../../test/harness.ts';

type Item = { id: string; title: string; reference: string; state: string; submittedAt: string; stateSince: string; countries: string[]; agencies: string[]; score: number | null; reviews: { active: number } };

describeEachDb('proposal queue', (h) => {
  it('searches title, consortium, reference and target countries by name; filters by state, market, region, agency and assignment', async () => {
    const po = await session(h(), 'program.officer@ita.example');
    const word = uniqueWord('q');
    const kenya = await createProposal(h(), 'eligibility_screening', { title: `Clinic triage ${word}`, markets: ['KE'] });
    const chile = await createProposal(h(), 'under_review', { title: `Mine safety ${word}`, markets: ['CL'] });
    await assignReviewers(h(), chile.id, ['reviewer@state.example']);
    const q = async (params: string) => must(await po.get(`/api/v1/proposals/queue?${params}`), 200, params).body as { items: Item[]; total: number; offset: number; limit: number };

    expect((await q(`q=${word}`)).items.map((i) => i.id).sort()).toEqual([kenya.id, chile.id].sort());
    expect((await q(`q=${word}%20kenya`)).items.map((i) => i.id)).toEqual([kenya.id]);
    expect((await q(`q=${encodeURIComponent(chile.consortium.name)}`)).items.map((i) => i.id)).toEqual([chile.id]);
    const ref = (await q(`q=${word}%20chile`)).items[0]!.reference;
    expect(ref).toMatch(/^AIEP-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect((await q(`q=${ref}`)).items.map((i) => i.id)).toEqual([chile.id]);
    // The demo's designated ASEAN package targets ASEAN: a country of the bloc finds it.
    expect((await q('q=vietnam')).items.some((i) => i.title.includes('ASEAN'))).toBe(true);

    expect((await q(`q=${word}&state=under_review`)).items.map((i) => i.id)).toEqual([chile.id]);
    expect((await q(`q=${word}&market=KE`)).items.map((i) => i.id)).toEqual([kenya.id]);
    expect((await q(`q=${word}&region=sub_saharan_africa`)).items.map((i) => i.id)).toEqual([kenya.id]);
    expect((await q(`q=${word}&agency=SBA`)).total).toBe(2);
    expect((await q(`q=${word}&agency=DFC`)).total).toBe(0);
    expect((await q(`q=${word}&assigned=yes`)).items.map((i) => i.id)).toEqual([chile.id]);
    expect((await q(`q=${word}&assigned=no`)).items.map((i) => i.id)).toEqual([kenya.id]);
    // A bloc matches proposals targeting any of its countries.
    const asean = (await q('market=ASEAN')).items;
    expect(asean.length).toBeGreaterThan(0);
    expect(asean.every((i) => i.countries.some((c) => ['VN', 'ID', 'MY', 'PH', 'TH', 'SG', 'BN', 'KH', 'LA', 'MM', 'TL'].includes(c)))).toBe(true);
  });

  it('sorts by submission, age in state, title, state and score, and pages with a total', async () => {
    const po = await session(h(), 'program.officer@ita.example');
    const q = async (params: string) => must(await po.get(`/api/v1/proposals/queue?${params}`), 200, params).body as { items: Item[]; total: number; offset: number; limit: number };
    const all = await q('limit=200');
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const submitted = all.items.map((i) => i.submittedAt);
    expect(submitted).toEqual([...submitted].sort().reverse());
    const titles = (await q('sort=title&limit=200')).items.map((i) => i.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const byTitleDesc = (await q('sort=title&dir=desc&limit=200')).items.map((i) => i.title.toLowerCase());
    expect(byTitleDesc).toEqual([...titles].reverse());
    const ages = (await q('sort=age&limit=200')).items.map((i) => i.stateSince);
    expect(ages).toEqual([...ages].sort());
    // Scores first, highest first; rows without a score last.
    const scores = (await q('sort=score&limit=200')).items.map((i) => i.score);
    const scored = scores.filter((s): s is number => s !== null);
    expect(scored.length).toBeGreaterThan(0);
    expect(scores.slice(0, scored.length)).toEqual([...scored].sort((a, b) => b - a));
    expect(scores.slice(scored.length).every((s) => s === null)).toBe(true);
    const states = (await q('sort=state&limit=200')).items.map((i) => i.state);
    expect(states.indexOf('designated')).toBeGreaterThan(states.lastIndexOf('eligibility_screening'));

    const first = await q('sort=title&limit=2');
    const second = await q('sort=title&limit=2&offset=2');
    expect(first).toMatchObject({ total: all.total, offset: 0, limit: 2 });
    expect([...first.items, ...second.items].map((i) => i.title.toLowerCase())).toEqual(titles.slice(0, 4));
    for (const bad of ['limit=0', 'limit=500', 'offset=-1', 'sort=cost', 'state=lost', 'assigned=maybe', 'agency=NASA', 'market=%3Dcmd']) {
      expectProblem(await po.get(`/api/v1/proposals/queue?${bad}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('exports the same rows as CSV with headings, formula cells defused', async () => {
    const po = await session(h(), 'program.officer@ita.example');
    const word = uniqueWord('csv');
    const risky = await createProposal(h(), 'submitted', { title: `=HYPERLINK("http://evil.example") ${word}` });
    await createProposal(h(), 'submitted', { title: `Plain ${word}` });
    const res = await po.get(`/api/v1/proposals/queue.csv?q=${word}&sort=title`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
    expect(String(res.headers['content-disposition'])).toBe('attachment; filename="aiep-proposal-queue.csv"');
    const rows: string[][] = parse(res.body as string);
    expect(rows[0]!.slice(0, 6)).toEqual(['Reference', 'Title', 'Consortium', 'State', 'Submitted', 'In this state since']);
    expect(rows).toHaveLength(3);
    const page = must(await po.get(`/api/v1/proposals/queue?q=${word}&sort=title`), 200, 'page').body.items as Item[];
    expect(rows.slice(1).map((r) => r[0])).toEqual(page.map((i) => i.reference));
    const riskyRow = rows.find((r) => r[0] === page.find((i) => i.id === risky.id)!.reference)!;
    expect(riskyRow[1]).toBe(`'=HYPERLINK("http://evil.example") ${word}`);
    expect(riskyRow[3]).toBe('submitted');
    expect(riskyRow[6]).toBe('Argentina; Brazil');
  });

  it('is the program-wide readers’ only: applicants, reviewers and the EDAG coordinator are refused', async () => {
    expect((await (await session(h(), DECISION_OFFICIAL)).get('/api/v1/proposals/queue')).status).toBe(200);
    expect((await (await session(h(), 'auditor@oig.example')).get('/api/v1/proposals/queue.csv')).status).toBe(200);
    for (const email of ['anchor@cascade.example', 'member@kestrel.example', 'reviewer@state.example', 'edag@state.example', 'finance@exim.example']) {
      const c = await session(h(), email);
      expectProblem(await c.get('/api/v1/proposals/queue'), 403, 'FORBIDDEN');
      expectProblem(await c.get('/api/v1/proposals/queue.csv'), 403, 'FORBIDDEN');
    }
  });
});

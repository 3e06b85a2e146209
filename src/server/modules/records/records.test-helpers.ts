// Test helpers of the records module: the text of each page of a PDF (pdfkit's output), in order.
import { extractPdfText } from '../../test/pdf-text.ts';

/** The text of every page, in page order (each page's content stream read alone). */
export function pdfPages(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const objects = new Map<number, { start: number; end: number; body: string }>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const end = s.indexOf('endobj', m.index);
    objects.set(Number(m[1]), { start: m.index, end: end + 'endobj'.length, body: s.slice(m.index, end) });
    re.lastIndex = end;
  }
  const pagesObj = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.body));
  const kids = [...(/\/Kids\s*\[([^\]]*)\]/.exec(pagesObj?.body ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  const contentOf = (page: number) => Number(/\/Contents\s+(\d+) 0 R/.exec(objects.get(page)?.body ?? '')?.[1]);
  const contents = kids.map(contentOf);
  const byPosition = [...contents].sort((a, b) => objects.get(a)!.start - objects.get(b)!.start);
  return contents.map((keep) => {
    // Blank every other page's content stream, then read what is left.
    let out = '';
    let at = 0;
    for (const other of byPosition) {
      if (other === keep) continue;
      const o = objects.get(other)!;
      out += s.slice(at, o.start) + `${other} 0 obj\n<<>>\n`;
      at = o.end - 'endobj'.length;
    }
    out += s.slice(at);
    return extractPdfText(Buffer.from(out, 'latin1'));
  });
}

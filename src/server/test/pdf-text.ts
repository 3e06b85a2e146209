// A small PDF text extractor for tests: enough for what pdfkit writes (Type0 fonts with
// Identity-H encoding and a ToUnicode CMap, text shown with Tj/TJ). Flate streams are inflated, so
// it reads compressed and uncompressed documents alike. Not a general PDF parser.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const si = body.indexOf('stream');
    let stream: Buffer | null = null;
    let dict = body;
    if (si >= 0 && body.lastIndexOf('endstream') > si) {
      dict = body.slice(0, si);
      let from = si + 'stream'.length;
      if (body[from] === '\r') from++;
      if (body[from] === '\n') from++;
      const lenMatch = /\/Length (\d+)/.exec(dict);
      const to = lenMatch ? from + Number(lenMatch[1]) : body.lastIndexOf('endstream');
      stream = Buffer.from(body.slice(from, to), 'latin1');
      if (/\/Filter\s*\/FlateDecode/.test(dict)) stream = inflateSync(stream);
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

function parseCmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => {
    const units: number[] = [];
    for (const part of hex.trim().split(/\s+/)) for (let i = 0; i + 4 <= part.length; i += 4) units.push(parseInt(part.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F ]+>)/g)) {
      const lo = parseInt(line[1]!, 16);
      const hi = parseInt(line[2]!, 16);
      const dst = line[3]!;
      if (dst.startsWith('[')) {
        const items = [...dst.matchAll(/<([0-9a-fA-F ]+)>/g)].map((x) => utf16(x[1]!));
        for (let c = lo; c <= hi; c++) map.set(c, items[c - lo] ?? '');
      } else {
        const base = utf16(dst.slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F ]+)>/g)) map.set(parseInt(line[1]!, 16), utf16(line[2]!));
  }
  return map;
}

/** The text of every page, one line per text-positioning step, in content-stream order. */
export function extractPdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  // Font resource names (/F1 …) → the font object's ToUnicode map.
  const cmaps = new Map<string, Map<number, string>>();
  for (const o of objs.values()) {
    for (const fontDict of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const entry of fontDict[1]!.matchAll(/\/([\w.+-]+)\s+(\d+) 0 R/g)) {
        const font = objs.get(Number(entry[2]));
        const tu = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
        const cmapObj = tu ? objs.get(Number(tu[1])) : undefined;
        if (cmapObj?.stream) cmaps.set(entry[1]!, parseCmap(cmapObj.stream.toString('latin1')));
      }
    }
  }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream || /\/Type\s*\/(XObject|Font|Metadata)|\/Subtype\s*\/(Image|Type1C|CIDFontType0C)|\/Length1/.test(o.dict)) continue;
    const content = o.stream.toString('latin1');
    if (!/\bBT\b/.test(content)) continue;
    let cmap: Map<number, string> | undefined;
    let line = '';
    const flush = () => {
      if (line.trim()) lines.push(line);
      line = '';
    };
    const decode = (hex: string) => {
      let t = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) t += cmap?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
      return t;
    };
    const tokens = content.matchAll(/\/([\w.+-]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\b(Td|TD|Tm|T\*|ET)\b/g);
    for (const t of tokens) {
      if (t[1] !== undefined) cmap = cmaps.get(t[1]);
      else if (t[2] !== undefined) {
        for (const part of t[2].matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)) {
          if (part[1] !== undefined) line += decode(part[1]);
          else if (Number(part[2]) < -200) line += ' ';
        }
      } else if (t[3] !== undefined) line += decode(t[3]);
      else flush();
    }
    flush();
  }
  return lines.join('\n');
}

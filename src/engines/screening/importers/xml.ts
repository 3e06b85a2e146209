// A small XML reader for list files (the UN consolidated XML): elements, attributes, text,
// CDATA, comments and the five predefined entities plus numeric references. No DTDs or
// namespaces processing. Mismatched or unclosed tags throw with the line number.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, line: number): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[ref];
    if (v === undefined) throw new XmlSyntaxError(line, `unknown entity ${whole}`);
    return v;
  });
}

export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  // The open element; the document root is never popped (a closing tag that would pop it throws).
  const current = (): XmlElement => stack.at(-1) ?? root;
  let line = 1;
  let i = 0;
  const n = text.length;
  const advanceLines = (from: number, to: number) => {
    for (let k = text.indexOf('\n', from); k !== -1 && k < to; k = text.indexOf('\n', k + 1)) line++;
  };
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? n : lt;
    if (end > i) {
      const chunk = text.slice(i, end);
      if (stack.length === 1) {
        if (chunk.trim()) throw new XmlSyntaxError(line, 'text outside the root element');
      } else current().text += decodeEntities(chunk, line);
      advanceLines(i, end);
    }
    if (lt === -1) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close === -1) throw new XmlSyntaxError(line, 'unclosed comment');
      advanceLines(lt, close);
      i = close + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close === -1) throw new XmlSyntaxError(line, 'unclosed CDATA section');
      current().text += text.slice(lt + 9, close);
      advanceLines(lt, close);
      i = close + 3;
    } else if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) {
      const close = text.indexOf('>', lt);
      if (close === -1) throw new XmlSyntaxError(line, 'unclosed declaration');
      advanceLines(lt, close);
      i = close + 1;
    } else {
      const close = text.indexOf('>', lt);
      if (close === -1) throw new XmlSyntaxError(line, 'unclosed tag');
      const tagLine = line;
      const body = text.slice(lt + 1, close);
      advanceLines(lt, close);
      i = close + 1;
      if (body[0] === '/') {
        const name = body.slice(1).trim();
        const top = stack.pop();
        if (!top || top === root || top.name !== name) {
          throw new XmlSyntaxError(tagLine, `closing tag </${name}> does not match <${top?.name ?? ''}>`);
        }
        continue;
      }
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const [, tagName, attrText = ''] = /^([A-Za-z_][\w.:-]*)\s*([\s\S]*)$/.exec(inner) ?? [];
      if (!tagName) throw new XmlSyntaxError(tagLine, `malformed tag <${body}>`);
      const attrs: Record<string, string> = {};
      const attrRe = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
      for (let a = attrRe.exec(attrText); a; a = attrRe.exec(attrText)) {
        const [, attrName, , doubleQuoted, singleQuoted] = a;
        if (attrName) attrs[attrName] = decodeEntities(doubleQuoted ?? singleQuoted ?? '', tagLine);
      }
      if (attrText.replace(attrRe, '').trim()) throw new XmlSyntaxError(tagLine, `malformed attributes in <${tagName}>`);
      const el: XmlElement = { name: tagName, attrs, children: [], text: '', line: tagLine };
      const parent = current();
      if (parent === root && root.children.length > 0) throw new XmlSyntaxError(tagLine, 'more than one root element');
      parent.children.push(el);
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length > 1) throw new XmlSyntaxError(line, `unclosed element <${current().name}>`);
  const [rootElement] = root.children;
  if (!rootElement) throw new XmlSyntaxError(line, 'no root element');
  return rootElement;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function childText(el: XmlElement, name: string): string {
  return child(el, name)?.text.trim() ?? '';
}

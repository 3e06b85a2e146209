// What a file is, read from its content — never from its name or the Content-Type the client sent.
// Binary formats are recognized by their signatures (file-type) on the first SNIFF_BYTES; a file
// without one is text only when it is valid UTF-8 without control characters, without markup
// (HTML, SVG, XML, server pages) and without a script's #! line, checked over the WHOLE file as it
// streams (TextCheck). Markup and executables are refused whatever the call allows.
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../../shared/errors.ts';

/** Bytes read before anything is stored, to recognize the file. */
export const SNIFF_BYTES = 64 * 1024;

/** Types never accepted: they run in a browser or on a machine. */
const REFUSED_TYPES = new Set([
  'application/xml',
  'text/xml',
  'image/svg+xml',
  'text/html',
  'application/xhtml+xml',
  'application/javascript',
  'text/javascript',
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-executable',
  'application/x-sharedlib',
  'application/vnd.microsoft.portable-executable',
  'application/x-msi',
  'application/vnd.android.package-archive',
  'application/java-archive',
  'application/java-vm',
  'application/wasm',
  'application/x-apple-diskimage',
  'application/x-shockwave-flash',
  'application/vnd.ms-htmlhelp',
]);

export const refusedContent = (why: string) =>
  new AppError(415, 'UNSUPPORTED_FILE_TYPE', `The file's content is refused: ${why}. Upload a PDF, an office document, an image or plain text.`);

export const typeNotAllowed = (found: string, allowed: readonly string[]) =>
  new AppError(415, 'FILE_TYPE_NOT_ALLOWED', `The file's content is ${found}, which this attachment type does not accept (it accepts ${allowed.join(', ')})`, [], {
    detectedType: found,
    allowedTypes: allowed,
  });

/**
 * Markup that a browser or an XML reader would act on. Matched on text, case-insensitively; a tag
 * split across two chunks is caught by TextCheck's overlap.
 */
const MARKUP =
  /<(?:!doctype|!--|!\[cdata\[|\?xml|\?php|%|\/?(?:html|head|body|script|svg|iframe|frame|frameset|object|embed|applet|meta|link|style|img|image|form|input|button|base|math|xml|xsl:[a-z]+|a\s+href|div|span|table|video|audio|template)\b)/i;
const OVERLAP = 24;
// Control characters other than tab, line feed, form feed and carriage return mean a binary file.
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/** An incremental check that a stream is plain UTF-8 text without markup. */
export class TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private tail = '';
  private started = false;

  push(chunk: Uint8Array): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw refusedContent('it is neither a recognized format nor valid UTF-8 text');
    }
    this.check(text);
  }

  end(): void {
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      throw refusedContent('it is neither a recognized format nor valid UTF-8 text');
    }
    this.check(text);
  }

  private check(text: string): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.replace(/^\uFEFF/, '').startsWith('#!')) throw refusedContent('it is a script');
    }
    if (BINARY_CONTROL.test(text)) throw refusedContent('it is neither a recognized format nor text');
    const window = this.tail + text;
    if (MARKUP.test(window)) throw refusedContent('it holds markup (HTML, SVG or XML), which a browser could run');
    this.tail = window.slice(-OVERLAP);
  }
}

/** CSV when the first lines (at least two) split alike on one delimiter; otherwise plain text. */
function textKind(head: string): 'text/csv' | 'text/plain' {
  const lines = head.split(/\r?\n/).slice(0, 6);
  // The last line of the head may be cut short.
  if (lines.length > 2) lines.pop();
  const full = lines.filter((l) => l.length > 0);
  if (full.length < 2) return 'text/plain';
  for (const d of [',', ';', '\t']) {
    const counts = full.map((l) => l.split(d).length - 1);
    if (counts[0]! > 0 && counts.every((c) => c === counts[0])) return 'text/csv';
  }
  return 'text/plain';
}

export type Sniffed = { mimeType: string; text: TextCheck | null };

/**
 * Recognizes a file from its first bytes (`head`, up to SNIFF_BYTES). A text file also gets a
 * TextCheck to feed the whole file through as it is stored; the caller calls `end()` on it after
 * the last byte.
 */
export async function sniff(head: Buffer): Promise<Sniffed> {
  if (head.length === 0) throw new AppError(422, 'EMPTY_FILE', 'The file is empty');
  const found = await fileTypeFromBuffer(head).catch(() => undefined);
  if (found) {
    if (REFUSED_TYPES.has(found.mime)) {
      throw refusedContent(found.mime.includes('xml') || found.mime.includes('html') ? 'it holds markup (HTML, SVG or XML), which a browser could run' : `it is ${found.mime}, a program`);
    }
    return { mimeType: found.mime, text: null };
  }
  // Refused on its first bytes before anything is stored; the whole file goes through a fresh check.
  new TextCheck().push(head);
  return { mimeType: textKind(head.toString('utf8')), text: new TextCheck() };
}

/** Whether a sniffed type is accepted by a list of media types (text/plain and text/csv stand for each other's family: "text/*" accepts both). */
export function typeAccepted(mimeType: string, allowed: readonly string[]): boolean {
  if (allowed.includes(mimeType)) return true;
  const [family] = mimeType.split('/');
  return allowed.includes(`${family}/*`);
}

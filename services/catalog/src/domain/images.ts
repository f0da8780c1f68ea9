// Which uploaded pictures the catalog keeps: one of four media types, at most 2 MiB, whose bytes are what the type
// says (a PNG that is an HTML page is refused), and SVGs that can run nothing and fetch nothing when shown.
import { fieldRefused, MallError } from '@mall/contracts';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from '@mall/contracts/catalog';

export type ImageType = (typeof IMAGE_TYPES)[number];

const EXTENSIONS: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/svg+xml': 'svg' };

/** The media type an upload declared, without its parameters (`image/svg+xml; charset=utf-8` → `image/svg+xml`). */
export function imageTypeOf(contentType: string): ImageType {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  if (!(IMAGE_TYPES as readonly string[]).includes(essence))
    throw new MallError('UNSUPPORTED_MEDIA_TYPE', `an image is one of ${IMAGE_TYPES.join(', ')}, not ${essence || 'untyped'}`);
  return essence as ImageType;
}

export function extensionOf(type: ImageType): string {
  return EXTENSIONS[type];
}

/** Checks an upload; answers its media type. */
export function checkImage(contentType: string, bytes: Uint8Array): ImageType {
  const type = imageTypeOf(contentType);
  if (bytes.byteLength > MAX_IMAGE_BYTES)
    throw new MallError('PAYLOAD_TOO_LARGE', `an image is at most ${MAX_IMAGE_BYTES} bytes, not ${bytes.byteLength}`);
  if (bytes.byteLength === 0 || !looksLike(type, bytes))
    throw fieldRefused('IMAGE_CONTENT_MISMATCH', { path: '/data', message: `the bytes are not ${type}` });
  if (type === 'image/svg+xml') assertSafeSvg(Buffer.from(bytes).toString('utf8'));
  return type;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The file signatures ("magic numbers") of the raster types; an SVG is text whose root element is <svg>. */
function looksLike(type: ImageType, bytes: Uint8Array): boolean {
  switch (type) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'image/webp':
      return startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
    case 'image/svg+xml':
      return svgRoot(bytes);
  }
}

function svgRoot(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false; // not UTF-8 text, so not an SVG document
  }
  // Before the root: a byte-order mark, an XML declaration, comments and white space (a DOCTYPE is refused below).
  const prolog = /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/;
  const rest = text.replace(prolog, '');
  return /^<svg[\s>/]/i.test(rest) || /^<!doctype\s+svg/i.test(rest);
}

/**
 * What an SVG may not hold, refused rather than cleaned: a browser showing the picture on its own (a new tab) runs
 * its scripts, follows its links and loads what it references. Listed: scripts and event handlers, javascript:
 * URLs (also entity-encoded), embedded documents, animations that rewrite a link, references outside the
 * document, and DOCTYPEs (entity expansion). The gateway serves SVGs with a CSP that forbids scripts as well.
 */
const UNSAFE_SVG: ReadonlyArray<[RegExp, string]> = [
  [/<!doctype|<!entity/i, 'a DOCTYPE or an entity declaration'],
  [/<script[\s>/]/i, 'a script element'],
  [/[\s"'/]on[a-z]+\s*=/i, 'an event handler attribute'],
  [/javascript\s*:|&#x?0*(6a|106);?\s*a/i, 'a javascript: URL'],
  [/<(foreignobject|iframe|embed|object|audio|video)[\s>/]/i, 'an embedded document or media'],
  [/attributename\s*=\s*["']?\s*(xlink:)?href/i, 'an animation of a link'],
  [/(href|src)\s*=\s*["']?\s*(?!#)[^\s"'>]/i, 'a reference outside the document'],
  [/@import|url\(\s*["']?\s*(?!#)/i, 'a style that loads from outside the document'],
];

export function assertSafeSvg(text: string): void {
  for (const [pattern, what] of UNSAFE_SVG)
    if (pattern.test(text)) throw fieldRefused('UNSAFE_SVG', { path: '/data', message: `an SVG may not hold ${what}` });
}

// Catalog pictures at the edge: an upload's bytes go to the catalog (base64 in its JSON RPC), and a picture is served
// with the headers a content-addressed name allows — cached for a year, immutable, a 304 when the browser has it.
import { MallError } from '@mall/contracts';
import type { CatalogContract, CatalogOutput } from '@mall/contracts/catalog';
import type { catalogAdminRoutes, storefrontRoutes } from '@mall/contracts/gateway';
import type { Client } from '@mall/platform/rpc';
import { RawAnswer, type EdgeRequest } from './edge-handler.ts';

const YEAR_SECONDS = 365 * 24 * 3600;
/** An SVG opened on its own (a new tab) is a document: it may run nothing, load nothing, and is sandboxed. */
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export function uploadImage(
  catalog: Client<typeof CatalogContract>,
  request: EdgeRequest<typeof catalogAdminRoutes.uploadImage>,
): Promise<CatalogOutput<'uploadImage'>> {
  // A JSON body reached the route through the JSON parser: an upload is the picture's own bytes.
  if (!Buffer.isBuffer(request.body))
    throw new MallError('UNSUPPORTED_MEDIA_TYPE', 'send the picture as the body, with its image/* Content-Type');
  return catalog.uploadImage({ contentType: request.headers['content-type'] ?? '', data: request.body.toString('base64') });
}

export async function servedImage(
  catalog: Client<typeof CatalogContract>,
  request: EdgeRequest<typeof storefrontRoutes.image>,
): Promise<RawAnswer> {
  const { key } = request.params;
  // The key is the SHA-256 of the bytes: a strong validator known without asking the catalog.
  const etag = `"${key.slice(0, key.indexOf('.'))}"`;
  const headers = { 'cache-control': `public, max-age=${YEAR_SECONDS}, immutable`, etag };
  if (namesEtag(request.headers['if-none-match'], etag)) return new RawAnswer(304, headers);
  const image = await catalog.image({ key });
  return new RawAnswer(
    200,
    {
      ...headers,
      'content-type': image.contentType,
      'x-content-type-options': 'nosniff',
      ...(image.contentType === 'image/svg+xml' ? { 'content-security-policy': SVG_POLICY } : {}),
    },
    Buffer.from(image.data, 'base64'),
  );
}

/** If-None-Match: `*` or a list of (possibly weak) entity tags; a GET compares them weakly (RFC 9110 §13.1.2). */
export function namesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

// Product pictures in the blob store (a local folder in both run modes; S3 or MinIO would plug in behind the port),
// each named by the SHA-256 of its bytes: a name never changes meaning, so the storefront may cache it for ever.
import { createHash } from 'node:crypto';
import { MallError } from '@mall/contracts';
import type { CatalogOutput } from '@mall/contracts/catalog';
import type { BlobStore } from '@mall/platform/blob';
import { checkImage, extensionOf, imageTypeOf, type ImageType } from './domain/images.ts';

type StoredImage = CatalogOutput<'uploadImage'>;

/** Where the gateway serves a stored image (storefront route `GET /api/images/:key`). */
export const imageUrl = (key: string): string => `/api/images/${key}`;

export class Images {
  constructor(private readonly blobs: BlobStore) {}

  /** Checks and stores a picture; the same bytes always answer the same key (a retry stores nothing new). */
  async store(contentType: string, bytes: Buffer): Promise<StoredImage> {
    const type = checkImage(contentType, bytes);
    const key = `${createHash('sha256').update(bytes).digest('hex')}.${extensionOf(type)}`;
    if (!(await this.blobs.head(blobKey(key)))) await this.blobs.put(blobKey(key), bytes, type);
    return { key, url: imageUrl(key), contentType: type, size: bytes.byteLength };
  }

  async read(key: string): Promise<{ contentType: ImageType; bytes: Buffer }> {
    const blob = await this.blobs.get(blobKey(key));
    if (!blob) throw new MallError('NOT_FOUND', `no image ${key}`);
    return { contentType: imageTypeOf(blob.contentType), bytes: blob.bytes };
  }
}

const blobKey = (key: string): string => `images/${key}`;

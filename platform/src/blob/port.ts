// The blob port: named byte objects (product images, uploads) with their content type and a content hash.
// The local-folder adapter serves both run modes; S3 or MinIO would plug in here without touching a service.

/** A blob's name: lower-case path segments of letters, digits, dot, dash and underscore; never `..`. */
export const BLOB_KEY_PATTERN = /^(?!.*(^|\/)\.{1,2}(\/|$))[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
export const MAX_BLOB_KEY_LENGTH = 200;

export interface BlobInfo {
  key: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** A strong validator of the content (a hash of the bytes), quoted as an HTTP ETag is. */
  etag: string;
}

export interface StoredBlob extends BlobInfo {
  bytes: Buffer;
}

export interface BlobStore {
  /** Writes (or replaces) the blob whole: a reader sees the old bytes or the new ones, never a mix. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<BlobInfo>;
  /** The blob, or undefined when there is none of that name. */
  get(key: string): Promise<StoredBlob | undefined>;
  /** The blob's description without its bytes, or undefined. */
  head(key: string): Promise<BlobInfo | undefined>;
  /** Answers whether a blob was there. */
  delete(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Throws when a key could escape its folder or is not a blob name. */
export function assertBlobKey(key: string): void {
  if (key.length === 0 || key.length > MAX_BLOB_KEY_LENGTH || !BLOB_KEY_PATTERN.test(key)) {
    throw new Error(`"${key}" is not a blob key (lower-case segments of a-z 0-9 . _ -, at most ${MAX_BLOB_KEY_LENGTH} characters)`);
  }
}

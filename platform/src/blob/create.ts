// Opens the blob store: a local folder, `<MALL_DATA_DIR>/blobs/<namespace>` unless the caller names one.
import { join } from 'node:path';
import { LocalBlobStore } from './local-blob-store.ts';
import type { BlobStore } from './port.ts';

export interface CreateBlobStoreOptions {
  /** One folder per service (its name), so two services never share a blob. */
  namespace: string;
  /** The folder blobs live under; defaults to MALL_DATA_DIR (./data) + /blobs. */
  root?: string;
}

export function createBlobStore(opts: CreateBlobStoreOptions): BlobStore {
  if (!/^[a-z][a-z0-9-]*$/.test(opts.namespace)) throw new Error(`blob namespace "${opts.namespace}" must be a lower-case word`);
  const root = opts.root ?? join(process.env.MALL_DATA_DIR || './data', 'blobs');
  return new LocalBlobStore(join(root, opts.namespace));
}

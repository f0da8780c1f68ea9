// Blobs: the port, its local-folder adapter and the factory.
export * from './port.ts';
export { LocalBlobStore } from './local-blob-store.ts';
export { createBlobStore, type CreateBlobStoreOptions } from './create.ts';

// Blobs as files under one folder: the bytes in `<key>`, the description beside them in `<key>.meta.json`.
// Writes go to a temporary file renamed into place, so a reader (another instance on this machine) never sees half a blob.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertBlobKey, type BlobInfo, type BlobStore, type StoredBlob } from './port.ts';

const META = '.meta.json';

export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<BlobInfo> {
    assertBlobKey(key);
    const info: BlobInfo = { key, contentType, size: bytes.byteLength, etag: etagOf(bytes) };
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // The bytes land before their description: a reader that finds the description finds these bytes.
    await replace(path, bytes);
    await replace(path + META, JSON.stringify(info));
    return info;
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    const info = await this.head(key);
    if (!info) return undefined;
    const bytes = await readIfThere(this.pathOf(key));
    if (!bytes) return undefined;
    // A put racing this read may have renamed new bytes in after the description was read: describe what was read.
    return bytes.byteLength === info.size ? { ...info, bytes } : { ...info, size: bytes.byteLength, etag: etagOf(bytes), bytes };
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    const meta = await readIfThere(this.pathOf(key) + META);
    return meta ? (JSON.parse(meta.toString('utf8')) as BlobInfo) : undefined;
  }

  async delete(key: string): Promise<boolean> {
    assertBlobKey(key);
    const path = this.pathOf(key);
    const existed = (await readIfThere(path + META)) !== undefined;
    await rm(path + META, { force: true });
    await rm(path, { force: true });
    return existed;
  }

  async close(): Promise<void> {}

  private pathOf(key: string): string {
    return join(this.root, key);
  }
}

function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}

async function replace(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

async function readIfThere(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

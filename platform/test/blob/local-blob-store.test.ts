// The local-folder blob store: what every blob adapter must do (round trip, replace, delete, refused keys), and
// concurrent writers and readers of one key.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBlobKey, createBlobStore, type BlobStore } from '../../src/blob/index.ts';

describe('local blob store', () => {
  let root: string;
  let blobs: BlobStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'mall-blobs-'));
    blobs = createBlobStore({ namespace: 'catalog', root });
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('a blob put is read back with its type, size and a content etag', async () => {
    const bytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const info = await blobs.put('products/p1/main.svg', bytes, 'image/svg+xml');
    assert.deepEqual(info, { key: 'products/p1/main.svg', contentType: 'image/svg+xml', size: bytes.byteLength, etag: info.etag });
    assert.match(info.etag, /^"[A-Za-z0-9_-]{27}"$/);
    const read = await blobs.get('products/p1/main.svg');
    assert.deepEqual(read?.bytes, bytes);
    assert.deepEqual(await blobs.head('products/p1/main.svg'), info);
  });

  test('the same bytes give the same etag, other bytes another', async () => {
    const a = await blobs.put('etag/a.bin', Buffer.from('same'), 'application/octet-stream');
    const b = await blobs.put('etag/b.bin', Buffer.from('same'), 'application/octet-stream');
    const c = await blobs.put('etag/c.bin', Buffer.from('other'), 'application/octet-stream');
    assert.equal(a.etag, b.etag);
    assert.notEqual(a.etag, c.etag);
  });

  test('a put replaces the blob whole and a delete removes it', async () => {
    await blobs.put('replace/x.png', Buffer.from('first'), 'image/png');
    await blobs.put('replace/x.png', Buffer.from('second, longer'), 'image/webp');
    const read = await blobs.get('replace/x.png');
    assert.equal(read?.bytes.toString(), 'second, longer');
    assert.equal(read?.contentType, 'image/webp');
    assert.equal(await blobs.delete('replace/x.png'), true);
    assert.equal(await blobs.get('replace/x.png'), undefined);
    assert.equal(await blobs.head('replace/x.png'), undefined);
    assert.equal(await blobs.delete('replace/x.png'), false);
  });

  test('an unknown blob is undefined, not an error', async () => {
    assert.equal(await blobs.get('nothing/here.png'), undefined);
  });

  test('keys that could leave the folder, or are not blob names, are refused', async () => {
    for (const key of ['../escape', 'a/../../b', '/absolute', 'UPPER.png', 'a//b', '', 'a/./b', 'space here', 'x'.repeat(201), 'trailing/'])
      assert.throws(() => assertBlobKey(key), /not a blob key/, key);
    await assert.rejects(blobs.put('../x', Buffer.from('x'), 'text/plain'), /not a blob key/);
    await assert.rejects(blobs.get('a/../../etc/passwd'), /not a blob key/);
    assertBlobKey('products/0b6f/main-1.svg');
  });

  test('concurrent writes and reads see whole blobs only, and leave one blob and no temporary file', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => Buffer.alloc(20_000 + i * 1000, String.fromCharCode(97 + i)));
    const reads: Promise<unknown>[] = [];
    const writes = versions.map((bytes) => blobs.put('race/blob.bin', bytes, 'application/octet-stream'));
    for (let i = 0; i < 50; i++)
      reads.push(
        blobs.get('race/blob.bin').then((blob) => {
          if (!blob) return;
          const written = versions.find((v) => v[0] === blob.bytes[0]);
          assert.ok(written?.equals(blob.bytes), 'a read saw part of a write, or a mix of two');
          assert.equal(blob.size, blob.bytes.byteLength);
        }),
      );
    await Promise.all([...writes, ...reads]);
    assert.deepEqual((await readdir(join(root, 'catalog', 'race'))).sort(), ['blob.bin', 'blob.bin.meta.json']);
  });

  test('namespaces keep services apart and must be words', async () => {
    const other = createBlobStore({ namespace: 'inventory', root });
    await blobs.put('shared-name.txt', Buffer.from('catalog'), 'text/plain');
    assert.equal(await other.get('shared-name.txt'), undefined);
    assert.throws(() => createBlobStore({ namespace: '../up', root }), /lower-case word/);
  });
});

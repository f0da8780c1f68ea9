import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_IMAGE_BYTES } from '@mall/contracts/catalog';
import { demoCatalog } from '../../src/demo/demo-catalog.ts';
import { checkImage } from '../../src/domain/images.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const svg = (body: string, prolog = '') =>
  Buffer.from(`${prolog}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

function refusedWith(code: string, contentType: string, bytes: Uint8Array): void {
  assert.throws(
    () => checkImage(contentType, bytes),
    (err: { code?: string }) => err.code === code,
    `${contentType} ${Buffer.from(bytes).toString('utf8').slice(0, 80)}`,
  );
}

describe('which uploaded pictures the catalog keeps', () => {
  test('PNG, JPEG, WebP and SVG whose bytes are what their type says are kept, parameters of the type ignored', () => {
    assert.equal(checkImage('image/png', png), 'image/png');
    assert.equal(checkImage('image/jpeg', jpeg), 'image/jpeg');
    assert.equal(checkImage('IMAGE/WEBP', webp), 'image/webp');
    assert.equal(
      checkImage('image/svg+xml; charset=utf-8', svg('<circle r="4" fill="url(#g)"/>', '<?xml version="1.0"?>\n<!-- a comment -->\n')),
      'image/svg+xml',
    );
  });

  test('a type other than the four is UNSUPPORTED_MEDIA_TYPE', () => {
    for (const type of ['image/gif', 'text/html', 'application/json', '', 'image/svg']) refusedWith('UNSUPPORTED_MEDIA_TYPE', type, png);
  });

  test('bytes that are not the declared type, or none, are IMAGE_CONTENT_MISMATCH', () => {
    refusedWith('IMAGE_CONTENT_MISMATCH', 'image/png', jpeg);
    refusedWith('IMAGE_CONTENT_MISMATCH', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>'));
    refusedWith('IMAGE_CONTENT_MISMATCH', 'image/webp', Buffer.from('RIFF\0\0\0\0WAVEfmt '));
    refusedWith('IMAGE_CONTENT_MISMATCH', 'image/svg+xml', Buffer.from('<html><body>not a picture</body></html>'));
    refusedWith('IMAGE_CONTENT_MISMATCH', 'image/svg+xml', Buffer.from([0xff, 0xfe, 0x3c, 0x00]));
    refusedWith('IMAGE_CONTENT_MISMATCH', 'image/png', Buffer.alloc(0));
  });

  test('more than 2 MiB is PAYLOAD_TOO_LARGE, exactly 2 MiB is kept', () => {
    const exactly = Buffer.concat([png, Buffer.alloc(MAX_IMAGE_BYTES - png.length)]);
    assert.equal(checkImage('image/png', exactly), 'image/png');
    refusedWith('PAYLOAD_TOO_LARGE', 'image/png', Buffer.concat([exactly, Buffer.alloc(1)]));
  });

  test('an SVG that could run a script, embed a document or load from outside is UNSAFE_SVG', () => {
    const unsafe = [
      '<script>alert(1)</script>',
      '<SCRIPT type="text/javascript">alert(1)</SCRIPT>',
      '<rect width="1" height="1" onload="alert(1)"/>',
      '<rect width="1" height="1"\nONCLICK = "alert(1)"/>',
      '<a href="javascript:alert(1)"><text>x</text></a>',
      '<a xlink:href="&#106;avascript:alert(1)"><text>x</text></a>',
      '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
      '<image href="https://tracker.example/pixel.png"/>',
      '<use href="other.svg#icon"/>',
      '<a><set attributeName="href" to="data:text/html,x"/><text>x</text></a>',
      '<style>@import url("https://evil.example/x.css");</style>',
      '<rect style="fill: url(https://evil.example/p)"/>',
    ];
    for (const body of unsafe) refusedWith('UNSAFE_SVG', 'image/svg+xml', svg(body));
    refusedWith('UNSAFE_SVG', 'image/svg+xml', svg('', '<!DOCTYPE svg [<!ENTITY x "xx">]>'));
  });

  test('every demo picture passes (they are stored through the same check at seed time)', () => {
    const demo = demoCatalog();
    for (const image of [...demo.products.map((p) => p.image), ...demo.banners.map((b) => b.image)])
      assert.equal(checkImage('image/svg+xml', Buffer.from(image)), 'image/svg+xml');
  });
});

// Catalog pictures through the gateway, on the real servers and all-in-one: a catalog manager uploads a picture's
// bytes (a customer gets 403, a caller without a token 401), the storefront reads it by its content-addressed key
// with immutable cache headers and a 304 on If-None-Match, and every bad upload is a 4xx with a machine-readable code.
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { MAX_IMAGE_BYTES } from '@mall/contracts/catalog';
import { IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import type { RunningInstance } from '@mall/platform/runtime';
import { connect, startEmbedded, startInstance, type Connection, type EmbeddedHost } from '@mall/platform/testkit';
import catalog from '../../catalog/src/service.ts';
import gateway from '../src/service.ts';
import identity from '../../identity/src/service.ts';
import { Browser, startGateway, startIdentity, uniqueEmail } from './harness.ts';

const UPLOAD = '/api/admin/catalog/images';
const PASSWORD = 'a good password';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  json: () => { error?: { code: string }; key?: string; url?: string; contentType?: string; size?: number };
}

/** A request with a body of bytes and headers as given (the test kit's browser speaks JSON only). */
async function raw(base: string, method: 'GET' | 'POST', path: string, opts: { body?: Buffer; headers?: Record<string, string> } = {}) {
  const res = await request(`${base}${path}`, { method, headers: opts.headers ?? {}, ...(opts.body ? { body: opts.body } : {}) });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const answer: Raw = { status: res.statusCode, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) as never };
  return answer;
}

async function userWith(browser: Browser, rpc: Client<typeof IdentityContract>, label: string, roles?: string[]): Promise<string> {
  const email = uniqueEmail(label);
  const registered = await browser.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  if (roles) await rpc.setUserRoles({ userId: registered.body.user.id, roles });
  const login = await browser.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  return login.body.accessToken as string;
}

/** A tiny PNG made unique by its trailing bytes (a real decoder ignores what follows IEND). */
function png(): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, Buffer.from(`IHDR…IEND ${randomUUID()}`)]);
}

const svg = (inner: string) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><!-- ${randomUUID()} -->${inner}</svg>`);

interface Edge {
  url: string;
  browser: Browser;
  manager: string;
  customer: string;
}

function imageSuite(edge: () => Edge): void {
  const upload = (body: Buffer, contentType: string, token: string | null = edge().manager) =>
    raw(edge().url, 'POST', UPLOAD, {
      body,
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  test('a catalog manager uploads a PNG and the storefront serves its bytes, cached for a year, with a 304 on its ETag', async () => {
    const bytes = png();
    const stored = await upload(bytes, 'image/png');
    assert.equal(stored.status, 201, stored.bytes.toString());
    const hash = createHash('sha256').update(bytes).digest('hex');
    assert.deepEqual(stored.json(), { key: `${hash}.png`, url: `/api/images/${hash}.png`, contentType: 'image/png', size: bytes.length });

    const served = await raw(edge().url, 'GET', `/api/images/${hash}.png`);
    assert.equal(served.status, 200);
    assert.ok(served.bytes.equals(bytes), 'the very bytes uploaded');
    assert.equal(served.headers['content-type'], 'image/png');
    assert.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(served.headers.etag, `"${hash}"`);
    assert.equal(served.headers['x-content-type-options'], 'nosniff');

    for (const ifNoneMatch of [`"${hash}"`, `W/"${hash}"`, `"other", "${hash}"`, '*']) {
      const again = await raw(edge().url, 'GET', `/api/images/${hash}.png`, { headers: { 'if-none-match': ifNoneMatch } });
      assert.equal(again.status, 304, ifNoneMatch);
      assert.equal(again.bytes.length, 0);
      assert.equal(again.headers.etag, `"${hash}"`);
    }
    const changed = await raw(edge().url, 'GET', `/api/images/${hash}.png`, { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(changed.status, 200);

    const twice = await upload(bytes, 'image/png');
    assert.deepEqual([twice.status, twice.json().key], [201, `${hash}.png`], 'the same bytes, the same key');
  });

  test('a picture of exactly 2 MiB is kept (it crosses the RPC as 2.7 MB of base64)', async () => {
    const head = png();
    const bytes = Buffer.concat([head, Buffer.alloc(MAX_IMAGE_BYTES - head.length, 7)]);
    const stored = await upload(bytes, 'image/png');
    assert.deepEqual([stored.status, stored.json().size], [201, MAX_IMAGE_BYTES], stored.bytes.toString().slice(0, 300));
    const served = await raw(edge().url, 'GET', stored.json().url!);
    assert.ok(served.bytes.equals(bytes));
  });

  test('an SVG is served with a policy that lets it run and load nothing', async () => {
    const stored = await upload(svg('<circle cx="5" cy="5" r="4" fill="#f80"/>'), 'image/svg+xml; charset=utf-8');
    assert.equal(stored.status, 201, stored.bytes.toString());
    const served = await raw(edge().url, 'GET', stored.json().url!);
    assert.equal(served.headers['content-type'], 'image/svg+xml');
    assert.match(String(served.headers['content-security-policy']), /default-src 'none'.*sandbox/);
  });

  test('bad uploads are refused with their codes and store nothing', async () => {
    const refused = async (answer: Promise<Raw>, status: number, code: string) => {
      const got = await answer;
      assert.deepEqual([got.status, got.json().error?.code], [status, code], got.bytes.toString());
    };
    await refused(upload(svg('<script>alert(1)</script>'), 'image/svg+xml'), 400, 'UNSAFE_SVG');
    await refused(upload(svg('<rect width="1" height="1" onload="alert(1)"/>'), 'image/svg+xml'), 400, 'UNSAFE_SVG');
    await refused(upload(Buffer.from('<html>hello</html>'), 'image/png'), 400, 'IMAGE_CONTENT_MISMATCH');
    await refused(upload(Buffer.from('GIF89a'), 'image/gif'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(upload(Buffer.from('{"data":"x"}'), 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(upload(Buffer.concat([png(), Buffer.alloc(MAX_IMAGE_BYTES)]), 'image/png'), 413, 'PAYLOAD_TOO_LARGE');
    const missing = createHash('sha256').update(randomUUID()).digest('hex');
    await refused(raw(edge().url, 'GET', `/api/images/${missing}.png`), 404, 'NOT_FOUND');
    await refused(raw(edge().url, 'GET', '/api/images/..%2F..%2Fetc%2Fpasswd'), 400, 'VALIDATION_FAILED');
    await refused(raw(edge().url, 'GET', `/api/images/${missing}.gif`), 400, 'VALIDATION_FAILED');
  });

  test('a customer gets 403 and a caller without a token 401 on an upload', async () => {
    const forbidden = await upload(png(), 'image/png', edge().customer);
    assert.deepEqual([forbidden.status, forbidden.json().error?.code], [403, 'FORBIDDEN']);
    const anonymous = await upload(png(), 'image/png', null);
    assert.deepEqual([anonymous.status, anonymous.json().error?.code], [401, 'UNAUTHORIZED']);
  });
}

describe('catalog pictures through the gateway (real servers)', () => {
  const started: RunningInstance[] = [];
  let identityRpc: Connection<typeof IdentityContract>;
  let edge: Edge;
  before(async () => {
    const identityInstance = await startIdentity();
    started.push(identityInstance, await startInstance(catalog, { env: { MALL_POSTGRES_POOL_SIZE: '4' } }), await startGateway());
    const url = started[2]!.url;
    const browser = new Browser(url);
    identityRpc = await connect(IdentityContract, [identityInstance.url]);
    edge = {
      url,
      browser,
      manager: await userWith(browser, identityRpc.client, 'images-manager', ['catalog-manager']),
      customer: await userWith(browser, identityRpc.client, 'images-customer'),
    };
  });
  after(async () => {
    await edge?.browser.close();
    await identityRpc?.close();
    for (const instance of started.reverse()) await instance.shutdown('test over');
  });
  imageSuite(() => edge);
});

describe('catalog pictures through the gateway (all-in-one)', () => {
  let host: EmbeddedHost;
  let edge: Edge;
  before(async () => {
    host = await startEmbedded([identity, catalog, gateway]);
    const browser = new Browser(host.url);
    const rpc = host.client(IdentityContract);
    edge = {
      url: host.url,
      browser,
      manager: await userWith(browser, rpc, 'images-manager', ['catalog-manager']),
      customer: await userWith(browser, rpc, 'images-customer'),
    };
  });
  after(async () => {
    await edge?.browser.close();
    await host?.shutdown('test over');
  });
  imageSuite(() => edge);
});

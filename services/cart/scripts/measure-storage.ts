// A quick measurement behind the cart's storage choice (services/cart/README.md): PostgreSQL alone, through the
// service's own CartLines (the add with its lock, idempotency record and upsert; the read of a 10-line cart), beside
// Redis hashes through the kernel's Kv (HSET of a line, HGETALL of a cart). Real servers on loopback, a scratch
// schema and key prefix removed at the end. Run: node --import tsx services/cart/scripts/measure-storage.ts
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@mall/platform/db';
import { migrateIdempotency } from '@mall/platform/idempotency';
import { createKv } from '@mall/platform/kv';
import { CartLines } from '../src/lines.ts';

const OPS = 2000;
const CONCURRENCY = 16;
const limits = { maxLines: 100, maxQuantityPerLine: 99 };
const price = { amount: 9900, currency: 'CNY' };

async function measure(label: string, op: (i: number) => Promise<unknown>): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < OPS / 4; i++) {
    const started = process.hrtime.bigint();
    await op(i);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) await op(OPS + next++);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const p = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(3);
  console.log(
    `${label.padEnd(44)} one at a time p50 ${p(0.5)} ms p99 ${p(0.99)} ms | ${CONCURRENCY} in flight ${Math.round(OPS / seconds)} ops/s`,
  );
}

const schema = `cart_measure_${process.pid}`;
const database = await openDatabase({
  driver: 'pg',
  url: process.env.MALL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  poolSize: 10,
});
const db = database.forService(schema);
const kv = createKv('redis', { prefix: `${schema}:` });
const carts = Array.from({ length: 200 }, () => `g:${randomBytes(16).toString('base64url')}`);
try {
  await db.migrate(fileURLToPath(new URL('../migrations', import.meta.url)));
  await migrateIdempotency(db);
  const durable = new CartLines(db, { asyncCommit: () => false });
  const lines = new CartLines(db, { asyncCommit: () => true });
  const skus = Array.from({ length: 10 }, () => randomUUID());
  const line = JSON.stringify({ quantity: 1, selected: true, addedPrice: price, addedAt: new Date().toISOString() });

  await measure('PostgreSQL: add a line, synchronous commit', (i) =>
    durable.add(
      carts[i % carts.length]!,
      { idempotencyKey: `s-${i}-${randomUUID()}`, skuId: skus[i % skus.length]!, quantity: 1, price, available: undefined },
      limits,
    ),
  );
  await measure('PostgreSQL: add a line, asynchronous commit', (i) =>
    lines.add(
      carts[i % carts.length]!,
      { idempotencyKey: `k-${i}-${randomUUID()}`, skuId: skus[i % skus.length]!, quantity: 1, price, available: undefined },
      limits,
    ),
  );
  await measure('PostgreSQL: read a cart of 10 lines', (i) => lines.list(carts[i % carts.length]!));
  await measure('Redis: HSET a line', (i) => kv.hset(`cart:${carts[i % carts.length]}`, skus[i % skus.length]!, line));
  await measure('Redis: HGETALL a cart of 10 lines', (i) => kv.hgetall(`cart:${carts[i % carts.length]}`));
} finally {
  await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  await kv.del(...carts.map((cart) => `cart:${cart}`));
  await kv.close();
  await database.close();
}

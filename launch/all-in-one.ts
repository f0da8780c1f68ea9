// npm start: the whole mall in one process on embedded storage (PGlite under ./data), no server needed.
// The start script execs node with tsx's loader, so the signal npm forwards (Ctrl-C, or a process
// manager's SIGTERM to npm) reaches this process. It also caps V8's young generation (--max-semi-space-size=1, in MB):
// the default lets the nursery grow to 48 MB that an idle shop never gives back; measured, 346 → 282 MB idle RSS on a
// restart, for a few more minor collections under load (docs/benchmarks.md).
import { runAllInOne } from '@mall/platform/runtime';
import { definitions } from './services.ts';

// A newcomer's shop has something to browse: the catalog loads its demo catalog on the first start.
process.env.MALL_CATALOG_DEMO_CATALOG ??= 'true';
// …and a flash sale running now (and the next one), from that catalog's SKUs.
process.env.MALL_SECKILL_DEMO_SESSIONS ??= 'true';
const host = await runAllInOne(definitions);
// A first start leaves the garbage of its migrations and of the demo catalog's seed, which an idle process does not
// collect soon; one full collection now (the start script passes --expose-gc) keeps the idle figure from depending
// on when V8 next collects.
(globalThis as { gc?: () => void }).gc?.();
console.log(`Mall is running at ${host.url}  (health ${host.url}/healthz, readiness ${host.url}/readyz, metrics ${host.url}/metrics)`);
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and forwarded by npm), and a
// second signal must not cut the shutdown the first one started (host.shutdown runs once).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void host.shutdown(signal).then(() => process.exit(0)));
}

// npm start: the whole mall in one process on embedded storage (PGlite under ./data), no server needed.
import { runAllInOne } from '@mall/platform/runtime';
import { definitions } from './services.ts';

const host = await runAllInOne(definitions);
console.log(`Mall is running at ${host.url}  (health ${host.url}/healthz, readiness ${host.url}/readyz, metrics ${host.url}/metrics)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void host.shutdown(signal).then(() => process.exit(0)));
}

// Entry of one service instance process in cluster mode: loads the service definition named on the
// command line and runs it on the real servers until SIGTERM.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { ServiceDefinition } from './define.ts';
import { runInstance } from './instance.ts';

const modulePath = process.argv[2];
if (!modulePath) {
  console.error('usage: process-main.ts <service module>');
  process.exit(2);
}
const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as { default?: ServiceDefinition };
if (!mod.default) {
  console.error(`${modulePath} has no default export (a defineService result)`);
  process.exit(2);
}
await runInstance(mod.default);

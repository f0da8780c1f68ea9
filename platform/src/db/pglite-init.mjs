// Creates a PGlite data directory (initdb) and exits: run as a child process by the embedded adapter on a first
// start, so the memory initdb takes (two extra PGlite instances) goes with this process instead of staying
// resident in the host's. Plain JavaScript: it runs under a bare `node`, without the TypeScript loader.
import { PGlite } from '@electric-sql/pglite';

const [dataDir, ...startParams] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node pglite-init.mjs <dataDir> [startParams...]');
  process.exit(2);
}
const pglite = await PGlite.create(dataDir, { startParams });
await pglite.close();

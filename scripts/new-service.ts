// npm run new:service <name> [--entity <thing>]: writes a new service in the one shape (contract, package.json,
// service.ts, config, schema, migration, domain/, handlers, tests) and registers it in both run modes.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { serviceFiles, type ServiceNames } from './service-template.ts';

const root = new URL('..', import.meta.url).pathname;

/** The versions identity declares, so a new service depends on exactly what the others do. */
async function dependencies(): Promise<Record<string, string>> {
  const identity = JSON.parse(await readFile(join(root, 'services/identity/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const wanted = ['@mall/contracts', '@mall/platform', 'drizzle-orm', 'typebox'];
  return Object.fromEntries(
    wanted.map((name) => {
      const version = identity.dependencies[name];
      if (!version)
        throw new Error(`services/identity/package.json no longer declares ${name}; the generator takes its version from there`);
      return [name, version];
    }),
  );
}

function namesOf(service: string, entity: string, deps: Record<string, string>): ServiceNames {
  if (!/^[a-z][a-z0-9]*$/.test(service))
    throw new Error(`service name "${service}" must be lower-case letters and digits (a runtime rule)`);
  if (!/^[a-z][a-z]*$/.test(entity)) throw new Error(`entity "${entity}" must be lower-case letters`);
  const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  return {
    service,
    Service: pascal(service),
    entity,
    Entity: pascal(entity),
    entities: `${entity}s`,
    Entities: `${pascal(entity)}s`,
    dependencies: deps,
  };
}

/** Adds the service to launch/services.ts, before the gateway: a service starts after the ones it calls, and the edge calls everyone. */
export function registerInLaunch(source: string, service: string): string {
  if (source.includes(`../services/${service}/src/service.ts`)) throw new Error(`launch/services.ts already names ${service}`);
  const importLine = `import ${service} from '../services/${service}/src/service.ts';\n`;
  const withImport = source.replace(/(import gateway from [^\n]+\n)/, `$1${importLine}`);
  // On one line or, once the list is longer than a line, one name per line (prettier decides; formatted() rewrites).
  const withDefinition = withImport.replace(
    /(export const definitions: ServiceDefinition\[\] = \[[^\]]*?)(gateway,?\s*\])/,
    `$1${service}, $2`,
  );
  const withModule = withDefinition.replace(
    /(\n {2}gateway: fileURLToPath)/,
    `\n  ${service}: fileURLToPath(new URL('../services/${service}/src/service.ts', import.meta.url)),$1`,
  );
  if (withImport === source || withDefinition === withImport || withModule === withDefinition) {
    throw new Error(
      'launch/services.ts no longer has the shape the generator edits (an import of gateway, `definitions` and `modules` ending with gateway)',
    );
  }
  return withModule;
}

/** Adds the contract to the contracts package's public entry, after the last service contract exported there. */
export function registerInContracts(source: string, service: string): string {
  const line = `export * from './${service}.ts';\n`;
  if (source.includes(line)) throw new Error(`contracts/src/index.ts already exports ${service}`);
  return source.endsWith('\n') ? source + line : `${source}\n${line}`;
}

/** The file as the repository's formatter writes it (`npm run check` runs prettier --check), so generated code passes untouched. */
async function formatted(path: string, text: string): Promise<string> {
  if (!/\.(ts|mjs|js|json)$/.test(path)) return text;
  const options = await resolveConfig(path);
  return format(text, { ...options, filepath: path });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { entity: { type: 'string', default: 'item' } } });
  const [service] = positionals;
  if (!service || positionals.length > 1) {
    console.error('usage: npm run new:service <name> [-- --entity <thing>]   (e.g. npm run new:service catalog -- --entity product)');
    process.exit(2);
  }
  const names = namesOf(service, values.entity, await dependencies());
  const files = serviceFiles(names);
  const taken = Object.keys(files).filter((path) => existsSync(join(root, path)));
  if (taken.length > 0) throw new Error(`refusing to overwrite: ${taken.join(', ')}`);

  const launchPath = join(root, 'launch/services.ts');
  const contractsIndexPath = join(root, 'contracts/src/index.ts');
  const launch = registerInLaunch(await readFile(launchPath, 'utf8'), service);
  const contractsIndex = registerInContracts(await readFile(contractsIndexPath, 'utf8'), service);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), await formatted(join(root, path), text));
  }
  await writeFile(launchPath, await formatted(launchPath, launch));
  await writeFile(contractsIndexPath, await formatted(contractsIndexPath, contractsIndex));

  console.log(`new service "${service}" written:`);
  for (const path of [...Object.keys(files), relative(root, launchPath), relative(root, contractsIndexPath)]) console.log(`  ${path}`);
  console.log(
    `next: npm install (registers the workspace), npm run check && node --import tsx --test services/${service}/test/**/*.test.ts, then npm start (it runs inside the all-in-one host) or npm run cluster`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

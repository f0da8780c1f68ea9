// The generator of new services: the files it writes and how it registers a service in both run modes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { registerInContracts, registerInLaunch } from '../../scripts/new-service.ts';
import { serviceFiles } from '../../scripts/service-template.ts';

const launch = await readFile(new URL('../../launch/services.ts', import.meta.url), 'utf8');
const names = {
  service: 'shelf',
  Service: 'Shelf',
  entity: 'book',
  Entity: 'Book',
  entities: 'books',
  Entities: 'Books',
  dependencies: { typebox: '^1.0.0' },
};

describe('npm run new:service', () => {
  test('the service is started by both run modes, before the gateway that calls it', () => {
    const edited = registerInLaunch(launch, 'shelf');
    assert.match(edited, /import shelf from '\.\.\/services\/shelf\/src\/service\.ts';/);
    assert.match(edited, /definitions: ServiceDefinition\[\] = \[[^\]]*shelf, gateway,?\s*\]/);
    assert.match(edited, /shelf: fileURLToPath\(new URL\('\.\.\/services\/shelf\/src\/service\.ts', import\.meta\.url\)\),\n {2}gateway:/);
  });
  test('a service already registered is refused, not registered twice', () => {
    assert.throws(() => registerInLaunch(registerInLaunch(launch, 'shelf'), 'shelf'), /already names shelf/);
    assert.throws(
      () => registerInContracts(registerInContracts("export * from './identity.ts';\n", 'shelf'), 'shelf'),
      /already exports shelf/,
    );
  });
  test('a launch file of another shape fails loudly instead of being half edited', () => {
    assert.throws(() => registerInLaunch('export const definitions = [];\n', 'shelf'), /no longer has the shape/);
  });
  test('every part of the one shape is written, with the declared dependencies', () => {
    const files = serviceFiles(names);
    for (const path of [
      'contracts/src/shelf.ts',
      'services/shelf/src/service.ts',
      'services/shelf/src/domain/books.ts',
      'services/shelf/migrations/001_shelf.sql',
      'services/shelf/test/shelf.test.ts',
    ]) {
      assert.ok(files[path], `${path} is written`);
    }
    assert.deepEqual(JSON.parse(files['services/shelf/package.json'] ?? '{}').dependencies, { typebox: '^1.0.0' });
  });
});

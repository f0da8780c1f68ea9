// Runs the Registry conformance suite against the embedded adapter: registries sharing one directory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, EmbeddedDirectory, EmbeddedRegistry } from '../../src/registry/index.ts';
import { registryConformance } from './registry-conformance.ts';

const directory = new EmbeddedDirectory();
registryConformance('embedded', async () => new EmbeddedRegistry({ directory }));

describe('EmbeddedRegistry', () => {
  test('registries with separate directories do not see each other', async () => {
    const one = new EmbeddedRegistry();
    const two = new EmbeddedRegistry();
    await one.register({ service: 'catalog', id: 'i1', url: 'http://127.0.0.1:1' });
    assert.deepEqual(await two.instances('catalog'), []);
    await one.close();
    await two.close();
  });

  test('createRegistry("embedded") shares the directory it is given', async () => {
    const shared = new EmbeddedDirectory();
    const one = await createRegistry('embedded', { directory: shared });
    const two = await createRegistry('embedded', { directory: shared });
    await one.register({ service: 'cart', id: 'i1', url: 'http://127.0.0.1:2' });
    assert.deepEqual(
      (await two.instances('cart')).map((instance) => instance.id),
      ['i1'],
    );
    await one.close();
    await two.close();
  });
});

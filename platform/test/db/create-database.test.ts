// Choosing the database by run mode: the cluster reads MALL_POSTGRES_URL, the all-in-one host keeps
// PGlite files under MALL_DATA_DIR so the demo data survives a restart.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, defaultPostgresUrl } from '../../src/db/index.ts';
import { pgliteTemplateDir } from '../../src/db/pglite-database.ts';
import { Fixtures } from './fixtures.ts';

describe('createDatabase by run mode', () => {
  const fx = new Fixtures();
  const dirs: string[] = [];

  after(async () => {
    await fx.cleanup(undefined);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  test('real mode opens PostgreSQL at MALL_POSTGRES_URL with pg_trgm available', async () => {
    const db = await createDatabase('real', { env: { MALL_POSTGRES_URL: process.env.MALL_POSTGRES_URL || defaultPostgresUrl } });
    try {
      assert.equal(db.driver, 'pg');
      const [row] = await db.forService(fx.schema('real')).query<{ s: number }>("SELECT similarity('耳机', '耳机') AS s");
      assert.equal(row?.s, 1);
    } finally {
      await db.close();
    }
  });

  test('real mode fails to open when MALL_POSTGRES_URL points at no server', async () => {
    await assert.rejects(createDatabase('real', { env: { MALL_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/test' } }));
  });

  test('embedded mode keeps its data in MALL_DATA_DIR/pglite across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mall-data-'));
    dirs.push(dataDir);
    const env = { MALL_DATA_DIR: dataDir };
    const migrations = await fx.migrations({ '001.sql': "CREATE TABLE note (body text); INSERT INTO note VALUES ('kept');" });

    const first = await createDatabase('embedded', { env, extensions: [] });
    assert.equal(first.driver, 'pglite');
    assert.deepEqual((await first.forService('demo').migrate(migrations)).applied, ['001.sql']);
    await first.close();
    assert.ok((await readdir(join(dataDir, 'pglite'))).includes('PG_VERSION'));

    const second = await createDatabase('embedded', { env, extensions: [] });
    try {
      assert.deepEqual((await second.forService('demo').migrate(migrations)).applied, []);
      assert.deepEqual(await second.forService('demo').query('SELECT body FROM note'), [{ body: 'kept' }]);
    } finally {
      await second.close();
    }
  });

  test('a new embedded data directory is a copy of one pristine template, and the copies share nothing', async () => {
    const templates = await mkdtemp(join(tmpdir(), 'mall-templates-'));
    dirs.push(templates);
    const before = process.env.MALL_PGLITE_TEMPLATES;
    process.env.MALL_PGLITE_TEMPLATES = templates;
    try {
      const template = pgliteTemplateDir();
      assert.ok(template.startsWith(templates));
      assert.equal(existsSync(template), false);
      const migrations = await fx.migrations({ '001.sql': 'CREATE TABLE note (body text);' });
      const open = async (label: string) => {
        const dataDir = await mkdtemp(join(tmpdir(), `mall-data-${label}-`));
        dirs.push(dataDir);
        const db = await createDatabase('embedded', { env: { MALL_DATA_DIR: dataDir }, extensions: [] });
        await db.forService('demo').migrate(migrations);
        return db;
      };
      const a = await open('a');
      assert.ok(existsSync(join(template, 'PG_VERSION')), 'the first new directory left a template behind');
      assert.deepEqual(
        (await readdir(templates)).filter((name) => name.includes('.tmp-')),
        [],
        'no half-made template is left',
      );
      const b = await open('b');
      try {
        await a.forService('demo').query("INSERT INTO note VALUES ('only in a')");
        assert.deepEqual(await b.forService('demo').query('SELECT body FROM note'), []);
        assert.deepEqual(await a.forService('demo').query('SELECT body FROM note'), [{ body: 'only in a' }]);
      } finally {
        await a.close();
        await b.close();
      }
      const c = await open('c');
      try {
        assert.deepEqual(await c.forService('demo').query('SELECT body FROM note'), [], 'the template took no write of a copy');
      } finally {
        await c.close();
      }
    } finally {
      if (before === undefined) delete process.env.MALL_PGLITE_TEMPLATES;
      else process.env.MALL_PGLITE_TEMPLATES = before;
    }
  });
});

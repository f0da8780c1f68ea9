// The files of a new service in the one shape, as `npm run new:service` writes them: a working first resource
// (create with an idempotency key, read by id, a configured limit) that shows where every kind of code lives.

export interface ServiceNames {
  /** `catalog` */
  service: string;
  /** `Catalog` */
  Service: string;
  /** `product` */
  entity: string;
  /** `Product` */
  Entity: string;
  /** `products` */
  entities: string;
  /** `Products` */
  Entities: string;
  /** What the generated code imports, at the versions the other services declare. */
  dependencies: Record<string, string>;
}

/** Path (from the repository root) → contents. */
export function serviceFiles(n: ServiceNames): Record<string, string> {
  const dir = `services/${n.service}`;
  return {
    [`contracts/src/${n.service}.ts`]: contract(n),
    [`${dir}/package.json`]: packageJson(n),
    [`${dir}/README.md`]: readme(n),
    [`${dir}/migrations/001_${n.service}.sql`]: migration(n),
    [`${dir}/src/config.ts`]: config(n),
    [`${dir}/src/schema.ts`]: schema(n),
    [`${dir}/src/domain/${n.entities}.ts`]: domain(n),
    [`${dir}/src/${n.entities}.ts`]: repository(n),
    [`${dir}/src/handlers.ts`]: handlers(n),
    [`${dir}/src/service.ts`]: service(n),
    [`${dir}/test/unit/domain.unit.test.ts`]: unitTest(n),
    [`${dir}/test/${n.service}.test.ts`]: integrationTest(n),
  };
}

const contract = (n: ServiceNames) => `// The ${n.service} service's contract: its methods, their inputs, outputs and errors, declared once.
// Server validation, the typed client and the docs all come from here.
import { Type } from 'typebox';
import { defineContract } from './define.ts';
import { IdempotencyKey, strict, Timestamp, Uuid } from './primitives.ts';

const ${n.Entity}Name = Type.String({ minLength: 1, maxLength: 100 });

export const ${n.Entity} = Type.Object({ id: Uuid, name: ${n.Entity}Name, createdAt: Timestamp });

export const ${n.Service}Contract = defineContract('${n.service}', {
  create${n.Entity}: {
    input: Type.Object({ idempotencyKey: IdempotencyKey, name: ${n.Entity}Name }, strict),
    output: ${n.Entity},
    errors: { ${n.entity.toUpperCase()}_LIMIT_REACHED: 409 },
    idempotent: true,
    summary: 'Creates a ${n.entity}; a retry with the same idempotency key answers the same ${n.entity}.',
  },
  get${n.Entity}: {
    input: Type.Object({ id: Uuid }, strict),
    output: ${n.Entity},
    errors: { NOT_FOUND: 404 },
    idempotent: true,
  },
});
`;

const packageJson = (n: ServiceNames) =>
  `${JSON.stringify(
    {
      name: `@mall/${n.service}`,
      version: '0.1.0',
      private: true,
      type: 'module',
      exports: { '.': './src/service.ts' },
      dependencies: n.dependencies,
    },
    null,
    2,
  )}\n`;

const readme = (n: ServiceNames) => `# ${n.service}

${n.Entities}, each created once per idempotency key. Contract: \`contracts/src/${n.service}.ts\`
(\`${n.Service}Contract\`). Tables live in the \`${n.service}\` schema (\`migrations/\`), applied at start.

## Layout

| path | what |
|---|---|
| \`src/service.ts\` | \`defineService\`: the only wiring |
| \`src/domain/\` | pure rules, no I/O, unit tested |
| \`src/handlers.ts\` | RPC handlers: read input, call the rule and the repository |
| \`src/${n.entities}.ts\` | the repository: SQL through Drizzle, in transactions |
| \`src/schema.ts\` | Drizzle tables; \`migrations/\` is the reference SQL |
| \`test/\` | unit tests, and integration tests against the real servers and in the all-in-one host |

## Configuration

Hot-reloaded settings (schema in \`src/config.ts\`), from env \`MALL_${n.service.toUpperCase()}_<SETTING>\`, the
config file section \`${n.service}\`, or the config center key \`${n.service}\`:

| env | default | meaning |
|---|---|---|
| \`MALL_${n.service.toUpperCase()}_MAX_${n.entities.toUpperCase()}\` | 10000 | ${n.entities} kept at most; one more answers 409 \`${n.entity.toUpperCase()}_LIMIT_REACHED\` |
`;

const migration = (n: ServiceNames) => `-- ${n.Service}'s tables, created in the service's own schema (the search_path names it).
CREATE TABLE ${n.entities} (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

const config = (
  n: ServiceNames,
) => `// ${n.Service}'s configuration (hot-reloaded; env MALL_${n.service.toUpperCase()}_<SETTING>), with its defaults,
// validated at start and on every change.
import { Type, type Static } from 'typebox';

export const ${n.Service}Config = Type.Object(
  {
    /** ${n.Entities} kept at most; creating one more is refused. */
    max${n.Entities}: Type.Integer({ default: 10000, minimum: 1, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

export type ${n.Service}Config = Static<typeof ${n.Service}Config>;
`;

const schema = (n: ServiceNames) => `// ${n.Service}'s tables as Drizzle sees them, in the service's own PostgreSQL schema; the SQL that
// creates them is migrations/, which stays the reference.
import { pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ${n.service} = pgSchema('${n.service}');

export const ${n.entities} = ${n.service}.table('${n.entities}', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
`;

const domain = (n: ServiceNames) => `// The rules of a ${n.entity}, without I/O: how its name is kept, and when one more may be created.

/** Names are kept trimmed, with runs of white space as one space, so two names that look alike are alike. */
export function normalise${n.Entity}Name(name: string): string {
  return name.trim().replace(/\\s+/g, ' ');
}

/** Whether one more ${n.entity} fits under the configured limit, given how many exist. */
export function mayCreate${n.Entity}(existing: number, limit: number): boolean {
  return existing < limit;
}
`;

const repository = (
  n: ServiceNames,
) => `// ${n.Entities} in the service's schema: created once per idempotency key, in one transaction with the
// record of the answer, and read by id.
import { eq, sql } from 'drizzle-orm';
import { MallError, validationFailed, type MethodInput, type MethodOutput } from '@mall/contracts';
import type { ${n.Service}Contract } from '@mall/contracts/${n.service}';
import type { ServiceDb } from '@mall/platform/db';
import { once } from '@mall/platform/idempotency';
import { mayCreate${n.Entity}, normalise${n.Entity}Name } from './domain/${n.entities}.ts';
import { ${n.entities} } from './schema.ts';

type ${n.Entity} = MethodOutput<typeof ${n.Service}Contract, 'get${n.Entity}'>;

export class ${n.Entities} {
  constructor(
    private readonly db: ServiceDb,
    private readonly limit: () => number,
  ) {}

  create(input: MethodInput<typeof ${n.Service}Contract, 'create${n.Entity}'>): Promise<${n.Entity}> {
    const name = normalise${n.Entity}Name(input.name);
    if (name === '') throw validationFailed('input', [{ path: '/name', message: 'must not be blank' }]);
    return this.db.transaction((tx) =>
      once(tx, { scope: '${n.entity}', key: input.idempotencyKey, request: { name } }, async () => {
        // The count and the insert are one decision: the table lock makes concurrent creates take turns.
        await tx.query('LOCK TABLE ${n.entities} IN SHARE ROW EXCLUSIVE MODE');
        const [{ count } = { count: 0 }] = await tx.orm.select({ count: sql<number>\`count(*)::int\` }).from(${n.entities});
        if (!mayCreate${n.Entity}(count, this.limit())) throw new MallError('${n.entity.toUpperCase()}_LIMIT_REACHED', \`at most \${this.limit()} ${n.entities} are kept\`);
        const [row] = await tx.orm.insert(${n.entities}).values({ name }).returning();
        if (!row) throw new Error('${n.entity} insert returned nothing');
        return to${n.Entity}(row);
      }),
    );
  }

  async get(id: string): Promise<${n.Entity}> {
    const [row] = await this.db.orm.select().from(${n.entities}).where(eq(${n.entities}.id, id));
    if (!row) throw new MallError('NOT_FOUND', 'no such ${n.entity}');
    return to${n.Entity}(row);
  }
}

function to${n.Entity}(row: typeof ${n.entities}.$inferSelect): ${n.Entity} {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}
`;

const handlers = (n: ServiceNames) => `// ${n.Service}'s RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { ${n.Service}Contract } from '@mall/contracts/${n.service}';
import type { Handlers } from '@mall/platform/rpc';
import type { ${n.Entities} } from './${n.entities}.ts';

export function ${n.service}Handlers(${n.entities}: ${n.Entities}): Handlers<typeof ${n.Service}Contract> {
  return {
    create${n.Entity}: (input) => ${n.entities}.create(input),
    get${n.Entity}: ({ id }) => ${n.entities}.get(id),
  };
}
`;

const service = (n: ServiceNames) => `// The ${n.service} service: ${n.entities}, created once per idempotency key and read by id.
// This file is its only wiring; the runtime does the rest (config, migrations, RPC, health, shutdown).
import { fileURLToPath } from 'node:url';
import { ${n.Service}Contract } from '@mall/contracts/${n.service}';
import { defineService } from '@mall/platform/runtime';
import { ${n.Service}Config } from './config.ts';
import { ${n.service}Handlers } from './handlers.ts';
import { ${n.Entities} } from './${n.entities}.ts';

export default defineService({
  name: '${n.service}',
  contract: ${n.Service}Contract,
  config: ${n.Service}Config,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  setup: (ctx) => ({ ${n.entities}: new ${n.Entities}(ctx.db, () => ctx.config.current.max${n.Entities}) }),
  handlers: (_ctx, { ${n.entities} }) => ${n.service}Handlers(${n.entities}),
});
`;

const unitTest = (n: ServiceNames) => `// ${n.Service}'s pure rules, without I/O.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mayCreate${n.Entity}, normalise${n.Entity}Name } from '../../src/domain/${n.entities}.ts';

describe('${n.entity} rules', () => {
  test('a name is trimmed and its inner white space kept as single spaces', () => {
    assert.equal(normalise${n.Entity}Name('  red \\t  shoes\\n'), 'red shoes');
  });
  test('a name of only white space normalises to nothing', () => {
    assert.equal(normalise${n.Entity}Name(' \\t '), '');
  });
  test('one more ${n.entity} is allowed below the limit and refused at it', () => {
    assert.equal(mayCreate${n.Entity}(9, 10), true);
    assert.equal(mayCreate${n.Entity}(10, 10), false);
  });
});
`;

const integrationTest = (
  n: ServiceNames,
) => `// ${n.Service} in both run modes: against the real servers (PostgreSQL, NATS, etcd) over HTTP, and in the
// all-in-one host on PGlite, through the same typed client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ${n.Service}Contract } from '@mall/contracts/${n.service}';
import { expectFailure, startServices, type TestDeployment } from '@mall/platform/testkit';
import ${n.service}Service from '../src/service.ts';

for (const mode of ['real', 'embedded'] as const) {
  describe(\`${n.service} (\${mode})\`, () => {
    let deployment: TestDeployment;
    const client = () => deployment.client(${n.Service}Contract);
    before(async () => {
      deployment = await startServices(mode, [${n.service}Service]);
    });
    after(() => deployment.shutdown());

    test('a ${n.entity} is created with a normalised name and read back by id', async () => {
      const created = await client().create${n.Entity}({ idempotencyKey: \`t-\${randomUUID()}\`, name: '  first \\t ${n.entity} ' });
      assert.equal(created.name, 'first ${n.entity}');
      assert.deepEqual(await client().get${n.Entity}({ id: created.id }), created);
    });

    test('a retried create answers the same ${n.entity} and creates no second one', async () => {
      const key = \`t-\${randomUUID()}\`;
      const first = await client().create${n.Entity}({ idempotencyKey: key, name: 'retried' });
      const again = await client().create${n.Entity}({ idempotencyKey: key, name: 'retried' });
      assert.equal(again.id, first.id);
    });

    test('a blank name is refused with VALIDATION_FAILED', async () => {
      await expectFailure(client().create${n.Entity}({ idempotencyKey: \`t-\${randomUUID()}\`, name: '   ' }), 'VALIDATION_FAILED');
    });

    test('an unknown id answers NOT_FOUND', async () => {
      await expectFailure(client().get${n.Entity}({ id: randomUUID() }), 'NOT_FOUND');
    });
  });
}
`;

// Idempotency records on PGlite in memory (the all-in-one mode's database): the shared suite.
import { openDatabase } from '../../src/db/index.ts';
import { idempotencyConformance } from './conformance.ts';

idempotencyConformance('pglite (in memory)', () => openDatabase({ driver: 'pglite' }));

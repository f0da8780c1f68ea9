// Public entry of @mall/platform/idempotency: `once`, which records a mutating call's answer in the caller's
// transaction so a retry replays it; the table lives in each service's schema and the runtime prunes it.
export { fingerprint, once, type IdempotentRequest } from './once.ts';
export { IDEMPOTENCY_RETENTION_HOURS, migrateIdempotency, pruneIdempotency, type PruneOptions } from './records.ts';

// Runs sagas with their progress persisted in the `sagas` table: after every step the step reached and the state are
// written, so a saga cut by a crash is resumed (or compensated) by whoever takes its lapsed lease next — the request
// that retries it, or the recovery job. The lease makes one runner at a time drive a saga.
import { MallError } from '@mall/contracts';
import type { ServiceDb, Tx } from '@mall/platform/db';
import type { Logger } from '@mall/platform/observability';
import { isRefusal, pastPivot, type SagaDefinition } from './steps.ts';

export type SagaStatus = 'running' | 'compensating' | 'done' | 'compensated';

export interface SagaError {
  code: string;
  message: string;
  status: number;
}

export interface SagaRecord<S> {
  id: string;
  kind: string;
  status: SagaStatus;
  step: number;
  state: S;
  error: SagaError | null;
  attempts: number;
}

export interface SagaRunnerOptions {
  leaseMs: () => number;
  /** Runs cut by transient failures before the saga is compensated instead (before its pivot only). */
  maxAttempts: () => number;
  log: Logger;
}

interface SagaRow {
  id: string;
  kind: string;
  status: SagaStatus;
  step: number;
  state: unknown;
  error: SagaError | null;
  attempts: number;
}

export class SagaRunner {
  constructor(
    private readonly db: ServiceDb,
    private readonly opts: SagaRunnerOptions,
  ) {}

  /** Records a new saga in the caller's transaction, leased to the caller: it drives it with `drive` once that commits. */
  async begin<S>(tx: Tx, def: SagaDefinition<S>, id: string, state: S): Promise<void> {
    await tx.query(
      `INSERT INTO sagas (id, kind, status, step, state, attempts, lease_until)
       VALUES ($1, $2, 'running', 0, $3::jsonb, 1, now() + $4 * interval '1 millisecond')`,
      [id, def.kind, JSON.stringify(state), this.opts.leaseMs()],
    );
  }

  async get<S>(id: string): Promise<SagaRecord<S> | undefined> {
    const [row] = await this.db.query<SagaRow>('SELECT id, kind, status, step, state, error, attempts FROM sagas WHERE id = $1', [id]);
    return row ? toRecord<S>(row) : undefined;
  }

  /** Takes the saga when nobody holds it (finished sagas are never taken): true when this caller now drives it. */
  async claim(id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE sagas SET lease_until = now() + $2 * interval '1 millisecond', attempts = attempts + 1, updated_at = now()
       WHERE id = $1 AND status IN ('running', 'compensating') AND lease_until <= now() RETURNING id`,
      [id, this.opts.leaseMs()],
    );
    return rows.length === 1;
  }

  /**
   * Drives a saga this caller holds to its end: every remaining step, or the compensations. A transient failure
   * (not a 4xx refusal) leaves it running with its lease released, so a retry or the recovery job resumes it, and is rethrown.
   */
  async drive<S>(def: SagaDefinition<S>, id: string): Promise<SagaRecord<S>> {
    const saga = await this.get<S>(id);
    if (!saga) throw new Error(`no saga ${id}`);
    if (saga.status === 'compensating') return this.compensate(def, saga, saga.error);
    let { state, step } = saga;
    while (step < def.steps.length) {
      const current = def.steps[step]!;
      try {
        const added = await current.invoke(state);
        state = { ...state, ...(added ?? {}) };
      } catch (err) {
        const error = toSagaError(err);
        const past = pastPivot(def, step);
        if (!past && (isRefusal(err) || saga.attempts >= this.opts.maxAttempts())) {
          this.opts.log.info({ saga: id, step: current.name, code: error.code }, 'saga step refused; compensating');
          // The failed step is compensated too: a timed-out call may have taken effect after all.
          return this.compensate(def, { ...saga, state, step: step + 1 }, error);
        }
        await this.release(id, state, step);
        this.opts.log.warn({ saga: id, step: current.name, code: error.code, err }, 'saga step failed; it will be resumed');
        throw err;
      }
      step += 1;
      await this.advance(id, state, step, step === def.steps.length ? 'done' : 'running');
    }
    return { ...saga, state, step, status: 'done' };
  }

  /** Takes and drives up to `limit` sagas whose runner is gone (its lease lapsed); answers how many it finished. */
  async recover<S>(defs: readonly SagaDefinition<S>[], limit: number): Promise<number> {
    const due = await this.db.query<{ id: string; kind: string }>(
      `SELECT id, kind FROM sagas WHERE status IN ('running', 'compensating') AND lease_until <= now() ORDER BY lease_until LIMIT $1`,
      [limit],
    );
    let finished = 0;
    for (const { id, kind } of due) {
      const def = defs.find((d) => d.kind === kind);
      if (!def) {
        this.opts.log.error({ saga: id, kind }, 'no saga definition of this kind; left as it is');
        continue;
      }
      if (!(await this.claim(id))) continue;
      try {
        await this.drive(def, id);
        finished += 1;
      } catch (err) {
        this.opts.log.warn({ err, saga: id }, 'saga recovery attempt failed; tried again later');
      }
    }
    return finished;
  }

  /** Compensates the first `saga.step` steps in reverse; a compensation that fails leaves the saga for the recovery job. */
  private async compensate<S>(def: SagaDefinition<S>, saga: SagaRecord<S>, error: SagaError | null): Promise<SagaRecord<S>> {
    await this.db.query(
      `UPDATE sagas SET status = 'compensating', step = $2, state = $3::jsonb, error = $4::jsonb, updated_at = now() WHERE id = $1`,
      [saga.id, saga.step, JSON.stringify(saga.state), JSON.stringify(error)],
    );
    for (let i = saga.step - 1; i >= 0; i -= 1) {
      const step = def.steps[i]!;
      try {
        await step.compensate(saga.state);
      } catch (err) {
        await this.db.query(`UPDATE sagas SET step = $2, lease_until = now(), updated_at = now() WHERE id = $1`, [saga.id, i + 1]);
        this.opts.log.warn({ err, saga: saga.id, step: step.name }, 'saga compensation failed; it will be retried');
        throw err;
      }
    }
    await this.db.query(`UPDATE sagas SET status = 'compensated', step = 0, lease_until = now(), updated_at = now() WHERE id = $1`, [
      saga.id,
    ]);
    return { ...saga, status: 'compensated', step: 0, error };
  }

  private async advance(id: string, state: unknown, step: number, status: SagaStatus): Promise<void> {
    await this.db.query(
      `UPDATE sagas SET step = $2, state = $3::jsonb, status = $4, lease_until = now() + $5 * interval '1 millisecond', updated_at = now()
       WHERE id = $1`,
      [id, step, JSON.stringify(state), status, this.opts.leaseMs()],
    );
  }

  private async release(id: string, state: unknown, step: number): Promise<void> {
    await this.db.query(`UPDATE sagas SET step = $2, state = $3::jsonb, lease_until = now(), updated_at = now() WHERE id = $1`, [
      id,
      step,
      JSON.stringify(state),
    ]);
  }
}

function toRecord<S>(row: SagaRow): SagaRecord<S> {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    step: row.step,
    state: row.state as S,
    error: row.error,
    attempts: row.attempts,
  };
}

function toSagaError(err: unknown): SagaError {
  if (err instanceof MallError) return { code: err.code, message: err.message, status: err.status };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), status: 500 };
}

/** The error a compensated saga ended with, thrown again for whoever asks for its result. */
export function sagaFailure(error: SagaError | null): MallError {
  return new MallError(error?.code ?? 'INTERNAL', error?.message ?? 'the saga was compensated', { status: error?.status ?? 500 });
}

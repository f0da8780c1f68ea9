// A saga as a list of steps, each with its compensation next to it (Medusa v2's createStep(name, invoke, compensate)).
// Pure declarations: saga-runner.ts persists the progress and decides what runs when.

export interface SagaStep<S> {
  name: string;
  /** Does the step and answers what it adds to the state. Idempotent: a resumed saga may run it again. */
  invoke(state: S): Promise<Partial<S> | void>;
  /** Undoes the step; idempotent, and safe when the step never ran or half ran (a timeout). */
  compensate(state: S): Promise<void>;
  /**
   * The point of no return: once this step completed, a later failure is retried forward, never compensated
   * (what comes after cannot fail for a business reason, and the world has already seen what this step did).
   */
  pivot: boolean;
}

export interface SagaDefinition<S> {
  /** Stored with each saga, so the recovery job knows which definition resumes it. */
  kind: string;
  steps: readonly SagaStep<S>[];
}

const nothingToUndo = async (): Promise<void> => {};

export function createStep<S>(
  name: string,
  invoke: (state: S) => Promise<Partial<S> | void>,
  compensate: ((state: S) => Promise<void>) | 'nothing to undo',
  opts: { pivot?: boolean } = {},
): SagaStep<S> {
  return { name, invoke, compensate: compensate === 'nothing to undo' ? nothingToUndo : compensate, pivot: opts.pivot ?? false };
}

export function defineSaga<S>(kind: string, steps: readonly SagaStep<S>[]): SagaDefinition<S> {
  if (steps.length === 0) throw new Error(`saga ${kind} has no steps`);
  const names = new Set(steps.map((s) => s.name));
  if (names.size !== steps.length) throw new Error(`saga ${kind} names a step twice`);
  if (steps.filter((s) => s.pivot).length > 1) throw new Error(`saga ${kind} has more than one pivot step`);
  return { kind, steps };
}

/** Past the pivot a saga only goes forward. */
export function pastPivot<S>(def: SagaDefinition<S>, completedSteps: number): boolean {
  return def.steps.slice(0, completedSteps).some((s) => s.pivot);
}

/** What a failed step means: a refusal (4xx) is final and compensated; anything else may pass and is retried. */
export function isRefusal(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

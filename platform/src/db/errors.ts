// Failures of the SQL port that callers may want to tell apart from ordinary database errors
// (which keep the driver's error object and its SQLSTATE `code`).

/** COMMIT found the transaction already aborted by a failed statement, so it rolled back. */
export class TransactionAbortedError extends Error {
  constructor(options?: ErrorOptions) {
    super('transaction was aborted by an earlier failed statement; COMMIT rolled it back', options);
    this.name = 'TransactionAbortedError';
  }
}

/** A migration could not be applied, or an applied one no longer matches its file. */
export class MigrationError extends Error {
  constructor(
    readonly schema: string,
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`migration ${schema}/${file}: ${message}`, options);
    this.name = 'MigrationError';
  }
}

/**
 * PGlite has one connection: a statement issued from inside an open transaction but not through it
 * (ServiceDb.query, another service's call, a nested transaction()) would wait for that transaction
 * to end, i.e. forever. It is refused with an error instead of hanging.
 */
export class PgliteBusyError extends Error {
  constructor() {
    super(
      'PGlite has a single connection and this code runs inside an open transaction: use tx.query / tx.orm, ' +
        'and do not call other services or open another transaction inside transaction()',
    );
    this.name = 'PgliteBusyError';
  }
}

// Errors the bus throws to its callers: a payload that does not match its event's schema is a
// programming error of the publisher, reported before anything is written.
export class InvalidEventPayloadError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: string[],
  ) {
    super(`payload of event ${subject} does not match its schema: ${problems.join('; ')}`);
    this.name = 'InvalidEventPayloadError';
  }
}

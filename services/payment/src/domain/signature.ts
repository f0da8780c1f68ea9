// How payment tells a processor's notification from a forgery or a replay: HMAC-SHA256 with the shared secret over
// "<timestamp>.<body>" (the exact bytes sent), and a timestamp within the tolerance of our clock.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureVerdict = 'valid' | 'forged' | 'stale';

export function notificationSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The signature is checked first, in constant time, so a forger learns nothing from the answer; the timestamp is
 * signed too, so a captured notification cannot be replayed later with a fresh one.
 */
export function verifyNotification(
  n: { timestamp: number; signature: string; body: string },
  secret: string,
  now: Date,
  toleranceSeconds: number,
): SignatureVerdict {
  const expected = Buffer.from(notificationSignature(secret, n.timestamp, n.body), 'hex');
  const given = Buffer.from(n.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return Math.abs(now.getTime() / 1000 - n.timestamp) <= toleranceSeconds ? 'valid' : 'stale';
}

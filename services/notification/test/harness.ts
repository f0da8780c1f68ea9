// What the notification tests share: a real SMTP server (the smtp-server package) that keeps every mail it
// accepted, the order and payment events as the order and payment services publish them, and waiting for a condition.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  subject: string;
  messageId: string;
  raw: string;
}

/** An SMTP server on 127.0.0.1 that accepts every mail and keeps it; stop and start it again on the same port. */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  #server: SMTPServer | undefined;
  #port = 0;

  get port(): number {
    return this.#port;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: header(raw, 'subject'),
            messageId: header(raw, 'message-id'),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): CaughtMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }
}

/** A header of a raw message, unfolded, its MIME encoded words (=?UTF-8?B?…?=, =?UTF-8?Q?…?=) decoded. */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return '';
  const value = line.slice(name.length + 1).trim();
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const line = { skuId: randomUUID(), quantity: 2, title: { zh: '无线蓝牙耳机', en: 'Wireless earbuds' }, unitPrice: cny(19_900) };

/** An order of `buyerId` and the payloads its events carry (contracts/src/order.ts, contracts/src/payment.ts). */
export function anOrder(buyerId: string) {
  const orderId = randomUUID();
  const facts = {
    orderId,
    orderNo: `20261203-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    buyerId,
    at: new Date().toISOString(),
  };
  const intentId = randomUUID();
  return {
    orderId,
    orderNo: facts.orderNo,
    placed: { ...facts, total: cny(39_800), lines: [line], expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() },
    paid: { ...facts, total: cny(39_800), lines: [line], paymentIntentId: intentId },
    cancelled: { ...facts, reason: 'timeout' as const },
    shipped: { ...facts, carrier: 'SF Express', trackingNo: 'SF1234567890' },
    refunded: { ...facts, amount: cny(39_800) },
    paymentRefunded: { intentId, orderId, buyerId, at: facts.at, refundId: randomUUID(), amount: cny(39_800) },
    paymentFailed: { intentId, orderId, buyerId, at: facts.at, reason: 'card declined' },
  };
}

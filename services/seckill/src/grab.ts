// The grab, the hot path: a local sold-out flag (a refusal that never leaves the process), the token's signature
// checked locally, ONE atomic KV call (window, token, stock, per-user limit, decrement), then the ticket written with
// its queued event in one transaction; the unique (buyer, item, seq) index there is the last line of defence.
import { randomUUID } from 'node:crypto';
import { MallError, type MethodInput, type MethodOutput } from '@mall/contracts';
import { SeckillTicketQueued, type SeckillContract } from '@mall/contracts/seckill';
import type { Bus } from '@mall/platform/bus';
import type { ServiceDb } from '@mall/platform/db';
import type { Kv } from '@mall/platform/kv';
import { GrabCode, refusalOf, soldOutAfter } from './domain/grab.ts';
import { phaseAt } from './domain/sessions.ts';
import { signGrabToken, verifyGrabToken } from './grab-token.ts';
import { grabScript, itemKeys, spentTokenKey, ungrabScript } from './grab-scripts.ts';
import { preload, type ItemRow } from './sessions.ts';

type In<K extends keyof (typeof SeckillContract)['methods']> = MethodInput<typeof SeckillContract, K>;
type Out<K extends keyof (typeof SeckillContract)['methods']> = MethodOutput<typeof SeckillContract, K>;

interface LiveItem extends ItemRow {
  status: string;
  starts_at: Date | string;
  ends_at: Date | string;
}

const UNIQUE_VIOLATION = '23505';

export class Grabs {
  /**
   * Items this instance has seen sold out, until when: grabs of them are refused here without a round trip. The flag
   * lapses (soldOutRecheckMs) because a unit can come back to the sale (a ticket whose order could not be made).
   */
  private readonly soldOut = new Map<string, number>();

  constructor(
    private readonly db: ServiceDb,
    private readonly kv: Kv,
    private readonly bus: Bus,
    private readonly settings: () => { grabTokenSecret: string; soldOutRecheckMs: number },
  ) {}

  private secret(): string {
    return this.settings().grabTokenSecret;
  }

  async token({ itemId, buyerId }: In<'grabToken'>): Promise<Out<'grabToken'>> {
    const item = await this.item(itemId);
    const phase = phaseAt({ startsAt: new Date(item.starts_at), endsAt: new Date(item.ends_at) }, new Date());
    if (phase === 'not-started') throw new MallError('NOT_STARTED', 'the session has not started; the token is handed out from its start');
    if (phase === 'ended') throw new MallError('ENDED', 'the session is over');
    const expiresAtMs = new Date(item.ends_at).getTime();
    return { token: signGrabToken(this.secret(), { itemId, buyerId, expiresAtMs }), expiresAt: new Date(expiresAtMs).toISOString() };
  }

  async grab({ itemId, buyerId, token }: In<'grab'>): Promise<Out<'grab'>> {
    const nowMs = Date.now();
    if ((this.soldOut.get(itemId) ?? 0) > nowMs) throw new MallError('SOLD_OUT', 'sold out');
    const claims = verifyGrabToken(this.secret(), token, { itemId, buyerId, nowMs });
    if (!claims) throw new MallError('GRAB_TOKEN_INVALID', 'the grab token is not valid for this item and buyer; fetch a new one');
    const keys = itemKeys(itemId);
    const spent = spentTokenKey(claims.nonce);
    const args = [buyerId, nowMs, Math.max(1, claims.expiresAtMs - nowMs)];
    let [code = GrabCode.notLoaded, remaining = 0, seq = 0] = await this.kv.run(
      grabScript,
      [keys.meta, keys.stock, keys.buyers, spent],
      args,
    );
    if (code === GrabCode.notLoaded) {
      await this.reload(itemId);
      [code = GrabCode.notLoaded, remaining = 0, seq = 0] = await this.kv.run(
        grabScript,
        [keys.meta, keys.stock, keys.buyers, spent],
        args,
      );
    }
    if (soldOutAfter(code, remaining)) this.soldOut.set(itemId, nowMs + this.settings().soldOutRecheckMs);
    const refusal = refusalOf(code);
    if (refusal) throw new MallError(refusal, refusalMessage[refusal]);
    if (code !== GrabCode.taken) throw new MallError('NOT_FOUND', `item ${itemId} is not on sale`);
    try {
      return { ticketId: await this.writeTicket(itemId, buyerId, seq) };
    } catch (err) {
      // The unit goes back to the sale: without its ticket nobody holds it.
      await this.kv.run(ungrabScript, [keys.stock, keys.buyers], [buyerId]);
      this.soldOut.delete(itemId);
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) throw new MallError('LIMIT_REACHED', refusalMessage.LIMIT_REACHED);
      throw err;
    }
  }

  async ticket({ ticketId, buyerId }: In<'getTicket'>): Promise<Out<'getTicket'>> {
    const [row] = await this.db.query<{
      id: string;
      item_id: string;
      status: 'QUEUED' | 'ORDER_CREATED' | 'FAILED';
      order_id: string | null;
      failure: string | null;
      created_at: Date | string;
    }>('SELECT id, item_id, status, order_id, failure, created_at FROM tickets WHERE id = $1 AND buyer_id = $2', [ticketId, buyerId]);
    if (!row) throw new MallError('NOT_FOUND', `no ticket ${ticketId}`);
    return {
      ticketId: row.id,
      itemId: row.item_id,
      status: row.status,
      orderId: row.order_id,
      failure: row.failure,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  private async writeTicket(itemId: string, buyerId: string, seq: number): Promise<string> {
    const ticketId = randomUUID();
    await this.db.transaction(async (tx) => {
      const [item] = await tx.query<{ session_id: string; sku_id: string; price_amount: string | number; currency: string }>(
        `INSERT INTO tickets (id, item_id, buyer_id, seq, status) VALUES ($1, $2, $3, $4, 'QUEUED')
         RETURNING (SELECT session_id FROM session_items WHERE id = $2), (SELECT sku_id FROM session_items WHERE id = $2),
                   (SELECT price_amount FROM session_items WHERE id = $2), (SELECT currency FROM session_items WHERE id = $2)`,
        [ticketId, itemId, buyerId, seq],
      );
      await this.bus.publish(tx, SeckillTicketQueued, {
        ticketId,
        itemId,
        sessionId: item!.session_id,
        buyerId,
        skuId: item!.sku_id,
        price: { amount: Number(item!.price_amount), currency: item!.currency },
        at: new Date().toISOString(),
      });
    });
    return ticketId;
  }

  /** The KV store does not know the item (lost, or never loaded here): load it from PostgreSQL if it is on sale. */
  private async reload(itemId: string): Promise<void> {
    const item = await this.item(itemId);
    if (item.status !== 'PUBLISHED') return;
    await preload(this.kv, this.db, item, {
      startsAt: new Date(item.starts_at).toISOString(),
      endsAt: new Date(item.ends_at).toISOString(),
    });
  }

  private async item(itemId: string): Promise<LiveItem> {
    const [row] = await this.db.query<LiveItem>(
      `SELECT i.id, i.session_id, i.sku_id, i.price_amount, i.currency, i.quantity, i.per_user_limit, i.returned, s.status, s.starts_at, s.ends_at
       FROM session_items i JOIN sessions s ON s.id = i.session_id WHERE i.id = $1`,
      [itemId],
    );
    if (!row || row.status === 'DRAFT') throw new MallError('NOT_FOUND', `item ${itemId} is not on sale`);
    if (row.status === 'CLOSED') throw new MallError('ENDED', 'the session is closed');
    return row;
  }
}

const refusalMessage = {
  NOT_STARTED: 'the session has not started',
  ENDED: 'the session is over',
  SOLD_OUT: 'sold out',
  LIMIT_REACHED: 'this buyer has taken as many units of the item as the sale allows',
};

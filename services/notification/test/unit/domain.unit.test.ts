// The notification rules without I/O: which fact an event tells, the words in each language, money, retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { OrderCancelled } from '@mall/contracts/order';
import { facts, MAX_MAILED_LINES } from '../../src/domain/facts.ts';
import { givesUp, retryDelayMs } from '../../src/domain/retry.ts';
import { formatMoney, renderMail, renderNotification } from '../../src/domain/templates.ts';
import { anOrder } from '../harness.ts';

test('order.refunded and payment.refunded of one order are the same fact', () => {
  const order = anOrder(randomUUID());
  const fromOrder = facts.orderRefunded(order.refunded);
  const fromPayment = facts.paymentRefunded(order.paymentRefunded);
  assert.deepEqual([fromOrder.userId, fromOrder.kind, fromOrder.ref], [fromPayment.userId, fromPayment.kind, fromPayment.ref]);
});

test('a failed payment is told once per intent, a placed order once per order', () => {
  const order = anOrder(randomUUID());
  assert.equal(facts.paymentFailed(order.paymentFailed).ref, order.paymentFailed.intentId);
  assert.equal(facts.orderPlaced(order.placed).ref, order.orderId);
  assert.equal(facts.orderPaid(order.paid).kind, 'order-paid');
});

test('money is formatted from minor units by the currency’s own decimals', () => {
  assert.equal(formatMoney({ amount: 39_800, currency: 'CNY' }, 'zh-CN'), '¥398.00');
  assert.equal(formatMoney({ amount: 1234, currency: 'USD' }, 'en'), '$12.34');
  assert.equal(formatMoney({ amount: 500, currency: 'JPY' }, 'en'), '¥500');
});

test('every kind reads in Chinese for zh-CN and in English for en, naming the order by its number', () => {
  const order = anOrder(randomUUID());
  const all = [
    facts.orderPlaced(order.placed),
    facts.orderPaid(order.paid),
    facts.orderCancelled(order.cancelled),
    facts.orderShipped(order.shipped),
    facts.orderRefunded(order.refunded),
  ];
  for (const fact of all) {
    const zh = renderNotification(fact.kind, fact.data, fact.orderId, 'zh-CN');
    const en = renderNotification(fact.kind, fact.data, fact.orderId, 'en');
    assert.match(zh.title, /^订单 /, fact.kind);
    assert.match(en.title, new RegExp(order.orderNo), fact.kind);
    assert.doesNotMatch(en.body, /[\u4e00-\u9fff]/, `${fact.kind}: no Chinese in English`);
    assert.match(zh.body, new RegExp(order.orderNo), fact.kind);
  }
});

test('every cancel reason of order.cancelled is told in words, in both languages', () => {
  const order = anOrder(randomUUID());
  const reasons = OrderCancelled.payload.properties.reason.anyOf.map((r) => r.const);
  assert.ok(reasons.includes('checkout_failed'));
  for (const reason of reasons) {
    const fact = facts.orderCancelled({ ...order.cancelled, reason });
    const zh = renderNotification(fact.kind, fact.data, fact.orderId, 'zh-CN').body;
    const en = renderNotification(fact.kind, fact.data, fact.orderId, 'en').body;
    assert.doesNotMatch(en, new RegExp(`: ${reason}\\.`), `${reason} has English words`);
    assert.doesNotMatch(zh, new RegExp(`：${reason}。`), `${reason} has Chinese words`);
  }
});

test('a payment event without an order number names the order by its short id', () => {
  const order = anOrder(randomUUID());
  const fact = facts.paymentFailed(order.paymentFailed);
  assert.equal(
    renderNotification(fact.kind, fact.data, fact.orderId, 'en').title,
    `Payment for order ${order.orderId.slice(0, 8).toUpperCase()} failed`,
  );
});

test('a receipt lists the lines in the reader’s language, at most MAX_MAILED_LINES, and escapes HTML', () => {
  const order = anOrder(randomUUID());
  const line = {
    skuId: randomUUID(),
    title: { zh: '<b>耳机</b>', en: '<b>Earbuds</b>' },
    quantity: 1,
    unitPrice: { amount: 100, currency: 'CNY' },
  };
  const fact = facts.orderPaid({ ...order.paid, lines: Array.from({ length: MAX_MAILED_LINES + 3 }, () => line) });
  const en = renderMail(fact.kind, fact.data, fact.orderId, 'en');
  assert.match(en.text, /<b>Earbuds<\/b> × 1/);
  assert.match(en.text, /and 3 more/);
  assert.doesNotMatch(en.html, /<b>Earbuds/);
  assert.match(renderMail(fact.kind, fact.data, fact.orderId, 'zh-CN').text, /另有 3 件商品/);
});

test('a failed mail is retried after a delay doubling from the base up to the cap, and given up at the last attempt', () => {
  const policy = { baseMs: 1000, maxMs: 5000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((a) => retryDelayMs(a, policy)),
    [1000, 2000, 4000, 5000, 5000],
  );
  assert.equal(retryDelayMs(10_000, policy), 5000);
  assert.equal(givesUp(19, 20), false);
  assert.equal(givesUp(20, 20), true);
});

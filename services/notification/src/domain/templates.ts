// The words of every notification and mail in the shop's two languages, without I/O: a fact and a locale
// give a title, a plain-text body and the mail's HTML. Money is formatted from integer minor units.
import { MAX_MAILED_LINES, type FactData, type Kind, type Money } from './facts.ts';

export type Locale = 'zh-CN' | 'en';

export interface Rendered {
  title: string;
  body: string;
}

export interface RenderedMail extends Rendered {
  subject: string;
  text: string;
  html: string;
}

/** `¥12.34`, `US$5.00`: minor units divided by the currency's own number of decimals (0 for JPY). */
export function formatMoney(money: Money, locale: Locale): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/** An order is named by its number; a payment event that carries none names it by the short id. */
function orderName(data: FactData, orderId: string): string {
  return data.orderNo ?? orderId.slice(0, 8).toUpperCase();
}

const cancelReasons: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    buyer: '您取消了订单',
    timeout: '订单超时未支付，已自动取消',
    staff: '订单已由客服取消',
    checkout_failed: '下单未能完成，订单已自动取消',
  },
  en: {
    buyer: 'you cancelled it',
    timeout: 'it was not paid in time',
    staff: 'our staff cancelled it',
    checkout_failed: 'the checkout could not be completed',
  },
};

type Words = (data: FactData, order: string, locale: Locale) => Rendered;

const zh: Record<Kind, Words> = {
  'order-placed': (d, o, l) => ({
    title: `订单 ${o} 已提交`,
    body: `您的订单 ${o} 已提交，应付 ${d.total ? formatMoney(d.total, l) : ''}。请在 ${d.expiresAt ? formatTime(d.expiresAt, l) : ''} 前完成支付，逾期订单将自动取消。`,
  }),
  'order-paid': (d, o, l) => ({
    title: `订单 ${o} 支付成功`,
    body: `我们已收到订单 ${o} 的付款 ${d.total ? formatMoney(d.total, l) : ''}，将尽快为您发货。`,
  }),
  'order-cancelled': (d, o) => ({
    title: `订单 ${o} 已取消`,
    body: `订单 ${o} 已取消：${cancelReasons['zh-CN'][d.reason ?? ''] ?? d.reason ?? ''}。预留的商品已释放。`,
  }),
  'order-shipped': (d, o) => ({
    title: `订单 ${o} 已发货`,
    body: `订单 ${o} 已由 ${d.carrier ?? ''} 发出，运单号 ${d.trackingNo ?? ''}。`,
  }),
  'order-refunded': (d, o, l) => ({
    title: `订单 ${o} 已退款`,
    body: `订单 ${o} 的退款 ${d.amount ? formatMoney(d.amount, l) : ''} 已原路退回，到账时间以支付渠道为准。`,
  }),
  'payment-failed': (d, o) => ({
    title: `订单 ${o} 支付失败`,
    body: `订单 ${o} 的支付未成功（${d.reason ?? ''}）。您可以在订单过期前重新支付。`,
  }),
};

const en: Record<Kind, Words> = {
  'order-placed': (d, o, l) => ({
    title: `Order ${o} placed`,
    body: `Your order ${o} is placed: ${d.total ? formatMoney(d.total, l) : ''} to pay. Please pay before ${d.expiresAt ? formatTime(d.expiresAt, l) : ''}; an unpaid order is cancelled then.`,
  }),
  'order-paid': (d, o, l) => ({
    title: `Payment received for order ${o}`,
    body: `We received ${d.total ? formatMoney(d.total, l) : ''} for order ${o} and will ship it soon.`,
  }),
  'order-cancelled': (d, o) => ({
    title: `Order ${o} cancelled`,
    body: `Order ${o} is cancelled: ${cancelReasons.en[d.reason ?? ''] ?? d.reason ?? ''}. The items held for it are released.`,
  }),
  'order-shipped': (d, o) => ({
    title: `Order ${o} shipped`,
    body: `Order ${o} is on its way with ${d.carrier ?? ''}, tracking number ${d.trackingNo ?? ''}.`,
  }),
  'order-refunded': (d, o, l) => ({
    title: `Order ${o} refunded`,
    body: `${d.amount ? formatMoney(d.amount, l) : 'The amount'} for order ${o} is refunded to your original payment method.`,
  }),
  'payment-failed': (d, o) => ({
    title: `Payment for order ${o} failed`,
    body: `The payment for order ${o} did not go through (${d.reason ?? ''}). You can pay again before the order expires.`,
  }),
};

/** The in-app title and body of a fact in `locale`. */
export function renderNotification(kind: Kind, data: FactData, orderId: string, locale: Locale): Rendered {
  return (locale === 'en' ? en : zh)[kind](data, orderName(data, orderId), locale);
}

/** The mail of a fact: the notification's words, the lines of the order when the event carried them, a greeting and a footer. */
export function renderMail(kind: Kind, data: FactData, orderId: string, locale: Locale): RenderedMail {
  const { title, body } = renderNotification(kind, data, orderId, locale);
  const lines = (data.lines ?? []).slice(0, MAX_MAILED_LINES).map((line) => {
    const name = locale === 'en' ? line.title.en : line.title.zh;
    return `${name} × ${line.quantity}  ${formatMoney(line.unitPrice, locale)}`;
  });
  const more = (data.lines?.length ?? 0) - lines.length;
  if (more > 0) lines.push(locale === 'en' ? `… and ${more} more` : `…… 另有 ${more} 件商品`);
  const greeting = locale === 'en' ? 'Hello,' : '您好，';
  const footer =
    locale === 'en' ? 'Mall — this mail was sent automatically; please do not reply.' : 'Mall 商城 —— 本邮件由系统自动发送，请勿回复。';
  const text = [greeting, '', body, ...(lines.length ? ['', ...lines] : []), '', footer].join('\n');
  const html = [
    `<!doctype html><html lang="${locale}"><body>`,
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(body)}</p>`,
    lines.length ? `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '',
    `<p style="color:#888">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('');
  return { title, body, subject: title, text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

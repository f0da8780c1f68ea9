// The processor's hosted pages: the card form of an intent and the result of a submission, small HTML with no
// script, every value escaped. The gateway serves them at /pay/:intentId with the status chosen here.
import { PROBLEM_TEXT, TEST_CARDS, type CardProblem } from './domain/cards.ts';

export interface Page {
  httpStatus: number;
  code: string | null;
  html: string;
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const formatMoney = (m: { amount: number; currency: string }): string => `${(m.amount / 100).toFixed(2)} ${m.currency}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Mall Pay (simulated)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{margin-top:1.2rem;padding:.6rem 1.2rem;font-size:1rem}
.error{color:#b00020}.note{color:#555;font-size:.85rem}</style></head>
<body><h1>${escape(title)}</h1>
${body}
<p class="note">Mall Pay is a simulated card processor: no real card is charged.</p></body></html>`;
}

export function payForm(intent: { intentId: string; amount: { amount: number; currency: string } }, problem?: CardProblem): Page {
  const error = problem ? `<p class="error" data-code="${problem}">${escape(PROBLEM_TEXT[problem])}</p>` : '';
  const cards = Object.entries(TEST_CARDS)
    .map(([number, b]) => `<li><code>${number}</code>: ${b.kind === 'decline' ? `declined (${escape(b.reason)})` : b.kind}</li>`)
    .join('');
  const body = `<p>Amount due: <strong data-amount="${intent.amount.amount}">${escape(formatMoney(intent.amount))}</strong></p>
${error}
<form method="post" action="/pay/${escape(intent.intentId)}">
<label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" maxlength="40" required>
<label for="expiry">Expiry (MM/YY)</label><input id="expiry" name="expiry" autocomplete="cc-exp" maxlength="10" placeholder="12/30" required>
<label for="cvv">Security code</label><input id="cvv" name="cvv" inputmode="numeric" autocomplete="cc-csc" maxlength="10" required>
<label for="cardholder">Name on card</label><input id="cardholder" name="cardholder" autocomplete="cc-name" maxlength="100">
<button type="submit">Pay ${escape(formatMoney(intent.amount))}</button>
</form>
<details class="note"><summary>Test cards</summary><ul>${cards}</ul></details>`;
  return { httpStatus: problem ? 400 : 200, code: problem ?? null, html: layout('Pay', body) };
}

/**
 * Where a result page sends the shopper back: the shop's return page on the same origin, told which intent it was
 * (as a hosted checkout returns to the merchant's return URL); the storefront finds the order from there.
 */
export const returnUrl = (intentId: string): string => `/payment/return?intent=${encodeURIComponent(intentId)}`;

export function chargeResult(charge: {
  intentId: string;
  status: 'succeeded' | 'declined';
  declineReason: string | null;
  amount: { amount: number; currency: string };
}): Page {
  const body =
    charge.status === 'succeeded'
      ? `<p data-status="succeeded">Payment of ${escape(formatMoney(charge.amount))} accepted.</p>`
      : `<p class="error" data-status="declined">Your card was declined (${escape(charge.declineReason ?? 'declined')}).</p>`;
  const back = `<p><a href="${escape(returnUrl(charge.intentId))}" data-return>Back to the shop</a></p>`;
  return {
    httpStatus: 200,
    code: null,
    html: layout(charge.status === 'succeeded' ? 'Payment accepted' : 'Payment declined', body + back),
  };
}

export function refusal(httpStatus: number, code: string, message: string): Page {
  return { httpStatus, code, html: layout('Payment not possible', `<p class="error" data-code="${escape(code)}">${escape(message)}</p>`) };
}

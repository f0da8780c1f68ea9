// What the processor decides about a card, without I/O: whether the form is a card at all (Luhn, expiry, CVV),
// and what the documented test cards do. Anything else that passes the checks is charged successfully.

export type CardProblem = 'CARD_NUMBER_INVALID' | 'EXPIRY_INVALID' | 'CARD_EXPIRED' | 'CVV_INVALID';

export interface CardForm {
  cardNumber: string;
  expiry: string;
  cvv: string;
}

/** A valid card, its digits only. */
export interface Card {
  number: string;
  last4: string;
}

/** The Luhn checksum (ISO/IEC 7812): every second digit from the right doubled; the sum ends in 0. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * The form's card, or the first problem with it. Spaces and dashes in the number are allowed (people type them);
 * expiry is MM/YY and valid through the last day of that month; CVV is 3 digits (4 for American Express, 34/37).
 */
export function checkCard(form: CardForm, now: Date): { card: Card } | { problem: CardProblem } {
  const number = form.cardNumber.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) return { problem: 'CARD_NUMBER_INVALID' };
  const expiry = /^\s*(\d{2})\s*\/\s*(\d{2})\s*$/.exec(form.expiry);
  const month = Number(expiry?.[1]);
  if (!expiry || month < 1 || month > 12) return { problem: 'EXPIRY_INVALID' };
  const endOfMonth = Date.UTC(2000 + Number(expiry[2]), month, 1);
  if (endOfMonth <= now.getTime()) return { problem: 'CARD_EXPIRED' };
  const amex = /^3[47]/.test(number);
  if (!(amex ? /^\d{4}$/ : /^\d{3}$/).test(form.cvv.trim())) return { problem: 'CVV_INVALID' };
  return { card: { number, last4: number.slice(-4) } };
}

export const PROBLEM_TEXT: Record<CardProblem, string> = {
  CARD_NUMBER_INVALID: 'The card number is not valid.',
  EXPIRY_INVALID: 'The expiry date must be MM/YY.',
  CARD_EXPIRED: 'The card has expired.',
  CVV_INVALID: 'The security code must be 3 digits (4 on American Express).',
};

/**
 * succeed: charged, and the merchant notified. decline: refused by the (simulated) bank, and the merchant notified.
 * silent: charged, but the notification is never sent — a lost callback, which the merchant's reconciliation must find.
 */
export type CardBehaviour = { kind: 'succeed' } | { kind: 'decline'; reason: string } | { kind: 'silent' };

export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': { kind: 'succeed' },
  '5555555555554444': { kind: 'succeed' },
  '4000000000000002': { kind: 'decline', reason: 'card declined' },
  '4000000000009995': { kind: 'decline', reason: 'insufficient funds' },
  '4000000000000259': { kind: 'silent' },
};

export function behaviourOf(card: Card): CardBehaviour {
  return TEST_CARDS[card.number] ?? { kind: 'succeed' };
}

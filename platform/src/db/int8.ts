// How bigint (int8) values come back from raw queries, the same in both adapters.
// Money is stored as integer minor units in bigint columns; a JS number holds it exactly up to 2^53.

/**
 * int8 text -> number when it is a safe integer (every realistic amount, count or id),
 * otherwise BigInt, so that no value ever silently loses precision.
 * In Drizzle tables declare money as `bigint('amount', { mode: 'number' })`.
 */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

export const INT8_OID = 20;

// Password hashing with argon2id (OWASP's minimum parameters), and a verification that costs the
// same whether or not the account exists, so timing never tells which emails are registered.
import { hash, verify } from '@node-rs/argon2';

// Argon2id is the library's default algorithm; the parameters are spelled out so a change is deliberate.
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

let dummyHash: Promise<string> | undefined;

/** False for a missing account too, after the same argon2 work as a real check. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    dummyHash ??= hashPassword('not-a-real-password-only-here-to-spend-time');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(storedHash, password);
}

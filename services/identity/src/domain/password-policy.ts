// The password rule every new password must pass: long enough to resist guessing, short enough
// that hashing it is cheap, and not a bare repetition of the account's own email.
import { MallError } from '@mall/contracts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `a password needs at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `a password may have at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim().length === 0) return 'a password cannot be only spaces';
  if (new Set(password).size === 1) return 'a password cannot repeat one character';
  if (email !== undefined && password.toLowerCase() === email.toLowerCase()) return 'a password cannot be the email address';
  return undefined;
}

export function assertStrongPassword(password: string, email?: string): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new MallError('WEAK_PASSWORD', weakness);
}

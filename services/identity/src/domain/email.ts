// Email addresses as identity compares them: one account per mailbox, whatever the letter case
// or surrounding spaces the user typed.
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

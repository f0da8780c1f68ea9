// A back-office input the schema accepts but the rules refuse (a bad CIDR, an unanchored regex):
// answered like a schema failure, 400 with the field named, so clients handle both the same way.
import { MallError } from '@mall/contracts';

export function invalid(code: string, field: string, message: string): MallError {
  return new MallError(code, `${field.slice(1)}: ${message}`, { status: 400, details: { fields: [{ path: field, message }] } });
}

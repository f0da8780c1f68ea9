// The signed-in shopper's address book (GET/POST/PATCH/DELETE /api/me/addresses), shared by checkout and the account.
import type { paths } from '../api/schema.d.ts';

export type Address = paths['/api/me/addresses']['get']['responses'][200]['content']['application/json']['addresses'][number];
export type NewAddress = NonNullable<paths['/api/me/addresses']['post']['requestBody']>['content']['application/json'];

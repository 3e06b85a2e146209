// Users as administrators create and list them.
import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';
import { itemsOf } from './common.ts';

/** The body of POST /api/v1/users. */
export const NewUserInput = z.strictObject({
  email: z.string().email().max(254),
  name: z.string().trim().min(1).max(200),
  orgId: z.string().min(1).max(64),
  roles: z.array(z.enum(ROLES)).min(1),
  // Length, the deny-list and the user's own names are checked by the service (400 PASSWORD_TOO_SHORT,
  // PASSWORD_TOO_LONG, PASSWORD_TOO_COMMON; src/server/lib/passwords.ts); here only a bound on the input.
  password: z.string().max(1024).describe('12 to 128 characters, not a common password, not the e-mail or name'),
});
export type NewUserInput = z.infer<typeof NewUserInput>;

export const UserListItemSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()).describe('role names as stored (see ROLES in src/shared/domain/roles.ts)'),
  orgId: z.string(),
  orgName: z.string(),
  orgKind: z.string().describe('company | agency | …: which roles its users may hold'),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable().describe('sign-in refused until then after repeated failed attempts (null: not locked)'),
  lastSignInAt: z.string().nullable().describe('the last successful sign-in (null: never)'),
});
export type UserListItem = z.infer<typeof UserListItemSchema>;

export const UserListResponse = itemsOf(UserListItemSchema);

export const UserCreatedResponse = z.object({ id: z.string() });

/** The body of PATCH /api/v1/users/{id}: the roles, and whether the user may sign in. */
export const UpdateUserInput = z
  .strictObject({
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.roles !== undefined || v.disabled !== undefined, { message: 'name the roles or whether the user is disabled' });
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

// Users as administrators and auditors list them. (The body of POST /api/v1/users, NewUserInput,
// is still defined beside its service in src/server/modules/users/users.service.ts.)
import { z } from 'zod';
import { itemsOf } from './common.ts';

export const UserListItemSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()).describe('role names as stored (see ROLES in src/shared/domain/roles.ts)'),
  orgId: z.string(),
  orgName: z.string(),
  disabled: z.boolean(),
});
export type UserListItem = z.infer<typeof UserListItemSchema>;

export const UserListResponse = itemsOf(UserListItemSchema);

export const UserCreatedResponse = z.object({ id: z.string() });

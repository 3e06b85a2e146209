// Who may read the access log: the auditors (oversight) and the administrators ('access_log.read'
// in the permission model, src/shared/access.ts).
import { can } from '../../../shared/access.ts';
import type { Actor } from '../../lib/context.ts';

export function canReadAccessLog(actor: Actor): boolean {
  return can(actor, 'access_log.read');
}

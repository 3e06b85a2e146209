// The administrator's and the auditor's sessions for the web tests of the oversight pages (the
// recorded users of src/web/test/recorded.ts have neither role), checked against the contract.
import { SessionUserSchema } from '../../../shared/contracts/auth.ts';

export const OIG = { id: 'org-oig', name: 'Office of Inspector General (oversight)', kind: 'oversight' as const, agency: null };
export const admin = SessionUserSchema.parse({ id: 'u-admin', email: 'admin@aiep.example', name: 'Avery Admin', roles: ['admin'], org: { id: 'org-program-admin', name: 'AIEP Program Administration', kind: 'agency', agency: 'COMMERCE_ITA' } });
export const auditor = SessionUserSchema.parse({ id: 'u-auditor', email: 'auditor@oig.example', name: 'Morgan Lee', roles: ['auditor'], org: OIG });

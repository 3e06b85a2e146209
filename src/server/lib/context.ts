// What every service call receives: the database, the configuration, the clock and who is acting.
import type { Agency, OrganizationKind, Role } from '../../shared/domain/roles.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { AuditKeyring } from './audit-keys.ts';
import type { Clock } from './clock.ts';
import type { Ports } from './ports.ts';

export interface Actor {
  userId: string;
  orgId: string;
  orgKind: OrganizationKind;
  agency: Agency | null;
  roles: Role[];
  email: string;
  name: string;
}

export interface Deps {
  db: Db;
  config: Config;
  /** The only source of "now" (see clock.ts). */
  clock: Clock;
  /** What modules need from modules above them (see ports.ts), wired by compose.ts. */
  ports: Ports;
  /** The audit chain's keys, held outside the database (audit-keys.ts). */
  auditKeys: AuditKeyring;
}

export interface ServiceContext extends Deps {
  actor: Actor;
}

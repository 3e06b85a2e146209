// The permission model: its checks, its derivation of the state machines' steps, and the rule that
// no role list is written outside it (in the modules and web files that use it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_GRANTS, can, canOn, consortiumRelations, GRANTS, mayEver, PERMISSIONS, rolesWith, stepRoles } from './access.ts';
import { FINANCING_TRANSITIONS } from './domain/financing-lifecycle.ts';
import { PACKAGE_TRANSITIONS, PROPOSAL_TRANSITIONS } from './domain/proposal-lifecycle.ts';
import { ROLES } from './domain/roles.ts';

const consortium = { anchorOrgId: 'org-a', members: [{ orgId: 'org-a', status: 'active' }, { orgId: 'org-b', status: 'active' }, { orgId: 'org-c', status: 'invited' }] };

describe('permission model', () => {
  it('grants role-only permissions with can(), and relation-bound ones only with the relation', () => {
    expect(can({ roles: ['program_officer'] }, 'review.assign')).toBe(true);
    expect(can({ roles: ['auditor'] }, 'review.assign')).toBe(false);
    expect(can({ roles: ['auditor', 'program_officer'] }, 'review.assign')).toBe(true);
    // The anchor member edits the package only as a user of the anchor company.
    expect(can({ roles: ['anchor_member'] }, 'proposal.edit')).toBe(false);
    expect(canOn({ roles: ['anchor_member'] }, 'proposal.edit', { anchor: true })).toBe(true);
    expect(canOn({ roles: ['anchor_member'] }, 'proposal.edit', { anchor: false, member: true })).toBe(false);
    expect(canOn({ roles: ['anchor_member'] }, 'proposal.edit_own_components', { member: true })).toBe(true);
    // An unbound grant holds whatever the relations.
    expect(canOn({ roles: ['program_officer'] }, 'licenses.edit', {})).toBe(true);
    expect(canOn({ roles: ['compliance_officer'] }, 'licenses.edit', { member: true })).toBe(true);
    expect(canOn({ roles: ['compliance_officer'] }, 'licenses.edit', { anchor: true })).toBe(false);
    expect(mayEver({ roles: ['interagency_reviewer'] }, 'review.score')).toBe(true);
    expect(can({ roles: ['interagency_reviewer'] }, 'review.score')).toBe(false);
    expect(canOn({ roles: ['interagency_reviewer'] }, 'review.score', { assigned_reviewer: true })).toBe(true);
  });

  it('computes the consortium relations from the facts: anchor company, active member company', () => {
    expect(consortiumRelations({ orgId: 'org-a', orgKind: 'company' }, consortium)).toEqual({ anchor: true, member: true });
    expect(consortiumRelations({ orgId: 'org-b', orgKind: 'company' }, consortium)).toEqual({ anchor: false, member: true });
    expect(consortiumRelations({ orgId: 'org-c', orgKind: 'company' }, consortium)).toEqual({ anchor: false, member: false });
    expect(consortiumRelations({ orgId: 'org-b', orgKind: 'agency' }, consortium)).toEqual({ anchor: false, member: false });
    expect(consortiumRelations({ orgId: 'org-a', orgKind: 'company' }, null)).toEqual({});
  });

  it('reads the state machines’ steps from their tables: applicant steps need the anchor, agency steps the agency', () => {
    for (const [action, t] of Object.entries(PROPOSAL_TRANSITIONS)) {
      for (const role of ROLES) {
        const rel = { anchor: true, financing_agency: true };
        expect(canOn({ roles: [role] }, `proposal.${action}` as never, rel), `${role} ${action}`).toBe(t.roles.includes(role));
      }
    }
    for (const [action, t] of Object.entries(PACKAGE_TRANSITIONS)) {
      for (const role of ROLES) expect(canOn({ roles: [role] }, `package.${action}` as never, { anchor: true }), `${role} ${action}`).toBe((t.roles as readonly string[]).includes(role));
    }
    for (const [action, t] of Object.entries(FINANCING_TRANSITIONS)) {
      for (const role of ROLES) expect(canOn({ roles: [role] }, `financing.request.${action}` as never, { anchor: true, financing_agency: true }), `${role} ${action}`).toBe((t.roles as readonly string[]).includes(role));
    }
    expect(can({ roles: ['anchor_member'] }, 'proposal.submit')).toBe(false);
    expect(canOn({ roles: ['financing_officer'] }, 'financing.request.decide', { financing_agency: false })).toBe(false);
    expect(canOn({ roles: ['financing_officer'] }, 'financing.request.decide', { financing_agency: true })).toBe(true);
    expect(rolesWith('decision.make')).toEqual(PROPOSAL_TRANSITIONS.designate.roles);
  });

  it('stepRoles keeps an applicant or agency role only with its relation', () => {
    expect(stepRoles({ roles: ['anchor_member', 'compliance_officer'] }, { anchor: false })).toEqual(['compliance_officer']);
    expect(stepRoles({ roles: ['anchor_member'] }, { anchor: true })).toEqual(['anchor_member']);
    expect(stepRoles({ roles: ['financing_officer'] }, { financing_agency: false })).toEqual([]);
    expect(stepRoles({ roles: ['program_officer'] }, {})).toEqual(['program_officer']);
  });

  it('has a line for every role, and every permission is granted to someone', () => {
    expect(Object.keys(GRANTS).sort()).toEqual([...ROLES].sort());
    const granted = new Set(ROLES.flatMap((r) => ALL_GRANTS[r].map((g) => g.split('@')[0])));
    expect(PERMISSIONS.filter((p) => !granted.has(p))).toEqual([]);
  });

  it('keeps the decisions the issue record asks for: who reads every proposal, who may clear a screening hit', () => {
    expect([...rolesWith('proposal.read_all')].sort()).toEqual(['admin', 'auditor', 'decision_official', 'program_officer']);
    // Admins manage the lists and the accounts; clearing a hit is the program office's screening staff's alone.
    expect([...rolesWith('screening.clear')].sort()).toEqual(['program_officer', 'screening_analyst']);
    expect([...rolesWith('access_log.read')].sort()).toEqual(['admin', 'auditor']);
  });
});

/** Files that decide access from the model: no inline role checks or role lists there. */
const MODEL_USERS = ['src/server/modules', 'src/server/http', 'src/server/jobs', 'src/web'];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((f) => filesUnder(join(path, f)));
}

describe('no role list outside the model', () => {
  it('the services, policies and web pages that use the model check no role inline', () => {
    const root = join(import.meta.dirname, '../..');
    const offences: string[] = [];
    for (const file of MODEL_USERS.flatMap((p) => filesUnder(join(root, p)))) {
      if (/\.test\.tsx?$/.test(file)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bhasRole\(|roles\.(includes|some)\(|\[\s*'(program_officer|decision_official|auditor|admin|anchor_member|consortium_member|compliance_officer|edag_coordinator|financing_officer|interagency_reviewer)'\s*,/.test(line)) {
            offences.push(`${file.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offences).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkCompleteness } from './domain/completeness.ts';
import { CERTIFICATIONS } from './domain/package.ts';
import { PROPOSAL_ACTIONS } from './domain/proposal-lifecycle.ts';
import { ROLES } from './domain/roles.ts';
import { PackageSchema } from './contracts/package.ts';
import { AUDIT_ACTION_LABELS, auditActionLabel, certificationLabel, fieldPathLabel, NOTIFICATION_KINDS, notificationKindLabel, roleLabel } from './labels.ts';

const CODE_LIKE = /_|\b[a-z]+[A-Z]|^[a-z]/;

describe('labels', () => {
  it('every role, certification, notification kind and proposal step has a label written for people', () => {
    const labels = [...ROLES.map(roleLabel), ...CERTIFICATIONS.map(certificationLabel), ...NOTIFICATION_KINDS.map(notificationKindLabel), ...PROPOSAL_ACTIONS.map((a) => AUDIT_ACTION_LABELS[`proposal.${a}`])];
    for (const l of labels) expect(l, String(l)).toMatch(/^[A-Z]/);
    for (const l of labels) expect(l, l).not.toMatch(CODE_LIKE);
    expect(roleLabel('edag_coordinator')).toBe('EDAG coordinator');
    expect(certificationLabel('bciConsent')).toBe('Consent to share business-confidential information');
    expect(auditActionLabel('review.assigned')).toBe('Assigned for review');
    expect(auditActionLabel('deal.some_new_thing')).toBe('Some new thing');
  });

  it('field paths read as words', () => {
    expect(fieldPathLabel('package.components.2.unitValueUsd')).toBe('package, component 3, unit value (USD)');
    expect(fieldPathLabel('orgId')).toBe('company');
    expect(fieldPathLabel('supportRequests.0.instrument')).toBe('support request 1, instrument');
    expect(fieldPathLabel('body')).toBe('the request');
  });

  it('each completeness finding has a label beside its path', () => {
    const pkg = PackageSchema.parse({ components: [], targetMarkets: [{ kind: 'country', code: 'PH' }], operatingModel: [{ market: 'PH', build: [], own: [{ name: 'O', country: 'PH' }], operate: [{ name: 'P', country: 'PH' }] }], supportRequests: [] });
    const member = { id: 'm1', role: 'anchor' as const, name: 'Acme', countryOfIncorporation: 'US', principalPlaceOfBusiness: 'US', owners: [], ultimateParent: null, certifications: { antiBribery: true } };
    const r = checkCompleteness(pkg, [member], ['CN']);
    expect(r.problems.find((p) => p.code === 'OPERATING_ROLE_MISSING')).toEqual({
      code: 'OPERATING_ROLE_MISSING',
      path: 'package.operatingModel[market=PH].build',
      label: 'Operating model for Philippines: who builds it',
      message: 'Philippines: nobody is named to build the infrastructure',
    });
    expect(r.problems.find((p) => p.code === 'CERTIFICATION_MISSING')?.message).toBe(
      'Acme has not certified: Compliance with export controls; Outbound investment assessed; Consent to share business-confidential information',
    );
    for (const p of r.problems) expect(`${p.label} ${p.message}`, p.message).not.toMatch(/\b[a-z]+[A-Z]|\[|=/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';

const provider = { id: 'logingov', label: 'Login.gov', issuer: 'https://idp.int.identitysandbox.gov/', clientId: 'urn:gov:gsa:openidconnect.profiles:sp:sso:test:aiep', privateKeyPath: '/etc/aiep/key.pem', allowedOrgKinds: ['company'] };

describe('OIDC_PROVIDERS', () => {
  it('is empty by default, and reads a JSON array or a file holding one, with defaults filled in', () => {
    expect(loadConfig({}).OIDC_PROVIDERS).toEqual([]);
    const [p] = loadConfig({ OIDC_PROVIDERS: JSON.stringify([provider]) }).OIDC_PROVIDERS;
    expect(p).toMatchObject({ ...provider, scopes: 'openid email', enforcesMfa: false, privateKeyAlg: 'RS256', clockSkewSeconds: 0 });
    const file = join(mkdtempSync(join(tmpdir(), 'aiep-oidc-settings-')), 'providers.json');
    writeFileSync(file, JSON.stringify([provider]));
    expect(loadConfig({ OIDC_PROVIDERS: file }).OIDC_PROVIDERS.map((x) => x.id)).toEqual(['logingov']);
  });

  it('refuses at start what cannot work, naming the setting', () => {
    const bad = (value: string) => () => loadConfig({ OIDC_PROVIDERS: value });
    expect(bad('/no/such/file.json')).toThrow(/OIDC_PROVIDERS.*neither a JSON array nor a readable file/);
    expect(bad('[{')).toThrow(/OIDC_PROVIDERS.*not valid JSON/);
    expect(bad(JSON.stringify([{ ...provider, clientSecret: 's' }]))).toThrow(/exactly one of privateKeyPath/);
    expect(bad(JSON.stringify([{ ...provider, privateKeyPath: undefined }]))).toThrow(/exactly one of privateKeyPath/);
    expect(bad(JSON.stringify([provider, provider]))).toThrow(/unique/);
    expect(bad(JSON.stringify([{ ...provider, allowedOrgKinds: [] }]))).toThrow(/OIDC_PROVIDERS/);
    expect(bad(JSON.stringify([{ ...provider, id: 'Login Gov' }]))).toThrow(/lower-case/);
  });
});

// Start-up in parallel: three server processes started at once on an empty database (a fresh
// PostgreSQL schema, or a new SQLite file) all come up — migrations, the first administrator and
// the demo data run once, under the start-up lock — and each answers /readyz.
import { expect, it, describe, afterAll } from 'vitest';
import { DIALECTS, openTestDb } from '../test/harness.ts';
import { childEnv, killChild, SERVER_ENTRY, spawnNode, type Child } from '../jobs/__fixtures__/processes.ts';

const RUNNING = /is running at (http:\/\/\S+)/;
const ADMIN_EMAIL = 'first.admin@agency.example';

for (const dialect of DIALECTS) {
  describe(`start-up in parallel [${dialect}]`, () => {
    const children: Child[] = [];
    let drop: () => Promise<void> = async () => {};
    afterAll(async () => {
      await Promise.all(children.map(killChild));
      await drop();
    });

    it('three processes started at once on an empty database all become ready', { timeout: 180_000 }, async () => {
      const opened = await openTestDb(dialect, { file: true }); // empty: not migrated
      drop = opened.drop;
      const env = childEnv(opened.url, { PROCESS_ROLE: 'all', DEMO_DATA: 'auto', ADMIN_EMAIL, ADMIN_PASSWORD: 'a-long-admin-password-2026' });
      for (let i = 0; i < 3; i++) children.push(spawnNode(SERVER_ENTRY, env));
      const urls = await Promise.all(children.map(async (c) => (await c.waitForOutput(RUNNING, 150_000))[1]!));
      for (const url of urls) {
        const ready = await fetch(`${url}/readyz`);
        expect(ready.status).toBe(200);
      }
      // Every process prints the demo logins: the data is there once, whoever loaded it.
      for (const c of children) expect(c.stdout()).toContain('Demo logins');
      const { db } = opened.db;
      const admins = await db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).execute();
      expect(admins).toHaveLength(1);
      const demoOrgs = await db.selectFrom('organizations').select('id').where('id', '=', 'org-meridian').execute();
      expect(demoOrgs).toHaveLength(1);
      const login = await fetch(`${urls[2]}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: 'a-long-admin-password-2026' }) });
      expect(login.status).toBe(200);
      for (const c of children) c.proc.kill('SIGTERM');
      for (const c of children) expect(await c.exited).toBe(0);
    });
  });
}

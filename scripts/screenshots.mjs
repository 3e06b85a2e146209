// Screenshots of each role's main page at desktop (1280×800) and phone (390×844) width, so a
// reviewer can look at the app without running it:
//
//   node --import tsx scripts/screenshots.mjs [outDir]     (default screenshots/, git-ignored)
//
// Starts the app as the browser tests do (a temporary SQLite database with the demo data, the web
// app built into a temporary folder, Chromium at /usr/bin/chromium or CHROMIUM_PATH) and writes
// <role>-desktop.png and <role>-phone.png for each demo role. Nothing is fetched from the internet.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_PATH, HAS_CHROMIUM, loginAs, startBrowserEnv } from '../e2e/browser.ts';

/** One demo user per role and the page that role starts its work on; `public` is nobody logged in. */
const ROLES = [
  { role: 'public', email: null, path: '/catalog' },
  { role: 'anchor-member', email: 'anchor@meridian.example', path: '/' },
  { role: 'consortium-member', email: 'member@lattice.example', path: '/' },
  { role: 'compliance-officer', email: 'compliance@meridian.example', path: '/' },
  { role: 'program-officer', email: 'program.officer@ita.example', path: '/' },
  { role: 'screening-analyst', email: 'screening.analyst@ita.example', path: '/screening' },
  { role: 'interagency-reviewer', email: 'reviewer@state.example', path: '/' },
  { role: 'decision-official', email: 'decision@ita.example', path: '/' },
  { role: 'edag-coordinator', email: 'edag@state.example', path: '/' },
  { role: 'financing-officer', email: 'finance@exim.example', path: '/' },
  { role: 'auditor', email: 'auditor@oig.example', path: '/portfolio' },
  { role: 'admin', email: 'admin@aiep.example', path: '/' },
];

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

/** Waits until the page has its heading and nothing is still loading. */
async function settled(page) {
  await page.waitForFunction(() => document.querySelector('h1') !== null && document.querySelector('[aria-busy="true"]') === null, undefined, { timeout: 20_000 });
}

async function main() {
  if (!HAS_CHROMIUM) throw new Error(`Chromium is not at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const outDir = resolve(process.argv[2] ?? 'screenshots');
  mkdirSync(outDir, { recursive: true });
  const env = await startBrowserEnv();
  try {
    for (const { role, email, path } of ROLES) {
      const session = email ? await loginAs(env, email) : await anonymous(env);
      try {
        for (const size of SIZES) {
          await session.page.setViewportSize({ width: size.width, height: size.height });
          await session.page.goto(`${env.baseUrl}${path}`);
          await settled(session.page);
          const file = resolve(outDir, `${role}-${size.name}.png`);
          await session.page.screenshot({ path: file, fullPage: true });
          console.log(file);
        }
      } finally {
        await session.close();
      }
    }
  } finally {
    await env.close();
  }
}

async function anonymous(env) {
  const context = await env.browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

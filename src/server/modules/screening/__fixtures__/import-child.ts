// Child process of the killed-import test: imports one list file into the database given on the
// command line, printing a line after each batch of entries so the test can kill it mid-way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../config.ts';
import { createDb } from '../../../db/connection.ts';
import { composeDeps } from '../../../compose.ts';
import { clockFromEnv } from '../../../lib/clock.ts';
import { importParsedList, parseListPath } from '../screening.lists.ts';

const [url, schema, path] = process.argv.slice(2);
const db = createDb(url!, schema ? { pgSchema: schema } : {});
const [parsed] = await parseListPath(path!);
process.stdout.write(`parsed ${parsed!.entries.ids.length}\n`);
await importParsedList(composeDeps({ db, config: loadConfig({ LOG_LEVEL: 'silent', AUDIT_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'aiep-child-')), 'audit.key') }), clock: clockFromEnv() }), parsed!, {
  actorId: null,
  onBatch: async (written, total) => {
    process.stdout.write(`batch ${written}/${total}\n`);
    await new Promise((r) => setTimeout(r, 20)); // keep the transaction open long enough to be killed in
  },
});
process.stdout.write('done\n');
await db.destroy();

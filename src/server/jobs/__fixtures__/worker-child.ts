// A server process for the multi-process tests: the real start-up (main.ts) in the role TEST_ROLE
// (default worker), with two job kinds of the tests' own that record each start and end of a run
// in TEST_RUN_LOG (one line each: `start|end <job id> <pid>`).
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRole } from '../../config.ts';
import { start } from '../../main.ts';

const runLog = process.env.TEST_RUN_LOG ?? '/dev/null';
const slowMs = Number(process.env.TEST_SLOW_MS ?? '0');
const note = (what: string, id: string) => appendFileSync(runLog, `${what} ${id} ${process.pid}\n`);

await start({
  role: (process.env.TEST_ROLE ?? 'worker') as ProcessRole,
  handlers: {
    test_record: async (_deps, job) => {
      note('start', job.id);
      await sleep(1 + Math.floor(Math.random() * 10));
      note('end', job.id);
      return { pid: process.pid };
    },
    test_slow: async (_deps, job) => {
      note('start', job.id);
      await sleep(slowMs);
      note('end', job.id);
      return { pid: process.pid };
    },
  },
});

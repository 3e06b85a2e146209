// Background jobs of party screening, run by the worker in src/server/jobs.
import type { Deps } from '../../lib/context.ts';
import type { Tx } from '../../lib/transaction.ts';
import { rescreenAll, screenParties, syncAndScreen } from './screening.parties.ts';
import { runBatchJob } from './screening.service.ts';
import { REFRESH_SOURCE_JOB, runRefreshJob } from './screening.sources.ts';

export interface JobContext {
  id: string;
  payload: unknown;
  attempts: number;
  progress(p: unknown): Promise<void>;
  /**
   * Records progress and runs `write` in the same transaction, only while this worker still holds
   * the job: otherwise nothing is written and it throws LeaseLostError (worker.ts).
   */
  checkpoint(p: unknown, write: (tx: Tx) => Promise<void>): Promise<void>;
}

export type JobHandler = (deps: Deps, job: JobContext) => Promise<unknown>;

/** How often the worker mirrors and screens new or changed parties. */
export const SYNC_PARTIES_EVERY_MS = 60_000;

export const SCREENING_JOB_HANDLERS: Record<string, JobHandler> = {
  sync_parties: (deps) => syncAndScreen(deps),
  rescreen_all: (deps) => rescreenAll(deps),
  screen_party: (deps, job) => screenParties(deps, [String((job.payload as { partyKey?: unknown }).partyKey ?? '')]),
  screen_batch: (deps, job) => runBatchJob(deps, job.payload as { rows: Record<string, unknown>[]; threshold: number }, job),
  // Downloads one list source and imports what changed (screening.sources.ts); failures are recorded on the source.
  [REFRESH_SOURCE_JOB]: (deps, job) => runRefreshJob(deps, job.payload),
};

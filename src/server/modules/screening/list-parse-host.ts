// Parses an uploaded list file in a worker thread of its own (list-parse-thread.ts), so that the
// CPU of parsing a large list never blocks the event loop that answers requests.
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { ParsedList } from './list-files.ts';

const THREAD_ENTRY = new URL('./list-parse-thread.mjs', import.meta.url);

/** To the thread, as its workerData. */
export interface ToParseThread {
  text: string;
  fileName: string;
  format?: string;
}

/** From the thread: the list, a refusal to pass on as it is (a malformed file), or a failure. */
export type FromParseThread =
  | { t: 'parsed'; parsed: ParsedList }
  | { t: 'refused'; status: number; code: string; message: string }
  | { t: 'failed'; message: string };

export function parseInThread(input: ToParseThread): Promise<ParsedList> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD_ENTRY, { workerData: input });
    let answered = false;
    worker.once('message', (m: FromParseThread) => {
      answered = true;
      if (m.t === 'parsed') resolve(m.parsed);
      else if (m.t === 'refused') reject(new AppError(m.status, m.code, m.message));
      else reject(new Error(`the list file could not be parsed: ${m.message}`));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (!answered) reject(new Error(`the list parse thread failed: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the list parse thread ended (exit code ${code}) before answering`));
    });
  });
}

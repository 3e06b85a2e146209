// A list parse thread (started by list-parse-host.ts through list-parse-thread.mjs): parses one
// uploaded list file into its stored entries, answers once, and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { parseUploadedList } from './list-files.ts';
import type { FromParseThread, ToParseThread } from './list-parse-host.ts';
import { runAsBackgroundThread } from './thread-priority.ts';

const port = parentPort;
if (!port) throw new Error('list-parse-thread.ts runs in a worker thread (see list-parse-host.ts)');
runAsBackgroundThread();

const { text, fileName, format } = workerData as ToParseThread;
let answer: FromParseThread;
try {
  answer = { t: 'parsed', parsed: parseUploadedList(text, fileName, format) };
} catch (err) {
  answer =
    err instanceof AppError
      ? { t: 'refused', status: err.status, code: err.code, message: err.message }
      : { t: 'failed', message: err instanceof Error ? err.message : String(err) };
}
port.postMessage(answer);

// The priority of screening's worker threads (index builds, list parsing): background work that,
// on a busy host, yields to the process's main thread, which answers every request.
import { setPriority } from 'node:os';

/** A worker thread's nice value: below the main thread's (0), above idle (19). */
const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's priority. On Linux a thread has its own nice value (setpriority on
 * the calling thread); elsewhere it would lower the whole process, so it is left alone.
 */
export function runAsBackgroundThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(BACKGROUND_NICE);
  } catch {
    // not permitted: run at the process's priority
  }
}

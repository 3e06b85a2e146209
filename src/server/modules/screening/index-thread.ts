// The screening index thread (started by index-host.ts through index-thread.mjs). It receives the
// active entries as the database stores them (JSON text, page by page), parses them and builds the
// index — the CPU-heavy part, kept off the main thread's event loop — then answers questions
// (index-ops.ts) one message at a time until it is terminated.
import { parentPort } from 'node:worker_threads';
import { buildIndex, type ListEntry, type ScreeningIndex } from '../../../engines/screening/index.ts';
import { answer, type IndexCall } from './index-ops.ts';
import { runAsBackgroundThread } from './thread-priority.ts';

/** From the main thread. */
export type ToIndexThread = { t: 'rows'; json: string[] } | { t: 'build' } | { t: 'call'; id: number; call: IndexCall };

/** To the main thread. */
export type FromIndexThread =
  | { t: 'ready'; names: number; entries: number }
  | { t: 'failed'; message: string }
  | { t: 'answer'; id: number; value: unknown }
  | { t: 'refused'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('index-thread.ts runs in a worker thread (see index-host.ts)');

runAsBackgroundThread();
const send = (m: FromIndexThread) => port.postMessage(m);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

let pages: string[][] = [];
let index: ScreeningIndex | undefined;

port.on('message', (m: ToIndexThread) => {
  switch (m.t) {
    case 'rows':
      pages.push(m.json);
      return;
    case 'build':
      try {
        const entries: ListEntry[] = [];
        for (const page of pages) for (const json of page) entries.push(JSON.parse(json) as ListEntry);
        pages = [];
        index = buildIndex(entries);
        send({ t: 'ready', names: index.nameCount, entries: index.entries.length });
      } catch (err) {
        send({ t: 'failed', message: messageOf(err) });
      }
      return;
    case 'call':
      if (!index) return send({ t: 'refused', id: m.id, message: 'the screening index is not built yet' });
      try {
        send({ t: 'answer', id: m.id, value: answer(index, m.call) });
      } catch (err) {
        send({ t: 'refused', id: m.id, message: messageOf(err) });
      }
      return;
  }
});

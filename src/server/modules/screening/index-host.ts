// A built screening index as the main thread sees it: asked asynchronously, whether it lives in a
// worker thread of its own (ThreadIndex: the build and every search off the event loop) or in this
// thread (InProcessIndex: SCREENING_INDEX_THREAD=off, or lists too small to be worth a thread).
//
// A replaced index is retired, not killed: it answers what it was asked and what its holders (a
// batch job screening chunk after chunk) still ask, then its thread ends.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { buildIndex, type ListEntry, type ScreeningIndex, type ScreeningMatch } from '../../../engines/screening/index.ts';
import { answer, type EntryFilter, type EntryPage, type IndexAnswers, type IndexCall, type RowScreen, type SearchRequest } from './index-ops.ts';
import type { FromIndexThread, ToIndexThread } from './index-thread.ts';

export interface IndexReader {
  readonly mode: 'thread' | 'in-process';
  /** Several searches in one question; the answers in the same order. */
  search(requests: readonly SearchRequest[]): Promise<ScreeningMatch[][]>;
  /** The entries passing a filter: how many, from which lists, and one page of them. */
  entries(filter: EntryFilter, offset: number, size: number): Promise<EntryPage>;
  /** Batch rows validated and screened (party-row.ts). */
  screenRows(rows: readonly Record<string, unknown>[], threshold: number): Promise<RowScreen[]>;
  /** Keeps this index answering after it is replaced, until the returned function is called. */
  hold(): () => void;
  /** Replaced by a newer index: ends once the questions in flight are answered and every hold released. */
  retire(): void;
}

abstract class AskedIndex implements IndexReader {
  abstract readonly mode: IndexReader['mode'];
  protected abstract ask(call: IndexCall): Promise<unknown>;
  abstract hold(): () => void;
  abstract retire(): void;

  async search(requests: readonly SearchRequest[]): Promise<ScreeningMatch[][]> {
    if (requests.length === 0) return [];
    return (await this.ask({ op: 'search', requests })) as IndexAnswers['search'];
  }

  async entries(filter: EntryFilter, offset: number, size: number): Promise<EntryPage> {
    return (await this.ask({ op: 'entries', filter, offset, size })) as IndexAnswers['entries'];
  }

  async screenRows(rows: readonly Record<string, unknown>[], threshold: number): Promise<RowScreen[]> {
    if (rows.length === 0) return [];
    return (await this.ask({ op: 'screenRows', rows, threshold })) as IndexAnswers['screenRows'];
  }
}

class InProcessIndex extends AskedIndex {
  readonly mode = 'in-process';
  constructor(private readonly index: ScreeningIndex) {
    super();
  }
  /** Answers after a turn of the event loop, so that requests get their turn between a batch's chunks. */
  protected async ask(call: IndexCall): Promise<unknown> {
    await yieldToEventLoop();
    return answer(this.index, call);
  }
  hold() {
    return () => {};
  }
  retire() {}
}

/** Builds an index in this thread, parsing the entries here (what SCREENING_INDEX_THREAD=off does). */
export async function buildInProcessIndex(pages: AsyncIterable<string[]>): Promise<IndexReader> {
  const entries: ListEntry[] = [];
  for await (const page of pages) for (const json of page) entries.push(JSON.parse(json) as ListEntry);
  return new InProcessIndex(buildIndex(entries));
}

const THREAD_ENTRY = new URL('./index-thread.mjs', import.meta.url);

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

class ThreadIndex extends AskedIndex {
  /** Threads started and not yet exited, in this process. */
  static running = 0;
  readonly mode = 'thread';
  private readonly worker = new Worker(THREAD_ENTRY);
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private holds = 0;
  private retired = false;
  private ended: Error | undefined;
  private building: Pending | undefined;
  private built = false;

  /** `onLost`: the thread of a built index ended by itself (it crashed or ran out of memory), not by retire(). */
  constructor(private readonly onLost: (index: IndexReader, err: Error) => void) {
    super();
    ThreadIndex.running++;
    this.worker.once('exit', () => ThreadIndex.running--);
    this.worker.on('message', (m: FromIndexThread) => this.receive(m));
    this.worker.on('error', (err) => this.lose(err));
    this.worker.on('exit', (code) => this.lose(new Error(`the screening index thread exited (code ${code})`)));
  }

  /** Streams the entries' JSON to the thread and resolves once it has built the index. */
  async build(pages: AsyncIterable<string[]>): Promise<{ names: number; entries: number }> {
    const built = new Promise<unknown>((resolve, reject) => (this.building = { resolve, reject }));
    built.catch(() => {}); // awaited below; a failure while pages are still read must not go unhandled
    try {
      for await (const json of pages) this.post({ t: 'rows', json });
      this.post({ t: 'build' });
      const counts = (await built) as { names: number; entries: number };
      this.built = true;
      return counts;
    } catch (err) {
      this.end();
      throw err;
    } finally {
      this.building = undefined;
      this.refreshRef();
    }
  }

  protected ask(call: IndexCall): Promise<unknown> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    const answered = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.post({ t: 'call', id, call });
    return answered;
  }

  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.endIfIdle();
    };
  }

  retire(): void {
    this.retired = true;
    this.endIfIdle();
  }

  private post(m: ToIndexThread) {
    this.worker.postMessage(m);
    this.refreshRef();
  }

  /** The thread keeps the process alive only while something waits for it. */
  private refreshRef() {
    if (this.ended) return;
    if (this.building || this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private receive(m: FromIndexThread) {
    switch (m.t) {
      case 'ready':
        this.building?.resolve({ names: m.names, entries: m.entries });
        return;
      case 'failed':
        this.building?.reject(new Error(`the screening index could not be built: ${m.message}`));
        return;
      case 'answer':
      case 'refused': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.t === 'answer') p.resolve(m.value);
        else p.reject(new Error(`screening index: ${m.message}`));
        this.refreshRef();
        this.endIfIdle();
        return;
      }
    }
  }

  private endIfIdle() {
    if (this.retired && this.holds === 0 && this.pending.size === 0 && !this.building) this.end();
  }

  /** Terminates the thread; whatever still waits for it is refused. */
  private end() {
    if (this.ended) return;
    this.fail(new Error('the screening index thread has ended (its index was replaced)'));
    void this.worker.terminate();
  }

  private lose(err: Error) {
    if (this.ended) return;
    this.fail(err);
    if (this.built) this.onLost(this, err); // a build that fails says so through build()
  }

  private fail(err: Error) {
    this.ended = err;
    this.worker.removeAllListeners('message');
    this.building?.reject(err);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * Builds an index in a thread of its own from the entries' JSON, page by page (parsing and building
 * happen in the thread). Rejects, and ends the thread, when the build fails.
 */
export async function buildThreadIndex(pages: AsyncIterable<string[]>, onLost: (index: IndexReader, err: Error) => void): Promise<IndexReader> {
  const index = new ThreadIndex(onLost);
  await index.build(pages);
  return index;
}

/** How many index threads of this process have started and not yet exited (tests, metrics). */
export function runningIndexThreads(): number {
  return ThreadIndex.running;
}

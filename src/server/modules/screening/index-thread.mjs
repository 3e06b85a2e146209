// Entry of the screening index thread. A worker thread does not inherit the TypeScript loader the
// main thread registered (bin/server.mjs, or vitest's own), so it registers tsx itself before
// loading the TypeScript of the thread.
import { register } from 'tsx/esm/api';

register();
await import('./index-thread.ts');

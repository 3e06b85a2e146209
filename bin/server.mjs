#!/usr/bin/env node
// `npm start` / `npm run dev`: one server process in the configured role — PROCESS_ROLE=all (the
// default: HTTP and the job worker together), web or worker (docs/operations.md#process-roles).
import { register } from 'tsx/esm/api';
register();
const { start } = await import('../src/server/main.ts');
await start();

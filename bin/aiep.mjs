#!/usr/bin/env node
// CLI entry: runs the TypeScript sources directly through tsx, so `npx aiep` works
// right after `npm ci` without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');

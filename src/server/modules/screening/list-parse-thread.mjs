// Entry of a list parse thread (see list-parse-host.ts); registers tsx as index-thread.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./list-parse-thread.ts');

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two projects in one run: `node` (server, engines, shared, CLI, e2e) exactly as before, and `web`
// (the React app under src/web, rendered in jsdom with Testing Library). `vitest run --project web`
// runs one of them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The build's JSX transform (vite.config.ts); tests also run without it, but then differ from it.
        plugins: [react()],
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/web/**/*.test.tsx'],
          setupFiles: ['src/web/test/setup.ts'],
          testTimeout: 30_000,
          pool: 'forks',
        },
      },
    ],
  },
});

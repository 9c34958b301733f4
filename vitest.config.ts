import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, so the slow end-to-end tests can be left out while iterating:
 * `npx vitest run --project unit`. `npm test` (no --project) runs both.
 * - unit: everything but tests/app, in-process and quick.
 * - process: tests/app, the whole app end to end (`npm start` processes, replicas, a PostgreSQL
 *   stopped under the running app, the image's file layout): about half a minute.
 */
const END_TO_END = 'tests/app/**/*.test.ts';

// Each project's own settings; the global setup stays in the root config so that it runs once per
// run, not once per project (a project that extended the root would run it again).
const shared = { environment: 'node', testTimeout: 20_000, hookTimeout: 30_000 } as const;

export default defineConfig({
  test: {
    // One throwaway PostgreSQL database per run (TEST_DATABASE_URL); skipped loudly without a server.
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
    projects: [
      { test: { ...shared, name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, END_TO_END] } },
      { test: { ...shared, name: 'process', include: [END_TO_END] } },
    ],
  },
});

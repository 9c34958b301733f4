import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, so the slow process and replica tests can be left out while iterating:
 * `npx vitest run --project unit`. `npm test` (no --project) runs both.
 * - process: the whole app end to end (tests/app: `npm start` processes, replicas, a PostgreSQL
 *   stopped under the running app, the image's file layout) and the `digest --now` processes killed
 *   mid-run; about a minute of the suite's time.
 * - unit: everything else, in-process and quick. A file the list below misses runs here, not never.
 */
const PROCESS = [
  'tests/app/**/*.test.ts',
  'tests/digest/crash-restart.test.ts',
  'tests/digest/slow-slack-kill.test.ts',
  'tests/digest/postgres-replicas.test.ts',
];

// Each project's own settings; the global setup stays in the root config so that it runs once per
// run, not once per project (a project that extended the root would run it again).
const shared = { environment: 'node', testTimeout: 20_000, hookTimeout: 30_000 } as const;

export default defineConfig({
  test: {
    // One throwaway PostgreSQL database per run (TEST_DATABASE_URL); skipped loudly without a server.
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
    projects: [
      { test: { ...shared, name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...PROCESS] } },
      { test: { ...shared, name: 'process', include: PROCESS } },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One throwaway PostgreSQL database per run (TEST_DATABASE_URL); skipped loudly without a server.
    globalSetup: ['tests/store/postgres-global-setup.ts'],
  },
});

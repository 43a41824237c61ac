import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // After the whole run: nothing secret left behind by any test (tests/leak-check.ts).
    globalSetup: ['tests/leak-check.ts'],
    // Integration tests start real HTTPS servers and OpenSSL processes; 2 cores are plenty for 2 workers.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: 'test-results/junit.xml' },
  },
});

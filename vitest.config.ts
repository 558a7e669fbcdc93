import { defineConfig } from 'vitest/config';

// Suites that start other processes (the `garde` command, Chromium, a tracker in a page).
const PROCESSES = ['test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/sdk/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/web-build.ts'],
    pool: 'forks',
    // The machine has 2 cores; PGlite instances are memory-hungry.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: PROCESSES,
          // These share a worker's imports rather than loading the app again for every file,
          // which was about 45% of their CPU. Each file opens its own databases and app, and none
          // leaves a module's state changed for the next (stubbed globals and fake timers are
          // restored in afterEach).
          isolate: false,
        },
      },
      {
        extends: true,
        // They start processes and browsers, each stopped when its file ends. Like the others they
        // share a worker's imports: loading the app again for every file cost about 15 s a file
        // on a busy 2-core machine, a third of this project's time.
        test: { name: 'processes', include: PROCESSES, isolate: false },
      },
    ],
  },
});

import { defineConfig } from "vitest/config";
import SlowestFirst from "./test/support/slowest-first.js";

/** files that replace a module with vi.mock: with the modules of the file before still loaded, the mock would miss them and leak into later files */
const NEEDS_FRESH_MODULES = ["test/delta/update-concurrency.test.ts"];
/** each file of a project so marked loads its modules afresh, in the fork the project's files share */
const FRESH_MODULES = { poolOptions: { forks: { isolate: true } } };

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites start real servers (Azurite, DuckDB, HTTP) and spend much of their time
    // waiting on them: three forks keep two cores busy (825 s a clean run, 942 s with two). As many
    // forks at least as at most: a fork retired idle while handed a file failed the run's end with
    // tinypool's "Terminating worker thread".
    // A fork runs file after file without loading the service's modules again for each: about 2 s a
    // file on this machine, a third of the suite's time when each file had a process of its own.
    pool: "forks",
    sequence: { sequencer: SlowestFirst },
    poolOptions: { forks: { maxForks: 3, minForks: 3, isolate: false } },
    projects: [
      // The fast tier (`npm run test:unit`): pure tests beside their sources, no server.
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts", "local/**/*.test.ts", "console/src/**/*.test.ts"], ...FRESH_MODULES } },
      {
        extends: true,
        test: { name: "integration", include: ["test/**/*.test.ts"], exclude: NEEDS_FRESH_MODULES, globalSetup: ["test/support/delta-fixtures.ts", "test/support/migrated-stores.ts", "test/support/built-scripts.ts"] },
      },
      { extends: true, test: { name: "integration-fresh-modules", include: NEEDS_FRESH_MODULES, ...FRESH_MODULES } },
    ],
  },
});

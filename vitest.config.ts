import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites start real servers (Azurite, DuckDB, HTTP); two cores, so keep forks few.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      // The fast tier (`npm run test:unit`): pure tests beside their sources, no server.
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts", "local/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "integration", include: ["test/**/*.test.ts"], globalSetup: ["test/support/delta-fixtures.ts"] },
      },
    ],
  },
});

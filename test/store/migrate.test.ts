import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { createTestDatabase, DIALECTS } from "../support/postgres.js";

describe.each(DIALECTS)("migrations (%s)", (dialect) => {
  it("apply once, are a no-op the second time, and survive concurrent migrators", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const stores = [0, 1].map(() => openStore({ databaseUrl: database?.url, dataDir }));
    try {
      const [a, b] = await Promise.all(stores.map((s) => migrateToLatest(s.db)));
      const applied = [...a, ...b];
      expect(applied).toContain("0001_landing_zone");
      expect(applied.filter((name) => name === "0001_landing_zone")).toHaveLength(1);
      expect(await migrateToLatest(stores[0].db)).toEqual([]);
      const tables = (await stores[0].db.introspection.getTables()).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["landing_zone_containers", "landing_zone_policies"]));
    } finally {
      for (const store of stores) await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

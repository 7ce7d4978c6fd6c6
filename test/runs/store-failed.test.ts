/** A run failing on the metadata store: said without the database's message, retried only when it may pass. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { storeFailedRun } from "../../src/runs/store-failed.js";
import { createTestDatabase, DIALECTS } from "../support/postgres.js";

describe.each(DIALECTS)("a run failing on the metadata store (%s)", (dialect) => {
  it("names the failure by its code, not the database's message, and is not retried when it would fail again", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ds-store-"));
    const database = dialect === "postgres" ? await createTestDatabase() : undefined;
    const store = openStore({ databaseUrl: database?.url, dataDir });
    try {
      await migrateToLatest(store.db);
      const row = { name: "n", value: "v" };
      await store.db.insertInto("service_settings").values(row).execute();
      const duplicate = await store.db.insertInto("service_settings").values(row).execute().catch((error: unknown) => error);
      const failure = storeFailedRun(duplicate, "run-1");
      expect(failure?.retryable).toBe(false);
      expect(failure?.code).toBe("CONNECTOR-2000-500");
      expect(failure?.message).toMatch(/SQLITE_CONSTRAINT_PRIMARYKEY|SQLSTATE 23505/);
      expect(failure?.message).toContain("run-1");
      expect(failure?.message).not.toMatch(/service_settings|UNIQUE|duplicate key/i);
      // not a store error: left to the caller
      expect(storeFailedRun(new Error("socket hang up"), "run-1")).toBeUndefined();
      if (database) {
        // a connection the server ends (a restart, a failover) may pass: retried
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        client.on("error", () => {});
        const ended = await client.query("SELECT pg_terminate_backend(pg_backend_pid())").catch((error: unknown) => error);
        await client.end().catch(() => {});
        expect(storeFailedRun(ended, "run-1")?.retryable).toBe(true);
      } else {
        // a write while another connection holds the file's write lock may pass: retried
        const holder = new Sqlite(path.join(dataDir, "metadata.sqlite"));
        const other = new Sqlite(path.join(dataDir, "metadata.sqlite"), { timeout: 0 });
        holder.exec("BEGIN IMMEDIATE");
        let busy: unknown;
        try {
          other.exec("INSERT INTO service_settings (name, value) VALUES ('m', 'v')");
        } catch (error) {
          busy = error;
        }
        holder.exec("ROLLBACK");
        holder.close();
        other.close();
        expect(storeFailedRun(busy, "run-1")?.retryable).toBe(true);
      }
    } finally {
      await store.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

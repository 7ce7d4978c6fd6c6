/**
 * The ids the local workspace's Delta Sharing server gives a file whose rows a deletion vector
 * deletes: the id covers the vector, so a file keeps its id only while the rows it holds stay the
 * same. A DELETE that writes a vector makes the file one of a new id (what remains of it), and a
 * RESTORE that takes the vector away brings back the id the table had before, in version queries and
 * in a query with startingVersion alike: a recipient comparing ids sees the restore as a cluster does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, startHarness, type Harness } from "../support/local-workspace.js";
import { DeltaSharingClient } from "../../src/delta-sharing/index.js";

const TOKEN = "dss-vector-ids";
const TABLE = { share: "ops", schema: "live", table: "readings" };

describe("Delta Sharing file ids of a table with deletion vectors", () => {
  let h: Harness;
  let client: DeltaSharingClient;
  const versions: Record<string, number> = {};

  beforeAll(async () => {
    h = await startHarness({
      sharing: {
        shares: [{ name: "ops", schemas: [{ name: "live", tables: [{ name: "readings", source: "hive_metastore.plant.readings" }] }] }],
        recipients: [{ name: "partner", bearerToken: TOKEN, shares: ["ops"] }],
      },
    });
    await h.client.waitForState("RUNNING");
    const ctx = await h.client.createContext();
    const ok = async (command: string) => {
      const done = await h.client.sql(ctx, command);
      if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
      return rows(done);
    };
    const latest = async () => Number((await ok("DESCRIBE HISTORY plant.readings LIMIT 1"))[0].version);
    await ok("CREATE SCHEMA plant");
    await ok("CREATE TABLE plant.readings (id BIGINT) USING DELTA");
    await ok("INSERT INTO plant.readings SELECT id FROM range(0, 10)");
    versions.inserted = await latest();
    await ok("DELETE FROM plant.readings WHERE id = 3");
    versions.deleted = await latest();
    await ok(`RESTORE TABLE plant.readings TO VERSION AS OF ${versions.inserted}`);
    versions.restored = await latest();
    client = new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken: TOKEN });
  });
  afterAll(() => h?.close());

  const idsAt = async (version: number) => (await client.query(TABLE, { version })).files.map((f) => ({ id: f.id, vector: f.deletionVector !== undefined }));

  it("gives the file a new id once a vector deletes some of its rows, the same in every answer, and its old id back when a restore takes the vector away", async () => {
    const [inserted, deleted, restored] = [await idsAt(versions.inserted), await idsAt(versions.deleted), await idsAt(versions.restored)];
    expect([inserted.length, deleted.length, restored.length]).toEqual([1, 1, 1]);
    expect(deleted[0].vector).toBe(true);
    expect(deleted[0].id).not.toBe(inserted[0].id);
    expect(await idsAt(versions.deleted)).toEqual(deleted);
    expect(restored).toEqual(inserted);
  });

  it("answers a query with startingVersion under the same ids: the delete removes the whole file and adds what remains, the restore the reverse", async () => {
    const [before] = await idsAt(versions.inserted);
    const [remaining] = await idsAt(versions.deleted);
    expect(remaining.id).not.toBe(before.id);
    const changes = await client.dataChanges(TABLE, versions.inserted, versions.restored);
    expect(changes.map((f) => [f.version, f.kind, f.id]).sort()).toEqual(
      [
        [versions.inserted, "add", before.id],
        [versions.deleted, "add", remaining.id],
        [versions.deleted, "remove", before.id],
        [versions.restored, "add", before.id],
        [versions.restored, "remove", remaining.id],
      ].sort(),
    );
  });
});

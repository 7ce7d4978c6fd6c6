import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/database.js";
import { migrateToLatest } from "../store/migrate.js";
import { writeServiceSetting } from "../store/service-settings.repository.js";
import { refuseSecondEmbeddedBlobService, refuseSplitDeployment } from "./second-start.js";

let dir: string;
let store: Store;
let server: Server | undefined;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "second-start-"));
  store = openStore({ dataDir: dir });
  await migrateToLatest(store.db);
});
afterEach(async () => {
  await store.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A blob service that answers, as the first npm start's does, at its URL. */
async function answeringService(): Promise<string> {
  server = createServer((_, response) => response.writeHead(400).end());
  await new Promise<void>((ready) => server!.listen(0, "127.0.0.1", ready));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

async function record(endpoint: string | undefined, lakeRoot: string): Promise<void> {
  if (endpoint) await writeServiceSetting(store.db, "embedded-blob-endpoint", endpoint);
  await writeServiceSetting(store.db, "lake-root", lakeRoot);
}

async function addDataset(id: string): Promise<void> {
  await store.db
    .insertInto("resources")
    .values({ id, kind: "dataSet", ims_org_id: "ORG@AdobeOrg", sandbox_name: "prod", parent_id: null, document: "{}", secret: null, etag: "1", created_at: 0, updated_at: 0 })
    .execute();
}

describe("a second API start on one database", () => {
  it("is refused while another start's embedded blob service answers, naming it and what to do instead", async () => {
    const first = await answeringService();
    await record(first, `${first}/devaccount/lake`);
    const refusal = refuseSecondEmbeddedBlobService(store, "http://127.0.0.1:1");
    await expect(refusal).rejects.toThrow(`another npm start on this database runs the embedded blob service at ${first}`);
    await expect(refusal).rejects.toThrow("Add workers with `npm run worker`");
  });

  it("takes over a recorded blob service that no longer answers, and a restart on another BLOB_PORT keeps the same lake", async () => {
    const gone = "http://127.0.0.1:9";
    await record(gone, `${gone}/devaccount/lake`);
    await addDataset("a".repeat(24));
    await expect(refuseSecondEmbeddedBlobService(store, "http://127.0.0.1:10555")).resolves.toBeUndefined();
    await expect(refuseSplitDeployment(store, { lakeRoot: "http://127.0.0.1:10555/devaccount/lake", embeddedBlobEndpoint: "http://127.0.0.1:10555" })).resolves.toBeUndefined();
  });

  it("is refused when the database's datasets are in another lake, naming both lakes", async () => {
    await record(undefined, "/srv/lake-a");
    await addDataset("a".repeat(24));
    await addDataset("b".repeat(24));
    await expect(refuseSplitDeployment(store, { lakeRoot: "/srv/lake-b" })).rejects.toThrow(
      "this database's 2 datasets are kept in the lake /srv/lake-a, but this start's lake is /srv/lake-b, where their batches' files are not: start with the same LAKE_URL",
    );
    await expect(refuseSplitDeployment(store, { lakeRoot: "/srv/lake-a" })).resolves.toBeUndefined();
  });

  it("lets a deployment without datasets move its lake", async () => {
    await record(undefined, "/srv/lake-a");
    await expect(refuseSplitDeployment(store, { lakeRoot: "/srv/lake-b" })).resolves.toBeUndefined();
  });
});

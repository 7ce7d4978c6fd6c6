/**
 * A second npm start on a database whose first start runs the embedded blob service is refused, saying what that blob service
 * holds: the lake and the staging containers, or the staging containers alone when the lake is elsewhere (LAKE_URL, LAKE_DIR).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseSecondEmbeddedBlobService } from "../../src/process/second-start.js";
import { writeServiceSetting } from "../../src/store/service-settings.repository.js";
import { useFreshStores } from "../support/fresh-stores.js";

describe("a second npm start beside the embedded blob service of the first", () => {
  const fresh = useFreshStores("sqlite", "second-blob");
  // the first start's blob service, answering
  let first: Server;
  let endpoint: string;
  beforeAll(async () => {
    first = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => first.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(first.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => first.close(() => resolve())));

  const refusal = async (lakeRoot: string) => {
    const [store] = fresh.stores;
    await writeServiceSetting(store.db, "embedded-blob-endpoint", endpoint);
    await writeServiceSetting(store.db, "lake-root", lakeRoot);
    return refuseSecondEmbeddedBlobService(store, "http://127.0.0.1:1").then(
      () => "",
      (error: Error) => error.message,
    );
  };

  it("names the lake among what it holds when the lake is in it", async () => {
    const message = await refusal(`${endpoint}/devstoreaccount1/lake`);
    expect(message).toContain(`runs the embedded blob service at ${endpoint}, which holds this deployment's lake and staging containers;`);
    expect(message).toContain("a second one would keep a lake and staging containers of its own");
  });

  it("names only the staging containers when the lake is elsewhere, and where the lake is", async () => {
    const message = await refusal("https://mylake.blob.core.windows.net/datasets/aep");
    expect(message).toContain(`which holds this deployment's staging containers (its lake is https://mylake.blob.core.windows.net/datasets/aep);`);
    expect(message).not.toContain("lake and staging containers");
  });
});

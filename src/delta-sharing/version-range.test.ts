import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient } from "./client.js";

/**
 * A sharing server that ignores endingVersion (PROTOCOL.md's query body does not name it) answers
 * every version from startingVersion on: a run pinned to a version must still see only the changes
 * up to it, or it would ingest rows committed after its window.
 */
describe("a sharing server that ignores endingVersion", () => {
  let server: Server;
  let endpoint = "";
  const table = { share: "s", schema: "d", table: "t" };
  const change = (kind: "add" | "remove" | "cdf", version: number) => ({
    [kind]: { url: `https://files.example/${kind}-${version}.parquet`, id: `${kind}-${version}`, partitionValues: {}, size: 10, version, timestamp: 1_700_000_000_000 + version },
  });
  const answer = [
    { protocol: { minReaderVersion: 1 } },
    { metaData: { id: "m", format: { provider: "parquet" }, schemaString: '{"type":"struct","fields":[]}', partitionColumns: [] } },
    ...[1, 2, 3, 4, 5].flatMap((v) => [change("add", v), change("remove", v), change("cdf", v)]),
  ];

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "1" }).end(answer.map((l) => JSON.stringify(l)).join("\n"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/delta-sharing`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint, bearerToken: "token-for-version-range" });

  it("gives only the data changes of the versions asked for", async () => {
    const files = await client().dataChanges(table, 2, 3);
    expect(files.map((f) => f.id)).toEqual(["add-2", "remove-2", "add-3", "remove-3"]);
  });

  it("gives only the change data feed of the versions asked for", async () => {
    const { files } = await client().changes(table, 2, 4);
    expect(files.map((f) => f.id)).toEqual(["cdf-2", "cdf-3", "cdf-4"]);
  });
});

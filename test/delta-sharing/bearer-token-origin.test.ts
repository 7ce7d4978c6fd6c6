/**
 * The profile's bearer token goes to the endpoint's origin and nowhere else, whatever the names in
 * the request hold (a share, schema or table name comes from the user or from the server's own
 * listing; a page token from the server): every name is one encoded path segment, so none can turn
 * into another host, a query or a fragment. The endpoint is a real listener on loopback; a second
 * one stands for any other host and must see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient } from "../../src/delta-sharing/index.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";

const TOKEN = "dss-origin-token";

describe("the bearer token of a sharing profile", () => {
  let endpoint: RecordingListener;
  let elsewhere: RecordingListener;
  let pages = 0;
  /** the other host, as a name or a token would slip it in */
  let other: string;
  const pageToken = () => `@${other}/x?y=1#z&pageToken=other`;
  beforeAll(async () => {
    elsewhere = await startRecordingListener();
    other = new URL(elsewhere.url).host;
    endpoint = await startRecordingListener((req, res) => {
      if (req.url?.includes("/version")) return void res.writeHead(200, { "delta-table-version": "3" }).end();
      pages++;
      const next = pages === 1 ? { nextPageToken: pageToken() } : {};
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [], ...next }));
    });
  });
  afterAll(async () => {
    await endpoint?.close();
    await elsewhere?.close();
  });
  const client = () => new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: `${endpoint.url}/delta-sharing`, bearerToken: TOKEN });

  it("is sent only to the endpoint's origin, names and page tokens encoded into its path and query", async () => {
    expect(await client().tableVersion({ share: `@${other}`, schema: "a/b?c=d", table: "t#f" })).toBe(3);
    await client().listSchemas(`//${other}/`);
    const share = encodeURIComponent(`//${other}/`);
    expect(endpoint.requests.map((r) => [r.path, r.authorization])).toEqual([
      [`/delta-sharing/shares/${encodeURIComponent(`@${other}`)}/schemas/a%2Fb%3Fc%3Dd/tables/t%23f/version`, `Bearer ${TOKEN}`],
      [`/delta-sharing/shares/${share}/schemas`, `Bearer ${TOKEN}`],
      [`/delta-sharing/shares/${share}/schemas?${new URLSearchParams({ pageToken: pageToken() })}`, `Bearer ${TOKEN}`],
    ]);
    expect(elsewhere.requests).toEqual([]);
  });
});

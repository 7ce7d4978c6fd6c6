/**
 * Which file URLs a sharing server may make the service fetch: a server reached over https may name
 * only https files, so it cannot point the service at a plain-http host inside its network (a cloud
 * metadata service, an admin page). Only a plain-http sharing server (a development one an operator
 * listed by its exact origin) may name plain-http files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient, SharingApiError } from "../../src/delta-sharing/index.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";

describe("the file URLs a sharing server names", () => {
  let internal: RecordingListener;
  beforeAll(async () => {
    internal = await startRecordingListener((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("metadata of the host"));
  });
  afterAll(() => internal?.close());
  const client = (endpoint: string) => new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint, bearerToken: "dss-token" });

  it("are not fetched over plain http when the sharing server is https", async () => {
    const refused = await client("https://sharing.example.com/api/2.0/delta-sharing/metastores/m")
      .download({ url: `${internal.url}/latest/meta-data`, id: "f1" })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(SharingApiError);
    expect(refused.message).toBe(
      `download of file f1: the sharing server answered HTTP 200: the file's URL is http (host ${new URL(internal.url).host}); a sharing server at an https endpoint must name https file URLs, so it was not fetched`,
    );
    expect(internal.requests).toEqual([]);
  });

  it("are fetched over plain http from a plain-http sharing server, without its bearer token", async () => {
    const body = await client(`${internal.url}/delta-sharing`).download({ url: `${internal.url}/file.parquet`, id: "f1" });
    expect(await new Response(body).text()).toBe("metadata of the host");
    expect(internal.requests.filter((r) => r.path === "/file.parquet").map((r) => r.authorization)).toEqual([undefined]);
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient } from "./client.js";
import { SharingApiError } from "./errors.js";

/** A sharing server that quotes the bearer token it refused, bare: the error (a run's error, a log line) must not carry it. */
describe("a sharing server quoting the bearer token it refused", () => {
  let server: Server;
  let endpoint = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const sent = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errorCode: `BAD_${sent}`, message: `token ${sent} is not valid` }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sharing`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("names the refusal without the token", async () => {
    const client = new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint, bearerToken: "Qw3SECRETCANARYsharing" });
    const error = await client.listShares().then(() => expect.unreachable(), (e: unknown) => e);
    expect(error).toBeInstanceOf(SharingApiError);
    expect((error as Error).message).toContain("token [REDACTED] is not valid");
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain("SECRETCANARY");
  });
});

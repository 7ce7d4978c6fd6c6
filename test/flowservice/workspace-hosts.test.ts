/**
 * Which hosts ever see a connection's access token (docs/api/flowservice.md#connections): a
 * change of workspace or cluster needs the token sent along, never the stored one; the domain
 * must be on the allow-list; a workspace's redirects are not followed; a foreign error page is
 * not quoted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, connectionBody, createConnection, FS, waitForCluster } from "../support/aep-calls.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");

describe("the hosts a connection's token is sent to", () => {
  let system: TestSystem;
  /** another workspace host on the allow-list; it refuses every token */
  let elsewhere: RecordingListener;
  beforeAll(async () => {
    elsewhere = await startRecordingListener((_req, res) =>
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "PERMISSION_DENIED", message: "invalid token" })),
    );
    system = await startTestSystem({ workspace: true, env: { DATABRICKS_ALLOWED_HOSTS: elsewhere.url } });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(async () => {
    await system.close();
    await elsewhere.close();
  });
  beforeEach(() => void elsewhere.requests.splice(0));

  const storedTokenSentElsewhere = () => elsewhere.requests.some((r) => r.authorization?.includes(system.workspace!.token));

  describe("a PATCH that moves a connection", () => {
    it.each([
      ["its domain", "/auth/params/domain", () => elsewhere.url],
      ["its cluster", "/auth/params/clusterId", () => "0000-000000-other"],
    ])("of %s alone never sends the stored token: 400 saying to send the token along", async (_what, path, value) => {
      const id = await createConnection(system);
      const reply = await call(system, "PATCH", `${FS}/connections/${id}`, { body: [{ op: "replace", path, value: value() }], headers: { "if-match": "*" } });
      expect(reply.status, reply.text).toBe(400);
      expect(code(reply)).toBe("SRC-1304-400");
      expect(reply.body.errorMessage).toContain("auth.params.accessToken");
      expect(reply.body.errorMessage).toContain(path.split("/").pop());
      expect(elsewhere.requests).toEqual([]);
      expect((await call(system, "GET", `${FS}/connections/${id}`)).body.items[0].auth.params.domain).toBe(system.workspace!.url);
    });

    it("with the token checks the new workspace with that token only", async () => {
      const id = await createConnection(system);
      const reply = await call(system, "PATCH", `${FS}/connections/${id}`, {
        body: [
          { op: "replace", path: "/auth/params/domain", value: elsewhere.url },
          { op: "replace", path: "/auth/params/accessToken", value: "dapi-for-elsewhere" },
        ],
        headers: { "if-match": "*" },
      });
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.errorMessage).toContain("refused the access token");
      expect(elsewhere.requests.length).toBeGreaterThan(0);
      expect(elsewhere.requests.every((r) => r.authorization === "Bearer dapi-for-elsewhere")).toBe(true);
      expect(storedTokenSentElsewhere()).toBe(false);
    });

    it("keeps working for changes that stay on the same workspace and cluster", async () => {
      const id = await createConnection(system);
      const reply = await call(system, "PATCH", `${FS}/connections/${id}`, {
        body: [{ op: "replace", path: "/auth/params/domain", value: `${system.workspace!.url}/` }],
        headers: { "if-match": "*" },
      });
      expect(reply.status, reply.text).toBe(200);
    });
  });

  it("a new connection's token goes only to the workspace it names", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: elsewhere.url, accessToken: "dapi-mine" }) });
    expect(reply.status).toBe(400);
    expect(storedTokenSentElsewhere()).toBe(false);
  });
});

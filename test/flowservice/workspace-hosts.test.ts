/**
 * Which hosts ever see a connection's access token (docs/api/flowservice.md#connections): a
 * change of workspace or cluster needs the token sent along, never the stored one; the domain
 * must be on the allow-list; a workspace's redirects are not followed; a foreign error page is
 * not quoted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, connectionBody, createConnection, FS, waitForCluster } from "../support/aep-calls.js";
import { type RecordingListener, redirectTo, startRecordingListener } from "../support/recording-listener.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>upstream adb-internal-7 refused</p></body></html>";
const code = (reply: { body: any }) => reply.body.type?.replace("https://ns.adobe.com/aep/errors/", "");

describe("the hosts a connection's token is sent to", () => {
  let system: TestSystem;
  /** another workspace host on the allow-list; it refuses every token */
  let elsewhere: RecordingListener;
  /** where `redirecting` sends every request */
  let target: RecordingListener;
  let redirecting: RecordingListener;
  /** a proxy in front of a workspace that answers with its own HTML error page */
  let htmlPage: RecordingListener;
  /** a loopback host nobody put on the allow-list */
  let unlisted: RecordingListener;
  const listeners = () => [elsewhere, target, redirecting, htmlPage, unlisted];
  beforeAll(async () => {
    elsewhere = await startRecordingListener((_req, res) =>
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "PERMISSION_DENIED", message: "invalid token" })),
    );
    target = await startRecordingListener();
    redirecting = await startRecordingListener(redirectTo(`${target.url}/api/2.1/clusters/get`));
    htmlPage = await startRecordingListener((_req, res) => res.writeHead(502, { "content-type": "text/html" }).end(PROXY_PAGE));
    unlisted = await startRecordingListener();
    const allowed = [elsewhere, target, redirecting, htmlPage].map((l) => l.url).join(",");
    system = await startTestSystem({ workspace: true, env: { DATABRICKS_ALLOWED_HOSTS: allowed } });
    await waitForCluster(system, "RUNNING");
  });
  afterAll(async () => {
    await system.close();
    for (const listener of listeners()) await listener.close();
  });
  beforeEach(() => {
    for (const listener of listeners()) listener.requests.splice(0);
  });

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

  describe("the allow-list of workspace hosts", () => {
    it("refuses an https host outside it, naming the list and the setting that extends it", async () => {
      const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: "https://workspace.example.com" }) });
      expect(reply.status).toBe(400);
      expect(code(reply)).toBe("SRC-1312-400");
      expect(reply.body.report.property).toBe("auth.params.domain");
      expect(reply.body.errorMessage).toContain("*.azuredatabricks.net");
      expect(reply.body.errorMessage).toContain("DATABRICKS_ALLOWED_HOSTS");
    });

    it.each([
      ["a Databricks host", "http://adb-1234567890123456.7.azuredatabricks.net"],
      ["a listed host that is not the local workspace", "http://workspace.cloud.databricks.com:8080"],
    ])("refuses plain http to %s", async (_what, domain) => {
      const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain }) });
      expect(reply.status).toBe(400);
      expect(code(reply)).toBe("SRC-1312-400");
      expect(reply.body.errorMessage).toContain("https");
    });

    it("says https:// was assumed for a domain without a scheme, and names the http origin the list has for that host and port", async () => {
      const bare = target.url.replace("http://", "");
      const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: bare }) });
      expect(reply.status).toBe(400);
      expect(code(reply)).toBe("SRC-1312-400");
      expect(reply.body.errorMessage).toContain(`https:// was assumed for "${bare}", a domain written without a scheme; the allowed hosts name ${target.url}: write the domain as ${target.url}.`);
      const unlistedBare = unlisted.url.replace("http://", "");
      const other = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: unlistedBare }) });
      expect(other.body.errorMessage).toContain(`https:// was assumed for "${unlistedBare}", a domain written without a scheme.`);
      expect(other.body.errorMessage).not.toContain("write the domain as");
      expect(target.requests).toEqual([]);
    });

    it("never calls a loopback host that is not on it", async () => {
      const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: unlisted.url }) });
      expect(reply.status).toBe(400);
      expect(code(reply)).toBe("SRC-1312-400");
      expect(unlisted.requests).toEqual([]);
    });

    it("refuses a stored connection whose host is no longer on it, without calling the host", async () => {
      const peer = await startTestSystem({ workspace: true });
      try {
        const id = await createConnection(peer);
        const stored = await peer.service.store.db.selectFrom("resources").select("document").where("id", "=", id).executeTakeFirstOrThrow();
        const document = JSON.parse(stored.document);
        document.auth.params.domain = unlisted.url;
        await peer.service.store.db.updateTable("resources").set({ document: JSON.stringify(document) }).where("id", "=", id).execute();
        const explored = await call(peer, "GET", `${FS}/connections/${id}/explore?objectType=root`);
        expect(explored.status).toBe(400);
        expect(explored.body.errorMessage).toContain("DATABRICKS_ALLOWED_HOSTS");
        expect(unlisted.requests).toEqual([]);
      } finally {
        await peer.close();
      }
    });
  });

  it("follows no redirect of a workspace: 400 naming the status and the Location's host, the target never called", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: redirecting.url }) });
    expect(reply.status).toBe(400);
    expect(code(reply)).toBe("SRC-1308-400");
    expect(reply.body.errorMessage).toContain("302");
    expect(reply.body.errorMessage).toContain(new URL(target.url).host);
    expect(reply.text).not.toContain("Moved to");
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(target.requests).toEqual([]);
  });

  it("does not quote a foreign error page: only its status", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, { domain: htmlPage.url }) });
    expect(reply.status).toBe(400);
    expect(code(reply)).toBe("SRC-1308-400");
    expect(reply.body.errorMessage).toContain("HTTP 502");
    expect(reply.text).not.toMatch(/<html|Bad Gateway<|adb-internal-7/);
  });
});

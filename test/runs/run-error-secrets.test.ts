/**
 * A run's failure says what a sharing server (or a workspace, or the storage SDK) said, and that may
 * quote a secret: the connection's bearer token, a SAS URL with its signature. Whatever the source,
 * the run's errors (GET /runs), its failure webhook and the service's "run failed" log line carry
 * neither; a redirect of the server is not followed, and named by its host alone. The sharing server is a real HTTP listener on loopback, each scenario under its own
 * endpoint path; the service, its store and the webhook receiver are real too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createPipeline, flowBody, FS, waitForRuns } from "../support/journey.js";
import { eventually } from "../support/blob.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";
import { SHARING_SPEC } from "../support/sharing-connection.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const TOKEN = "dss-CANARYTOKEN-run-errors";
const SIGNATURE = "SIGCANARY0a1b2c3d4e5f%3D";
const SAS_URL = `https://acct.blob.core.windows.net/files/part-0.parquet?sv=2023-11-03&se=2026-01-01&sp=r&sig=${SIGNATURE}`;
const SCHEMA = JSON.stringify({ type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] });
const idSchema = { title: "Ids", type: "object", properties: { _id: { type: "string" }, orderId: { type: "integer", "meta:xdmType": "long" } } };
const idMappings = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "orderId" },
];

describe("a run whose failure quotes a secret", () => {
  let system: TestSystem;
  let sharing: RecordingListener;
  let hooks: RecordingListener;

  beforeAll(async () => {
    sharing = await startRecordingListener((req, res) => {
      const [, scenario, , ...rest] = (req.url ?? "").split("?")[0].split("/");
      const route = rest.join("/");
      const ndjson = (lines: object[]) => res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "1" }).end(lines.map((l) => JSON.stringify(l)).join("\n"));
      const metaData = { metaData: { id: "m", format: { provider: "parquet" }, schemaString: SCHEMA, partitionColumns: [], configuration: {} } };
      if (scenario === "redirect-all") return void res.writeHead(302, { location: `${hooks.url}/elsewhere?sig=${SIGNATURE}` }).end();
      if (route === "shares") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [{ name: "s" }] }));
      if (route === "shares/s/schemas/x/tables/t/metadata") return void ndjson([{ protocol: { minReaderVersion: 1 } }, metaData]);
      if (route === "shares/s/schemas/x/tables/t/version") {
        // a server error quoting the storage URL it could not read, signature and all (retryable: the run's one attempt fails)
        if (scenario === "sas-error") return void res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errorCode: "INTERNAL_ERROR", message: `reading ${SAS_URL} failed` }));
        // a redirect to another host, a signature in its query: neither the token nor the run's error goes there
        if (scenario === "redirect") return void res.writeHead(307, { location: `${hooks.url}/elsewhere?sig=${SIGNATURE}` }).end();
        return void res.writeHead(200, { "delta-table-version": "1" }).end();
      }
      if (route === "shares/s/schemas/x/tables/t/query") {
        // a reader feature the server names by whatever it was sent: the bearer token, which the run's error quotes as the feature's name
        const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
        return void ndjson([{ protocol: { deltaProtocol: { minReaderVersion: 3, readerFeatures: [`x-${token}`] } } }, metaData]);
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ errorCode: "NOT_FOUND", message: "no such route" }));
    });
    hooks = await startRecordingListener();
    system = await startTestSystem({ env: { DATABRICKS_ALLOWED_HOSTS: sharing.url, WEBHOOK_ALLOWED_HOSTS: hooks.url, RUN_POLL_MS: "50", RUN_MAX_ATTEMPTS: "1" } });
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await sharing?.close();
    await hooks?.close();
  });

  /** A sharing connection to the scenario's endpoint on the fake server. */
  const createConnection = (scenario: string) =>
    call(system, "POST", `${FS}/connections`, {
      body: {
        name: `sharing ${scenario}`,
        auth: { specName: "Delta Sharing Profile Authentication", params: { endpoint: `${sharing.url}/${scenario}/delta-sharing`, bearerToken: TOKEN } },
        connectionSpec: { id: SHARING_SPEC, version: "1.0" },
      },
    });

  /** Runs a once flow over the scenario's server; its one run's errors, and the failure webhook's body once it came. */
  async function failedRun(scenario: string): Promise<{ errors: Array<{ code: string; message: string }>; hook: string }> {
    const connection = await createConnection(scenario);
    expect(connection.status, connection.text).toBe(201);
    const pipeline = await createPipeline(system, { connectionId: connection.body.id, connectionSpecId: SHARING_SPEC, tableName: "s.x.t", schema: idSchema, mappings: idMappings, columns: ["id"] });
    const notifications = { webhooks: [{ url: `${hooks.url}/${scenario}`, events: ["sources_flow_run_failure"] }] };
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000), frequency: "once" }, { notifications }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("failed");
    let hook = "";
    await eventually(async () => (hook = hooks.requests.find((r) => r.path === `/${scenario}`)?.body ?? "") !== "", 10_000, 50);
    return { errors: run.metrics.statusSummary.errors, hook };
  }

  const runFailedLines = () => system.logs.filter((line) => line.includes('"run failed"'));

  it("shows a SAS URL a sharing server quoted in its error without its signature, in GET /runs, the webhook and the log", async () => {
    const { errors, hook } = await failedRun("sas-error");
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe("CONNECTOR-2001-500");
    expect(errors[0].message).toContain("INTERNAL_ERROR: reading https://acct.blob.core.windows.net/files/part-0.parquet?sv=2023-11-03&se=2026-01-01&sp=r&sig=[REDACTED] failed");
    expect(hook).toContain("sig=[REDACTED]");
    expect(hook).not.toContain("SIGCANARY");
    const logged = runFailedLines().filter((line) => line.includes("INTERNAL_ERROR"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("sig=[REDACTED]");
    expect(system.logs.join("\n")).not.toContain("SIGCANARY");
  }, 60_000);

  it("fails at once on a sharing server's redirect, naming its host and the fix, the token never sent there", async () => {
    const { errors, hook } = await failedRun("redirect");
    expect(errors).toEqual([
      {
        code: "CONNECTOR-2011-400",
        message:
          `version of s.x.t: the sharing server answered HTTP 307: a redirect to ${new URL(hooks.url).host}; redirects are not followed, so the bearer token was not sent there. ` +
          "The sharing endpoint must answer directly: give the server's final URL as the profile's endpoint (auth.params.endpoint)",
      },
    ]);
    expect(hook).toContain("a redirect to");
    expect(hooks.requests.filter((r) => r.path.startsWith("/elsewhere"))).toEqual([]);
    expect(system.logs.join("\n")).not.toContain("SIGCANARY");
  }, 60_000);

  it("refuses a connection whose sharing server redirects with a 400 naming the Location's host and the fix", async () => {
    const refused = await createConnection("redirect-all");
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toContain("SRC-1308-400");
    expect(refused.body.errorMessage).toContain(`list shares: the sharing server answered HTTP 302: a redirect to ${new URL(hooks.url).host}; redirects are not followed`);
    expect(refused.body.errorMessage).toContain("give the server's final URL as the profile's endpoint (auth.params.endpoint)");
    expect(refused.text).not.toContain("SIGCANARY");
    expect(hooks.requests.filter((r) => r.path.startsWith("/elsewhere"))).toEqual([]);
  });

  it("shows the bearer token a sharing server put into an answer it could not use as [REDACTED], in GET /runs, the webhook and the log", async () => {
    const { errors, hook } = await failedRun("token-feature");
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe("CONNECTOR-2011-400");
    expect(errors[0].message).toContain("the shared table needs the Delta reader feature(s) x-[REDACTED]");
    expect(hook).toContain("x-[REDACTED]");
    expect(hook).not.toContain("CANARYTOKEN");
    expect(runFailedLines().filter((line) => line.includes("x-[REDACTED]"))).toHaveLength(1);
    expect(system.logs.join("\n")).not.toContain("CANARYTOKEN");
  }, 60_000);
});

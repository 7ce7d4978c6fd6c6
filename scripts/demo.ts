/**
 * The whole journey against a running `npm start`, in AEP's own calls: staging credentials →
 * the SAS into the cluster's Spark config → connection → schema, dataset, mapping set → source and
 * target connections → a dataflow that runs once → its run → the batch. docs/journey.md walks the
 * same way with curl.
 *   npm start            (in one terminal)
 *   npm run demo         (in another; PORT or API, DATABRICKS_PORT or DATABRICKS, AUTH_* as for npm start)
 * When something is wrong it says what, in one line, and exits 1.
 */
import { CUSTOMER_COLUMNS, CUSTOMER_FIELDS, CUSTOMER_MAPPINGS } from "./demo-customers.js";

const API = process.env.API ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
const DATABRICKS = process.env.DATABRICKS ?? `http://127.0.0.1:${process.env.DATABRICKS_PORT ?? 8090}`;
const DATABRICKS_TOKEN = process.env.DATABRICKS_TOKEN ?? "dapi-local-dev";
const CLIENT = process.env.AUTH_CLIENT_ID ?? "dev-client";
const SECRET = process.env.AUTH_CLIENT_SECRET ?? "dev-secret";
const ORG = process.env.AUTH_ORG_ID ?? "DEV@AdobeOrg";
const FS = "/data/foundation/flowservice";
const CLUSTER_TIMEOUT_MS = 5 * 60_000;
const RUN_TIMEOUT_MS = 10 * 60_000;

/** A failure the demo explains in one line, without a stack trace. */
class DemoError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const portOf = (url: string) => new URL(url).port || (new URL(url).protocol === "https:" ? "443" : "80");

/** fetch, with a connection failure told as "which server is not there, and how it is started". */
async function request(url: string, init: RequestInit, server: "api" | "workspace"): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    const base = server === "api" ? API : DATABRICKS;
    throw new DemoError(
      server === "api"
        ? `cannot reach the API at ${base} (${reason}): is npm start running? (PORT=${portOf(base)})`
        : `cannot reach the Databricks workspace at ${base} (${reason}): is npm start running with its local workspace? (DATABRICKS_PORT=${portOf(base)})`,
    );
  }
}

async function json(response: Response, what: string): Promise<any> {
  const text = await response.text();
  if (response.status >= 300) throw new DemoError(`${what}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoError(`${what} within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

const step = (text: string) => console.log(`→ ${text}`);

async function demo(): Promise<void> {
  const token = (
    await json(
      await request(
        `${API}/ims/token/v3`,
        {
          method: "POST",
          body: new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT, client_secret: SECRET, scope: "openid,AdobeID" }),
        },
        "api",
      ),
      "token",
    )
  ).access_token;
  const headers = { authorization: `Bearer ${token}`, "x-api-key": CLIENT, "x-gw-ims-org-id": ORG, "x-sandbox-name": "prod", "content-type": "application/json" };
  const platform = async (method: string, path: string, body?: unknown) =>
    json(await request(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, "api"), `${method} ${path}`);
  const workspace = async (path: string, body?: unknown) =>
    json(
      await request(
        `${DATABRICKS}${path}`,
        {
          method: body === undefined ? "GET" : "POST",
          headers: { authorization: `Bearer ${DATABRICKS_TOKEN}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
        "workspace",
      ),
      path,
    );

  const clusterId = (await workspace("/api/2.1/clusters/list")).clusters[0].cluster_id;
  const waitRunning = () =>
    until(`cluster ${clusterId} was not RUNNING`, CLUSTER_TIMEOUT_MS, async () =>
      (await workspace(`/api/2.1/clusters/get?cluster_id=${clusterId}`)).state === "RUNNING" ? true : undefined,
    );

  step("staging credentials (GET …/landingzone/credentials?type=dlz_databricks_source)");
  const sas = await platform("GET", "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source");
  console.log(`  container ${sas.containerName}, account ${sas.storageAccountName}, expires ${sas.expiryDate}`);

  step(`the SAS into the Spark config of cluster ${clusterId} (it restarts)`);
  await waitRunning();
  await workspace("/api/2.1/clusters/update", {
    cluster_id: clusterId,
    update_mask: "spark_conf",
    cluster: { spark_conf: { [`fs.azure.sas.${sas.containerName}.${sas.storageAccountName}.blob.core.windows.net`]: sas.SASToken } },
  });
  await waitRunning();

  step("a Databricks connection, explored");
  const connection = await platform("POST", `${FS}/connections`, {
    name: "Databricks demo",
    auth: { specName: "Access Token Authentication", params: { domain: DATABRICKS, clusterId, accessToken: DATABRICKS_TOKEN, database: "demo" } },
    connectionSpec: { id: "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b", version: "1.0" },
  });
  const tables = await platform("GET", `${FS}/connections/${connection.id}/explore?objectType=root`);
  console.log(`  tables: ${tables.map((t: { path: string }) => t.path).join(", ")}`);

  step("schema, dataset and mapping set");
  const schema = await platform("POST", "/data/foundation/schemaregistry/tenant/schemas", {
    title: `Demo customers ${Date.now()}`,
    type: "object",
    properties: CUSTOMER_FIELDS,
  });
  const [dataSetRef] = await platform("POST", "/data/foundation/catalog/dataSets", {
    name: `Demo customers ${Date.now()}`,
    schemaRef: { id: schema.$id, contentType: "application/vnd.adobe.xed+json;version=1" },
  });
  const dataSetId = dataSetRef.slice("@/dataSets/".length);
  const mapping = await platform("POST", "/data/foundation/conversion/mappingSets", {
    version: 0,
    xdmSchema: schema.$id,
    xdmVersion: "1.0",
    mappings: CUSTOMER_MAPPINGS,
  });

  step("source and target connections");
  const source = await platform("POST", `${FS}/sourceConnections`, {
    name: "demo.customers",
    baseConnectionId: connection.id,
    data: { format: "tabular" },
    params: { tableName: "demo.customers", columns: CUSTOMER_COLUMNS.map((name) => ({ name })) },
    connectionSpec: { id: "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b", version: "1.0" },
  });
  const target = await platform("POST", `${FS}/targetConnections`, {
    name: "data lake",
    data: { schema: { id: schema.$id, version: "application/vnd.adobe.xed-full+json;version=1" } },
    params: { dataSetId },
    connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" },
  });

  // once: the whole table one time, and nothing left running on a schedule after the demo
  step("a dataflow that runs once, now");
  const flow = await platform("POST", `${FS}/flows`, {
    name: `Demo dataflow ${Date.now()}`,
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: [source.id],
    targetConnectionIds: [target.id],
    transformations: [{ name: "Mapping", params: { mappingId: mapping.id, mappingVersion: 0 } }],
    scheduleParams: { startTime: String(Math.floor(Date.now() / 1000)), frequency: "once" },
  });

  step(`its run (GET ${FS}/runs?property=flowId==${flow.id})`);
  const run = await until(`the run of flow ${flow.id} did not finish`, RUN_TIMEOUT_MS, async () => {
    const [latest] = (await platform("GET", `${FS}/runs?property=flowId==${flow.id}`)).items;
    return ["success", "failed"].includes(latest?.metrics.statusSummary.status) ? latest : undefined;
  });
  console.log(`  ${run.metrics.statusSummary.status}: ${JSON.stringify(run.metrics.recordSummary)}`);
  if (run.metrics.statusSummary.status !== "success") throw new DemoError(`the run failed: ${JSON.stringify(run.metrics.statusSummary.errors)}`);
  const batchId = run.activities.find((a: { id: string }) => a.id === "promotionActivity").targetInfo[0].reference.ids[0];
  const batch = await platform("GET", `/data/foundation/catalog/batches/${batchId}`);
  console.log(`  batch ${batchId}: ${batch[batchId].metrics.outputRecordCount} rows, Delta version ${batch[batchId].extensions.delta.version} of dataset ${dataSetId}`);
  console.log(`done: the dataset is the Delta table datasets/${dataSetId} of the lake (the ready line of npm start says where the lake is)`);
}

try {
  await demo();
} catch (error) {
  if (!(error instanceof DemoError)) throw error;
  console.error(`npm run demo: ${error.message}`);
  process.exitCode = 1;
}

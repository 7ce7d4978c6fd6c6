/** Calls of the Flow Service API and of the local workspace's own REST API, for the Flow Service tests. */
import { eventually } from "./blob.js";
import type { TestSystem } from "./system.js";

export const FS = "/data/foundation/flowservice";
export const SCHEMAS = "/data/foundation/schemaregistry/tenant/schemas";
export const DATASETS = "/data/foundation/catalog/dataSets";
export const MAPPING_SETS = "/data/foundation/conversion/mappingSets";
export const DLZ_CREDENTIALS = "/data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source";
export const DATABRICKS_SPEC = "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b";
export const DATALAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  sandbox?: string;
  headers?: Record<string, string>;
}

export async function call<T = any>(system: TestSystem, method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(await system.headers(options.sandbox)), ...options.headers };
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: any;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, text, headers: response.headers };
}

export function connectionBody(system: TestSystem, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    name: "Databricks connection to Experience Platform",
    description: "A Databricks base connection to Experience Platform",
    auth: {
      specName: "Access Token Authentication",
      params: {
        domain: system.workspace!.url,
        clusterId: system.workspace!.clusterId,
        accessToken: system.workspace!.token,
        database: "demo",
        ...params,
      },
    },
    connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    ...extra,
  };
}

export async function createConnection(system: TestSystem, params: Record<string, unknown> = {}, sandbox?: string): Promise<string> {
  const reply = await call(system, "POST", `${FS}/connections`, { body: connectionBody(system, params), sandbox });
  if (reply.status !== 201) throw new Error(`connection not created: ${reply.status} ${reply.text}`);
  return reply.body.id;
}

/** Creates a tenant schema (by default `customerSchema`) and returns its $id. */
export async function createSchema(system: TestSystem, body: object = customerSchema, sandbox?: string): Promise<string> {
  const reply = await call(system, "POST", SCHEMAS, { body: withUniqueTitle(body), sandbox });
  if (reply.status !== 201) throw new Error(`schema not created: ${reply.status} ${reply.text}`);
  return reply.body.$id;
}

const titlesUsed = new Map<string, number>();

/** Titles are unique in a sandbox (XDM-1521): a helper creating the same schema again numbers its title. */
export function withUniqueTitle(body: object): object {
  const title = (body as { title?: unknown }).title;
  if (typeof title !== "string") return body;
  const uses = (titlesUsed.get(title) ?? 0) + 1;
  titlesUsed.set(title, uses);
  return uses === 1 ? body : { ...body, title: `${title} ${uses}` };
}

/** Creates a dataset of the schema and returns its id. */
export async function createDataset(system: TestSystem, schemaId: string, name = `dataset ${Date.now()}`, sandbox?: string): Promise<string> {
  const reply = await call(system, "POST", DATASETS, { body: { name, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" } }, sandbox });
  if (reply.status !== 201) throw new Error(`dataset not created: ${reply.status} ${reply.text}`);
  return reply.body[0].slice("@/dataSets/".length);
}

/** The workspace's own Clusters API, as an admin of the workspace would use it. */
export async function clusterCall(system: TestSystem, action: "get" | "start" | "delete"): Promise<any> {
  const ws = system.workspace!;
  const url = `${ws.url}/api/2.1/clusters/${action}${action === "get" ? `?cluster_id=${ws.clusterId}` : ""}`;
  const response = await fetch(url, {
    method: action === "get" ? "GET" : "POST",
    headers: { authorization: `Bearer ${ws.token}`, "content-type": "application/json" },
    body: action === "get" ? undefined : JSON.stringify({ cluster_id: ws.clusterId }),
  });
  return response.json();
}

export async function clusterState(system: TestSystem): Promise<string> {
  return (await clusterCall(system, "get")).state;
}

export async function waitForCluster(system: TestSystem, state: string): Promise<void> {
  await eventually(async () => (await clusterState(system)) === state, 15_000, 20);
}

export async function terminateCluster(system: TestSystem): Promise<void> {
  await clusterCall(system, "delete");
  await waitForCluster(system, "TERMINATED");
}

export async function startCluster(system: TestSystem): Promise<void> {
  if ((await clusterState(system)) === "TERMINATED") await clusterCall(system, "start");
  await waitForCluster(system, "RUNNING");
}

/** Every string of a JSON value, for "this secret never appears" checks. */
export function containsText(value: unknown, needle: string): boolean {
  return JSON.stringify(value ?? null).includes(needle);
}

/**
 * A loopback port nobody listens on, taken below Linux's ephemeral range (32768–60999): every
 * server a test starts on port 0 is given a port from that range, so one of them could take a
 * port released there between this check and its use, and answer where a test expects a refusal.
 */
export async function unusedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(candidate, "127.0.0.1", () => resolve(true));
    });
    if (bound) {
      await new Promise((resolve) => server.close(resolve));
      return candidate;
    }
  }
}

/** A tenant schema with one field of every XDM type this service takes. */
export const customerSchema = {
  title: "Databricks customers",
  description: "Customers read from demo.customers",
  type: "object",
  properties: {
    _id: { type: "string" },
    person: { type: "object", properties: { name: { type: "string" }, email: { type: "string", format: "email" } } },
    country: { type: "string" },
    balance: { type: "number" },
    customerId: { type: "integer", "meta:xdmType": "long" },
    vip: { type: "boolean" },
    since: { type: "string", format: "date" },
    updatedAt: { type: "string", format: "date-time" },
    tags: { type: "array", items: { type: "string" } },
  },
};

/** The Flow Service calls of the console: connections, their test, explore and preview. */
import { api, FLOW_SERVICE, item, listAll } from "./client";
import type { Session } from "./session";

export interface JsonSchema {
  type?: string;
  title?: string;
  format?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  /** alternatives, e.g. `[{required: ["clusterId"]}, {required: ["warehouseId"]}]`: exactly one of the fields */
  oneOf?: JsonSchema[];
}

export interface AuthSpec {
  name: string;
  type: string;
  spec: JsonSchema;
}

/** A connection spec that makes source connections: its ways of signing in. */
export interface SourceSpec {
  id: string;
  name: string;
  authSpec: AuthSpec[];
  attributes?: { connectorName?: string; isSource?: boolean };
}

export interface Connection {
  id: string;
  name: string;
  description?: string;
  createdAt: number;
  connectionSpec: { id: string; version: string };
  auth: { specName: string; params: Record<string, unknown> };
  etag: string;
}

/**
 * What the service did with the staging SAS on one cluster (beyond AEP): after a refresh of the
 * landing zone credentials, or a connection created or PATCHed with pushSasToCluster.
 */
export interface ClusterUpdate {
  clusterId: string;
  /** updated: the SAS is in its Spark config now (a running cluster restarts); unchanged: it already was; failed: it is not */
  status: "updated" | "unchanged" | "failed";
  message: string;
}

/** A connection's create or PATCH answer; clusterUpdates when it put the current staging SAS into its cluster. */
export interface Written {
  id: string;
  etag: string;
  clusterUpdates?: ClusterUpdate[];
}

export interface ConnectionCheck {
  name: string;
  passed: boolean;
  message: string;
}

export type TestResult = { result: boolean; checks?: ConnectionCheck[]; clusterState?: string | null; warehouseState?: string | null };

export interface TableEntry {
  type: string;
  name: string;
  path: string;
}

export interface Column {
  name: string;
  type: string;
  "meta:xdmType"?: string;
  xdm?: JsonSchema;
}

export interface TablePreview {
  schema: { columns: Column[] };
  /** values exact: ExactNumber for numbers, strings for BIGINTs beyond 2^53 and DECIMALs */
  data?: Array<Record<string, unknown>>;
}

/** Every connection spec a source account can be made of (Azure Databricks, Delta Sharing), with its authSpec. */
export const sourceSpecs = async (session: Session) =>
  (await api<{ items: SourceSpec[] }>(session, "GET", `${FLOW_SERVICE}/connectionSpecs`)).items.filter((spec) => spec.attributes?.isSource && spec.authSpec?.length);

export const listConnections = (session: Session) => listAll<Connection>(session, `${FLOW_SERVICE}/connections?limit=1000&orderby=-createdAt`);

export const createConnection = (session: Session, body: { name: string; description?: string; specId: string; specName: string; params: Record<string, unknown> }) =>
  api<Written>(session, "POST", `${FLOW_SERVICE}/connections`, {
    body: {
      name: body.name,
      description: body.description || undefined,
      auth: { specName: body.specName, params: body.params },
      connectionSpec: { id: body.specId, version: "1.0" },
    },
  });

/** A PATCH of a connection's auth params: `params` replaced (secrets, which no GET shows), `settings` set whether the connection has them yet or not. */
export const replaceAuthParams = (session: Session, connection: Connection, params: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
  api<Written>(session, "PATCH", `${FLOW_SERVICE}/connections/${connection.id}`, {
    headers: { "If-Match": connection.etag },
    body: [
      ...Object.entries(params).map(([key, value]) => ({ op: "replace", path: `/auth/params/${key}`, value })),
      ...Object.entries(settings).map(([key, value]) => ({ op: "add", path: `/auth/params/${key}`, value })),
    ],
  });

export const testConnection = (session: Session, id: string) => api<TestResult>(session, "GET", `${FLOW_SERVICE}/connections/${id}/test`);

export const listTables = (session: Session, id: string) => api<TableEntry[]>(session, "GET", `${FLOW_SERVICE}/connections/${id}/explore?objectType=root`);

/** Starts the account's stopped cluster and waits until it runs (explore with autoStart=true: minutes on Databricks). */
export const startStoppedCluster = (session: Session, id: string) => api<TableEntry[]>(session, "GET", `${FLOW_SERVICE}/connections/${id}/explore?objectType=root&autoStart=true`);

/** One level of Unity Catalog (or of the shares): the catalogs, a catalog's schemas, a schema's tables. */
export const listFolder = (session: Session, id: string, object?: string) =>
  api<TableEntry[]>(session, "GET", `${FLOW_SERVICE}/connections/${id}/explore?objectType=folder${object ? `&object=${encodeURIComponent(object)}` : ""}`);

export const previewTable = (session: Session, id: string, path: string, preview = true) =>
  api<TablePreview>(session, "GET", `${FLOW_SERVICE}/connections/${id}/explore?objectType=table&object=${encodeURIComponent(path)}&preview=${preview}`, { exact: true });

/** The account a dataflow reads: flow → its source connection → that connection's base connection. */
export async function connectionOfFlow(session: Session, flowId: string): Promise<Connection> {
  const flow = await item<{ sourceConnectionIds: string[] }>(session, `${FLOW_SERVICE}/flows/${flowId}`);
  const source = await item<{ baseConnectionId: string }>(session, `${FLOW_SERVICE}/sourceConnections/${flow.sourceConnectionIds[0]}`);
  return item<Connection>(session, `${FLOW_SERVICE}/connections/${source.baseConnectionId}`);
}

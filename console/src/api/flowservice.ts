/** The Flow Service calls of the console: connections, their test, explore and preview. */
import { api, DATABRICKS_SPEC, FLOW_SERVICE, item } from "./client";
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
}

export interface AuthSpec {
  name: string;
  type: string;
  spec: JsonSchema;
}

export interface Connection {
  id: string;
  name: string;
  description?: string;
  createdAt: number;
  auth: { specName: string; params: Record<string, unknown> };
}

export interface ConnectionCheck {
  name: string;
  passed: boolean;
  message: string;
}

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

export const databricksAuthSpecs = async (session: Session) =>
  (await item<{ authSpec: AuthSpec[] }>(session, `${FLOW_SERVICE}/connectionSpecs/${DATABRICKS_SPEC}`)).authSpec;

export const listConnections = async (session: Session) =>
  (await api<{ items: Connection[] }>(session, "GET", `${FLOW_SERVICE}/connections?limit=50&orderby=-createdAt`)).items;

export const createConnection = (session: Session, body: { name: string; description?: string; specName: string; params: Record<string, unknown> }) =>
  api<{ id: string }>(session, "POST", `${FLOW_SERVICE}/connections`, {
    body: {
      name: body.name,
      description: body.description || undefined,
      auth: { specName: body.specName, params: body.params },
      connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    },
  });

export const testConnection = (session: Session, id: string) =>
  api<{ result: boolean; checks?: ConnectionCheck[]; clusterState?: string | null }>(session, "GET", `${FLOW_SERVICE}/connections/${id}/test`);

export const listTables = (session: Session, id: string) => api<TableEntry[]>(session, "GET", `${FLOW_SERVICE}/connections/${id}/explore?objectType=root`);

export const previewTable = (session: Session, id: string, path: string, preview = true) =>
  api<TablePreview>(session, "GET", `${FLOW_SERVICE}/connections/${id}/explore?objectType=table&object=${encodeURIComponent(path)}&preview=${preview}`, { exact: true });

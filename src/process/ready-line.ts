/**
 * The one line a started process prints. It shows a credential only when it is the built-in
 * development default, says so, and never prints one the operator configured.
 */
import { DEV_CLIENT_SECRET, DEV_WORKSPACE_CLIENT_SECRET, DEV_WORKSPACE_TOKEN } from "../config.js";

export interface ReadyFacts {
  apiUrl: string;
  blobUrl: string;
  dataDir: string;
  /** where datasets live: a folder, or the URL of a folder of a Blob container (never with a credential) */
  lake: string;
  workspace?: { url: string; clusterId: string; warehouseId?: string; token: string; clientId?: string; clientSecret?: string };
  auth: { clientId: string; clientSecret: string; orgId: string };
}

export function readyLine(facts: ReadyFacts): string {
  const workspace = facts.workspace
    ? `databricks ${facts.workspace.url} (cluster ${facts.workspace.clusterId}${facts.workspace.warehouseId ? `, SQL warehouse ${facts.workspace.warehouseId}` : ""}, token ${shown(facts.workspace.token, DEV_WORKSPACE_TOKEN, "DATABRICKS_TOKEN")}${servicePrincipal(facts.workspace)}) · `
    : "";
  return (
    `Databricks Source ready: api ${facts.apiUrl} · console ${facts.apiUrl}/ · blob ${facts.blobUrl} · ${workspace}data ${facts.dataDir} · lake ${facts.lake} · ` +
    `client_id=${facts.auth.clientId} client_secret=${shown(facts.auth.clientSecret, DEV_CLIENT_SECRET, "AUTH_CLIENT_SECRET")} ` +
    `org=${facts.auth.orgId} (token: POST ${facts.apiUrl}/ims/token/v3)`
  );
}

function servicePrincipal(workspace: { clientId?: string; clientSecret?: string }): string {
  if (workspace.clientId === undefined || workspace.clientSecret === undefined) return "";
  return `, service principal ${workspace.clientId} secret ${shown(workspace.clientSecret, DEV_WORKSPACE_CLIENT_SECRET, "DATABRICKS_LOCAL_CLIENT_SECRET")}`;
}

function shown(value: string, devDefault: string, variable: string): string {
  return value === devDefault ? `${value} (the development default)` : `(set by ${variable}, not shown)`;
}

/**
 * A real `npm start` child process seen through the journey helpers: the API at its URL with the
 * development client's token, and its local workspace (with its Delta Sharing server). Only `url`,
 * `headers` and `workspace` are set — what createPipeline, configureClusterSas, sql, call and
 * sharingConnectionBody use.
 */
import { SHARING_PREFIX } from "../../local/workspace/routes/delta-sharing.js";
import type { StartedProcess } from "./process.js";
import type { TestSystem } from "./system.js";

export const DEV_CLIENT = { clientId: "dev-client", clientSecret: "dev-secret", orgId: "DEV@AdobeOrg" };

export async function journeySystem(started: StartedProcess): Promise<TestSystem> {
  // "(cluster <id>, [SQL warehouse <id>, ]token <token>"
  const workspace = /databricks (http:\/\/\S+) \(cluster ([^,\s]+),(?: SQL warehouse [^,]+,)? token (\S+)/.exec(started.readyLine);
  if (!workspace) throw new Error(`no local workspace in the ready line: ${started.readyLine}`);
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: DEV_CLIENT.clientId, client_secret: DEV_CLIENT.clientSecret, scope: "openid" });
  const token = ((await (await fetch(`${started.apiUrl}/ims/token/v3`, { method: "POST", body: form })).json()) as { access_token: string }).access_token;
  const headers = async (sandbox = "prod") => ({
    authorization: `Bearer ${token}`,
    "x-api-key": DEV_CLIENT.clientId,
    "x-gw-ims-org-id": DEV_CLIENT.orgId,
    "x-sandbox-name": sandbox,
  });
  const partial = { url: started.apiUrl, headers, workspace: { url: workspace[1], clusterId: workspace[2], token: workspace[3], sharingEndpoint: `${workspace[1]}${SHARING_PREFIX}` } };
  return partial as unknown as TestSystem;
}

/**
 * The staging SAS on the clusters of the sandbox's connections (docs/api/flowservice.md):
 * - the connection test's `stagingSas` check: the cluster's Spark config holds a SAS for the
 *   staging container that is neither missing, revoked nor expired (the same check a run makes);
 * - beyond AEP, for connections with auth.params.pushSasToCluster: a new SAS is written into their
 *   cluster's Spark config (clusters/update of spark_conf; a RUNNING cluster restarts), and so is
 *   the current one when such a connection is created or a PATCH opts it in (the SAS is not
 *   rotated: the other clusters' SAS stays valid). A cluster that already holds the token is left
 *   alone (no restart). The token goes only to the connection's own workspace, with the
 *   connection's own access token, and never into a message.
 */
import type { DatabricksClient } from "../databricks/client.js";
import type { ClusterState } from "../databricks/errors.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { sasInSparkConf, type StagingTarget, withSas } from "../landing-zone/cluster-sas.js";
import type { ClusterUpdate } from "../landing-zone/types.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import { listResources, type ResourceRecord } from "../store/resources.repository.js";
import type { Store } from "../store/database.js";
import type { DatabricksAccess, DatabricksAuth } from "./databricks-access.js";
import { toApiError } from "./databricks-access.js";

/** The connection param that opts in, as auth.params shows it. */
export const PUSH_SAS_PARAM = "pushSasToCluster";

/** Whether a connection's stored document opted in to receive the staging SAS. */
export function optsIn(document: Readonly<Record<string, unknown>>): boolean {
  return ((document.auth as { params?: Record<string, unknown> } | undefined)?.params ?? {})[PUSH_SAS_PARAM] === true;
}

/** clusters/update is accepted in these states; others (PENDING, RESTARTING, …) are waited out. */
const EDITABLE = new Set<ClusterState>(["RUNNING", "TERMINATED"]);
/** how long a push waits for a starting or restarting cluster before it reports a failure */
const EDITABLE_WAIT_MS = 120_000;

export interface NewSas extends StagingTarget {
  SASToken: string;
}

/** The connection test's check of the staging SAS in the cluster's Spark config. */
export async function stagingSasCheck(
  landingZone: LandingZoneService,
  scope: CallerSandbox,
  sparkConf: Record<string, string> | undefined,
  clusterId: string,
): Promise<{ name: "stagingSas"; passed: boolean; message: string }> {
  const { check, message } = await landingZone.checkClusterSas(scope, sparkConf ?? {}, clusterId);
  return { name: "stagingSas", passed: check.ok, message };
}

/**
 * Writes the new SAS into the cluster of every connection of the sandbox that opted in, one push per
 * cluster (two connections on one cluster restart it once). Failures are reported, never thrown:
 * the refresh itself has happened.
 */
export async function pushSasToClusters(
  store: Store,
  databricks: DatabricksAccess,
  authOf: (record: ResourceRecord) => DatabricksAuth,
  scope: CallerSandbox,
  sas: NewSas,
): Promise<ClusterUpdate[]> {
  const optedIn = (await listResources(store.db, "connection", scope)).filter((record) => optsIn(record.document));
  const byCluster = new Map<string, { connectionId: string; auth: DatabricksAuth }>();
  for (const record of optedIn) {
    const auth = authOf(record);
    if (auth.clusterId === undefined) continue; // a warehouse's connection has no Spark config to push to
    const key = `${auth.domain}\n${auth.clusterId}`;
    if (!byCluster.has(key)) byCluster.set(key, { connectionId: record.id, auth });
  }
  return Promise.all([...byCluster.values()].map(({ connectionId, auth }) => pushSasToCluster(databricks, connectionId, auth, sas, "new")));
}

/**
 * Writes `sas` into the connection's cluster, unless its Spark config already holds it; `which` names
 * it in the message (the "new" SAS of a refresh, the "current" one of a connection opting in).
 * A failure is reported, never thrown.
 */
export async function pushSasToCluster(databricks: DatabricksAccess, connectionId: string, auth: DatabricksAuth, sas: NewSas, which: "new" | "current"): Promise<ClusterUpdate> {
  const clusterId = auth.clusterId ?? "";
  try {
    const client = databricks.client(auth);
    const now = await client.getCluster(clusterId);
    if (sasInSparkConf(now.spark_conf ?? {}, sas) === sas.SASToken) {
      return { connectionId, clusterId, status: "unchanged", message: `cluster ${clusterId}'s Spark config already holds the ${which} SAS: it was left as it is (no restart)` };
    }
    const info = EDITABLE.has(now.state) ? now : await waitUntilEditable(client, clusterId);
    await client.updateSparkConf(clusterId, withSas(info.spark_conf ?? {}, sas, sas.SASToken));
    const what = info.state === "RUNNING" ? "it restarts to use it; a run exporting on it meanwhile loses that attempt, which is retried" : "it uses it when it next starts";
    return { connectionId, clusterId, status: "updated", message: `the ${which} SAS is in cluster ${clusterId}'s Spark config (it was ${info.state}: ${what})` };
  } catch (error) {
    const reason = (toApiError(error, auth) as Error).message ?? String(error);
    return { connectionId, clusterId, status: "failed", message: `the ${which} SAS could not be put into cluster ${clusterId}'s Spark config: ${withoutToken(reason, sas.SASToken)}` };
  }
}

async function waitUntilEditable(client: DatabricksClient, clusterId: string) {
  return client.pollUntil(
    async () => {
      const info = await client.getCluster(clusterId);
      return EDITABLE.has(info.state) ? info : undefined;
    },
    Date.now() + EDITABLE_WAIT_MS,
    () => `cluster ${clusterId} reaching RUNNING or TERMINATED, where its Spark config can be changed,`,
  );
}

function withoutToken(text: string, token: string): string {
  const signature = new URLSearchParams(token).get("sig") ?? token;
  return text.split(token).join("[SAS]").split(signature).join("[SAS]");
}

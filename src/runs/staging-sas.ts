/**
 * Before the export: the cluster's Spark config must hold a usable SAS for the staging container.
 * Without this check a missing, revoked or expired SAS shows up only as Hadoop's text after the
 * export failed (and was retried); here the run fails at once, naming the container, the account,
 * the spark_conf key and the fix. The token itself is never read out into a message.
 */
import type { DatabricksCluster } from "../databricks/client.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { RunErrors, RunFailure } from "../aep-conventions/errors/catalogue.js";

export async function requireStagingSas(landingZone: LandingZoneService, cluster: DatabricksCluster, scope: CallerSandbox): Promise<void> {
  const info = await cluster.info();
  const { check, message } = await landingZone.checkClusterSas(scope, info.spark_conf ?? {}, cluster.clusterId);
  if (!check.ok) throw RunErrors.clusterSasUnusable(message);
}

/**
 * Why an export failed when its SAS became unusable while the cluster wrote (refreshed, revoked or expired mid-export): the same
 * failure as the check before the export, at once, where the workspace's text (Hadoop's AuthorizationFailure) was retried first.
 * Undefined when the SAS is still usable, or the failure is one no retry cures anyway.
 */
export async function stagingSasFailureOf(error: unknown, check: () => Promise<void>): Promise<RunFailure | undefined> {
  // an attempt stopped (a shutdown) or a failure no retry cures: nothing to ask the cluster
  if ((error instanceof RunFailure && !error.retryable) || (error instanceof Error && error.name === "AbortError")) return undefined;
  try {
    await check();
    return undefined;
  } catch (refusal) {
    return refusal instanceof RunFailure && !refusal.retryable ? refusal : undefined;
  }
}

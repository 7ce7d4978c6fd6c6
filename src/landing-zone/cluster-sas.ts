/**
 * Whether a cluster's Spark config holds a usable SAS for the staging container: pure, "now" and
 * the container's policies passed in. The cluster writes through Hadoop's WASB driver, which reads
 * `fs.azure.sas.<container>.<account>.blob.core.windows.net` (or the same key under `spark.hadoop.`,
 * which Spark copies into the Hadoop configuration). Only the token's policy id (`si=`) is looked at:
 * it is what a refresh revokes, and it is no secret. The token itself never enters a message.
 */
import type { PolicyRecord } from "../store/landing-zone.repository.js";

export interface StagingTarget {
  containerName: string;
  storageAccountName: string;
}

export type ClusterSasProblem = "missing" | "revoked" | "expired";

export type ClusterSasCheck =
  | { ok: true; key: string; policyId: string; expiresAt: number }
  | { ok: false; problem: ClusterSasProblem; key: string; policyId?: string; expiredAt?: number };

const HADOOP_PREFIX = "spark.hadoop.";

export function sparkConfKey(target: StagingTarget): string {
  return `fs.azure.sas.${target.containerName}.${target.storageAccountName}.blob.core.windows.net`;
}

/** The line to paste into the cluster's Spark config (key, a space, the token), as AEP's docs write it. */
export function sparkConfLine(target: StagingTarget, sasToken: string): string {
  return `${sparkConfKey(target)} ${sasToken}`;
}

/** The token WASB would use: the plain key first, then the spark.hadoop. one. */
export function sasInSparkConf(sparkConf: Readonly<Record<string, string>>, target: StagingTarget): string | undefined {
  const key = sparkConfKey(target);
  const token = (sparkConf[key] ?? sparkConf[`${HADOOP_PREFIX}${key}`])?.trim();
  return token ? token : undefined;
}

/** The Spark config with the new token under every key the cluster already uses for it (the plain key when none). */
export function withSas(sparkConf: Readonly<Record<string, string>>, target: StagingTarget, sasToken: string): Record<string, string> {
  const key = sparkConfKey(target);
  const next = { ...sparkConf };
  const keys = [key, `${HADOOP_PREFIX}${key}`].filter((k) => Object.hasOwn(next, k));
  for (const k of keys.length > 0 ? keys : [key]) next[k] = sasToken;
  return next;
}

export function checkClusterSas(
  sparkConf: Readonly<Record<string, string>>,
  target: StagingTarget,
  policies: readonly PolicyRecord[],
  now: number,
): ClusterSasCheck {
  const key = sparkConfKey(target);
  const token = sasInSparkConf(sparkConf, target);
  if (token === undefined) return { ok: false, problem: "missing", key };
  const policyId = new URLSearchParams(token.replace(/^\?/, "")).get("si") ?? undefined;
  const policy = policies.find((p) => p.policyId === policyId);
  if (!policy) return { ok: false, problem: "revoked", key, policyId };
  if (policy.expiresAt <= now) return { ok: false, problem: "expired", key, policyId, expiredAt: policy.expiresAt };
  return { ok: true, key, policyId: policy.policyId, expiresAt: policy.expiresAt };
}

const CREDENTIALS_CALL = "GET /data/foundation/connectors/landingzone/credentials?type=dlz_databricks_source&sparkConf=true";

/** What is wrong and how to fix it, naming the container, the account and the key; never the token. */
export function describeClusterSas(check: ClusterSasCheck, target: StagingTarget, clusterId: string): string {
  const where = `the staging container '${target.containerName}' in storage account '${target.storageAccountName}'`;
  if (check.ok) {
    return `cluster ${clusterId} holds a SAS for ${where} in its Spark config (${check.key}), policy ${check.policyId}, valid until ${new Date(check.expiresAt).toISOString()}`;
  }
  const fix =
    `Fix: ${CREDENTIALS_CALL} gives the current line; put it into cluster ${clusterId}'s Spark config (Compute → the cluster → ` +
    "Advanced options → Spark) and restart the cluster, or set auth.params.pushSasToCluster on the connection so the service does it now and after each refresh.";
  switch (check.problem) {
    case "missing":
      return `Missing SAS: cluster ${clusterId} has no SAS for ${where}: its Spark config lacks the key ${check.key}, so the cluster cannot write the exported rows. ${fix}`;
    case "revoked":
      return (
        `Revoked SAS: the SAS for ${where} in cluster ${clusterId}'s Spark config (${check.key}) ` +
        (check.policyId
          ? `is bound to the stored access policy ${check.policyId}, which the container no longer has: a refresh of the landing zone credentials revoked it.`
          : "names no stored access policy (si=): it is not a SAS of this landing zone.") +
        ` ${fix}`
      );
    case "expired":
      return (
        `Expired SAS: the SAS for ${where} in cluster ${clusterId}'s Spark config (${check.key}) is bound to the stored access policy ` +
        `${check.policyId}, which expired at ${new Date(check.expiredAt!).toISOString()}. ${fix}`
      );
  }
}

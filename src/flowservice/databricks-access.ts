/**
 * How the service reaches a connection's workspace: a client per call (the connection's domain
 * and credentials: a personal access token, or a service principal whose OAuth tokens the
 * process's one cache gets and renews), AEP's rule that creation, explore and preview need a RUNNING cluster (explore's
 * autoStart=true aside), and the one mapping of Databricks failures onto client-visible errors.
 */
import { DatabricksClient, type DatabricksCluster, type SqlSession } from "../databricks/client.js";
import {
  AUTOSTART_TIMEOUT_SETTING,
  ClusterNotRunningError,
  DatabricksApiError,
  DatabricksError,
  DatabricksRedirectError,
  DatabricksSqlError,
  DatabricksTimeoutError,
  DatabricksUnreachableError,
} from "../databricks/errors.js";
import { secretsOf, type WorkspaceCredentials } from "../databricks/oauth-tokens.js";
import { redactSecrets } from "../databricks/secret-redaction.js";
import type { SharingProfile } from "../delta-sharing/index.js";
import { DatabricksWarehouse } from "../databricks/warehouse.js";
import { isListed, isListedOrigin } from "../security/allowed-hosts.js";
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";

export interface DatabricksSettings {
  requestTimeoutMs: number;
  commandTimeoutMs: number;
  autoStartTimeoutMs: number;
  /** the workspaces a connection may name (src/security/allowed-hosts.ts): https to a listed host, http only to a listed origin */
  allowedHosts: readonly string[];
}

/** A connection's auth params, its secret opened. */
export interface DatabricksAuth {
  domain: string;
  /** the compute: an all-purpose cluster, or (beyond AEP) a SQL warehouse — exactly one of the two */
  clusterId?: string;
  warehouseId?: string;
  credentials: WorkspaceCredentials;
  database: string;
  catalog?: string;
  /** a Delta Sharing connection's profile (domain is then its endpoint, and there is no cluster) */
  sharing?: SharingProfile;
}

/** What a refusal of a cluster that is not running tells the caller to do (ensureRunning, withSql). */
export interface RunningOptions {
  /** start a TERMINATED cluster and wait for a starting one, instead of refusing */
  autoStart?: boolean;
  /** told when the cluster is stopped or stopping (TERMINATED, TERMINATING): "start it in Databricks and try again" */
  hint: string;
  /** told when it is PENDING or RESTARTING, so RUNNING by itself soon (STARTING_HINT when absent) */
  startingHint?: string;
}

/** What a cluster that is starting or restarting needs: time, not a start (docs/decisions.md: creation does not wait for it). */
export const STARTING_HINT = "it becomes RUNNING by itself, usually within a few minutes: wait until Databricks shows it RUNNING, then try again";

export class DatabricksAccess {
  constructor(readonly settings: DatabricksSettings) {}

  /**
   * Refuses a workspace or sharing server URL that is not on the allow-list, before anything is sent
   * to it; `property` is where the request names it, `sent` the domain as the request wrote it.
   */
  requireAllowedHost(domain: string, property?: string, sent?: string): void {
    const url = new URL(domain);
    const allowed = url.protocol === "https:" ? isListed(url, this.settings.allowedHosts) : isListedOrigin(url, this.settings.allowedHosts);
    if (!allowed) throw Errors.workspaceHostNotAllowed(domain, this.settings.allowedHosts, property, this.assumedSchemeNote(url, sent));
  }

  /**
   * A domain written without a scheme is taken as https (normalizeWorkspaceUrl): the refusal says so,
   * and names the http origin the allow-list has for that host and port, if it has one.
   */
  private assumedSchemeNote(url: URL, sent: string | undefined): string | undefined {
    if (sent === undefined || url.protocol !== "https:" || /^https:\/\//i.test(sent.trim())) return undefined;
    const http = new URL(`http://${url.host}`);
    const listed = isListedOrigin(http, this.settings.allowedHosts);
    return `https:// was assumed for ${JSON.stringify(sent.trim())}, a domain written without a scheme${listed ? `; the allowed hosts name ${http.origin}: write the domain as ${http.origin}` : ""}`;
  }

  /** A client of the connection's workspace; a stored connection whose host left the allow-list is refused too. */
  client(auth: Pick<DatabricksAuth, "domain" | "credentials">): DatabricksClient {
    this.requireAllowedHost(auth.domain);
    return new DatabricksClient({ domain: auth.domain, credentials: auth.credentials, requestTimeoutMs: this.settings.requestTimeoutMs });
  }

  /** Runs `work` with a client of the connection's workspace, its failures mapped as withSql's are. */
  async withClient<T>(auth: DatabricksAuth, work: (client: DatabricksClient) => Promise<T>): Promise<T> {
    try {
      return await work(this.client(auth));
    } catch (error) {
      throw toApiError(error, auth);
    }
  }

  /** The connection's compute: its all-purpose cluster, or its SQL warehouse. */
  compute(auth: DatabricksAuth): DatabricksCluster | DatabricksWarehouse {
    const client = this.client(auth);
    return auth.warehouseId ? new DatabricksWarehouse(client, auth.warehouseId) : client.cluster(auth.clusterId ?? "");
  }

  /**
   * The connection's compute, running. A cluster must already run unless autoStart (AEP: creation,
   * explore and preview never start one); a SQL warehouse is started and waited for, since it resumes
   * on any statement anyway. Refusals name the state and `hint` (what the caller can do).
   */
  async ensureRunning(auth: DatabricksAuth, options: RunningOptions): Promise<void> {
    const autoStart = (options.autoStart ?? false) || auth.warehouseId !== undefined;
    // a cluster on its way to RUNNING needs no one to start it: the caller is told to wait for it instead
    const startingHint = options.startingHint ?? STARTING_HINT;
    await this.compute(auth).ensureRunning({ autoStart, timeoutMs: this.settings.autoStartTimeoutMs, hint: options.hint, startingHint, timeoutSetting: AUTOSTART_TIMEOUT_SETTING });
  }

  /** Runs SQL on the connection's cluster or warehouse once it is running (see ensureRunning). */
  async withSql<T>(auth: DatabricksAuth, options: RunningOptions, work: (sql: SqlSession) => Promise<T>): Promise<T> {
    try {
      await this.ensureRunning(auth, options);
      return await this.compute(auth).session(work, { timeoutMs: this.settings.commandTimeoutMs });
    } catch (error) {
      throw toApiError(error, auth);
    }
  }
}

/**
 * Databricks failures as SRC-1308-400 ("The request could not be processed. Error message: …"),
 * the code AEP's docs give for errors of the source system (decision in docs/decisions.md); a wait
 * that ran out is a 504. Anything that is not a Databricks failure passes through untouched. The
 * workspace's words are quoted without the connection's secrets (quotedFrom).
 */
export function toApiError(error: unknown, auth: Pick<DatabricksAuth, "domain" | "clusterId" | "warehouseId" | "credentials">): unknown {
  if (error instanceof ApiError || !(error instanceof DatabricksError)) return error;
  const failed = (message: string) => Errors.databricksFailed(quotedFrom(auth, message));
  if (error instanceof ClusterNotRunningError) {
    return Errors.databricksFailed(quotedFrom(auth, error.message), { clusterId: error.clusterId, clusterState: error.state });
  }
  if (
    error instanceof DatabricksSqlError ||
    error instanceof DatabricksUnreachableError ||
    error instanceof DatabricksRedirectError
  ) {
    return failed(error.message);
  }
  if (error instanceof DatabricksTimeoutError) return Errors.databricksTimeout(quotedFrom(auth, error.message));
  if (error instanceof DatabricksApiError) {
    if (error.isAuthentication) {
      return failed(`the workspace at ${auth.domain} refused ${credentialsName(auth.credentials)} (HTTP ${error.status}${error.errorCode ? ` ${error.errorCode}` : ""})`);
    }
    if (error.operation === "clusters/get" && (error.isNotFound || error.errorCode === "INVALID_PARAMETER_VALUE")) {
      return failed(`cluster ${auth.clusterId} does not exist in the workspace at ${auth.domain}: ${error.detail}`);
    }
    if (error.operation === "warehouses/get" && (error.isNotFound || error.errorCode === "INVALID_PARAMETER_VALUE")) {
      return failed(`SQL warehouse ${auth.warehouseId} does not exist in the workspace at ${auth.domain}: ${error.detail}`);
    }
  }
  return failed(error.message);
}

/**
 * A message quoting the connection's workspace (or sharing server), fit for an answer and a log
 * line: a server may echo the request it refused, so the connection's own secrets are removed by
 * value (the token, the client secret and its Basic form) as run logs remove them.
 */
export function quotedFrom(auth: Pick<DatabricksAuth, "credentials">, message: string): string {
  return redactSecrets(message, secretsOf(auth.credentials));
}

/** How messages name what a workspace refused, never its value. */
export function credentialsName(credentials: WorkspaceCredentials): string {
  return credentials.kind === "oauth" ? `the service principal ${credentials.clientId} (its OAuth client id or secret)` : "the access token";
}

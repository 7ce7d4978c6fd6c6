/**
 * What can go wrong between us and a workspace, as types the callers branch on. No message ever
 * carries the access token: messages are built from status codes, Databricks' own error bodies
 * and the workspace URL. Any other body (an HTML page of a proxy, text) is never quoted.
 */
export type ClusterState = "PENDING" | "RUNNING" | "RESTARTING" | "RESIZING" | "TERMINATING" | "TERMINATED" | "ERROR" | "UNKNOWN";

/** PENDING and RESTARTING clusters become RUNNING without anyone starting them. */
export function isStarting(state: string): boolean {
  return state === "PENDING" || state === "RESTARTING";
}

export class DatabricksError extends Error {
  override name = "DatabricksError";
}

/** No HTTP answer: DNS, refused connection, TLS failure, or the per-request timeout. */
export class DatabricksUnreachableError extends DatabricksError {
  override name = "DatabricksUnreachableError";
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(
      `the Databricks workspace at ${baseUrl} did not answer: ${reason}. ` +
        "Check the connection's host (auth.params.domain) and that the workspace is up and reachable from this service",
    );
  }
}

/** Credentials that cannot be sent at all (a control character in a token); the message never quotes them. */
export class DatabricksCredentialsError extends DatabricksError {
  override name = "DatabricksCredentialsError";
}

/** An HTTP answer other than 2xx, with Databricks' {"error_code","message"} when it sent one. */
export class DatabricksApiError extends DatabricksError {
  override name = "DatabricksApiError";
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly detail: string,
    readonly operation: string,
  ) {
    super(`${operation} failed with HTTP ${status}${errorCode ? ` ${errorCode}` : ""}: ${detail}`);
  }

  get isAuthentication(): boolean {
    return this.status === 401 || this.status === 403;
  }

  get isNotFound(): boolean {
    return this.status === 404 || this.errorCode === "RESOURCE_DOES_NOT_EXIST";
  }
}

/**
 * A 3xx: the service follows no redirect of a workspace, since the token would go with it to
 * wherever the Location points. Names the status and the Location's host, nothing of the body.
 */
export class DatabricksRedirectError extends DatabricksError {
  override name = "DatabricksRedirectError";
  constructor(
    readonly status: number,
    readonly locationHost: string | undefined,
    operation: string,
  ) {
    super(
      `${operation}: the workspace answered HTTP ${status}, a redirect to ${locationHost ?? "(no Location)"}; redirects are not followed: give the workspace's own URL as the connection's domain`,
    );
  }
}

/** A statement the cluster ran and refused: `resultType: "error"` (an AnalysisException, say). */
export class DatabricksSqlError extends DatabricksError {
  override name = "DatabricksSqlError";
  constructor(
    readonly summary: string,
    readonly causeText: string | undefined,
  ) {
    super(summary);
  }
}

/** A command or a wait that did not finish within its bound. */
export class DatabricksTimeoutError extends DatabricksError {
  override name = "DatabricksTimeoutError";
}

/** Where a cluster's or a SQL warehouse's state and the reasons it does not start show in the workspace. */
const WHERE_TO_LOOK = {
  cluster: { where: "Compute, the cluster: its state and its Event log", causes: "no instances available, a quota, a failing init script" },
  "SQL warehouse": { where: "SQL Warehouses, the warehouse: its state and its Monitoring", causes: "no capacity available, a quota" },
} as const;

/** The settings that bound the wait for a cluster or SQL warehouse to start: a run's, and that of creation, explore and the test. */
export const CLUSTER_START_TIMEOUT_SETTING = "RUN_CLUSTER_START_TIMEOUT_MS";
export const AUTOSTART_TIMEOUT_SETTING = "DATABRICKS_AUTOSTART_TIMEOUT_MS";

/**
 * A cluster or SQL warehouse that did not reach RUNNING within the wait its caller allowed
 * (`timeoutSetting`, when the caller names the setting that bounds it).
 */
export class ComputeStartTimeoutError extends DatabricksTimeoutError {
  override name = "ComputeStartTimeoutError";
  constructor(
    readonly kind: keyof typeof WHERE_TO_LOOK,
    readonly id: string,
    readonly timeoutMs: number,
    readonly lastState: string,
    lastStateMessage: string | undefined,
    timeoutSetting: string | undefined,
  ) {
    super(
      `${kind} ${id} did not reach RUNNING within ${duration(timeoutMs)} (last state ${lastState}${lastStateMessage ? `: ${lastStateMessage}` : ""}). ` +
        `Check the ${kind} in the Databricks workspace (${WHERE_TO_LOOK[kind].where}) for what keeps it from starting (${WHERE_TO_LOOK[kind].causes}) and start it there` +
        (timeoutSetting ? `; if it only needs longer to start, raise ${timeoutSetting} (now ${timeoutMs} ms)` : ""),
    );
  }
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The cluster is not in a state the operation accepts. */
export class ClusterNotRunningError extends DatabricksError {
  override name = "ClusterNotRunningError";
  constructor(
    readonly clusterId: string,
    readonly state: string,
    readonly stateMessage: string | undefined,
    hint: string,
  ) {
    super(`cluster ${clusterId} is ${state}${stateMessage ? ` (${stateMessage})` : ""}; ${hint}`);
  }
}

/** The workspace answered 2xx with a body we cannot read. */
export class DatabricksProtocolError extends DatabricksError {
  override name = "DatabricksProtocolError";
}

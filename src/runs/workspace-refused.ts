/**
 * A workspace that refuses the connection's credentials (HTTP 401 or 403) refuses every retry the
 * same way: such a run fails at once and says how to renew them (docs/api/runs.md).
 */
import { RunFailure } from "../aep-conventions/errors/catalogue.js";
import type { DatabricksApiError } from "../databricks/errors.js";
import { credentialsName } from "../flowservice/databricks-access.js";
import type { RunInputs } from "./run-inputs.js";

/** The run error of credentials the workspace refused. */
export const WORKSPACE_REFUSED_CODE = "CONNECTOR-2013-400";

export function workspaceRefusedFailure(error: DatabricksApiError, connection: RunInputs["connection"]): RunFailure {
  const renewed = connection.credentials.kind === "oauth" ? "/auth/params/clientSecret" : "/auth/params/accessToken";
  const what = connection.credentials.kind === "oauth" ? "a new secret of the service principal" : "a new access token";
  return new RunFailure(
    WORKSPACE_REFUSED_CODE,
    `The workspace at ${connection.domain} refused ${credentialsName(connection.credentials)} (${error.operation}: HTTP ${error.status}` +
      `${error.errorCode ? ` ${error.errorCode}` : ""}: ${error.detail}). It may have expired or been revoked, or lack a permission the run needs. ` +
      "A retry would be refused the same way, so the run was not retried. " +
      `Renew it: PATCH /data/foundation/flowservice/connections/${connection.id} with its etag in If-Match and ` +
      `[{"op": "replace", "path": "${renewed}", "value": "<${what}>"}], then re-trigger this run.`,
    false,
  );
}

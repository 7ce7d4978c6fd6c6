/** The where-clause every sandbox-scoped query shares: the row belongs to the caller's organization and sandbox. */
import type { ExpressionBuilder } from "kysely";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Database } from "./schema.js";

/** The tables with rows of one sandbox, and flow_references, which is only read joined to flows (the unqualified columns are then those of flows). */
type SandboxedTable = "resources" | "flows" | "batches" | "flow_references";

/** `query.where(inSandbox(scope))`: only rows of the caller's organization and sandbox. */
export function inSandbox(scope: CallerSandbox) {
  return (eb: ExpressionBuilder<Database, SandboxedTable>) => eb.and({ ims_org_id: scope.imsOrgId, sandbox_name: scope.sandboxName });
}

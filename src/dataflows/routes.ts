/**
 * Dataflows (docs/api/dataflows.md): /flows (the five resource operations) and
 * POST /flows/{id}/action?op=enable|disable|resync.
 */
import type { FastifyInstance } from "fastify";
import type { DataflowService } from "./dataflow-service.js";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { FLOW_SERVICE } from "../aep-conventions/paths.js";
import { actionOp, registerResourceRoutes } from "../aep-conventions/resource-routes.js";
import { FLOW_ACTION_SCHEMA, FLOW_ROUTE_SCHEMAS } from "./route-schemas.js";

export function registerDataflowRoutes(app: FastifyInstance, flows: DataflowService): void {
  registerResourceRoutes(app, "flows", flows, FLOW_ROUTE_SCHEMAS);
  app.post<IdParams & { Querystring: { op?: string } }>(`${FLOW_SERVICE}/flows/:id/action`, { schema: FLOW_ACTION_SCHEMA }, async (request) =>
    flows.action(callerOf(request), request.params.id, actionOp(request.query)),
  );
}

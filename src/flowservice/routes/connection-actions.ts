/**
 * GET /connections/{id}/test and GET /connections/{id}/explore
 * (docs/api/flowservice.md#test-a-connection, #explore-and-preview): both call the connection's
 * workspace for real.
 */
import type { FastifyInstance } from "fastify";
import type { ConnectionService } from "../connection-service.js";
import { callerOf, type IdParams } from "../../aep-conventions/caller.js";
import { FLOW_SERVICE } from "../../aep-conventions/paths.js";
import { onlyQueryParams } from "../../aep-conventions/request-body.js";
import { CONNECTION_EXPLORE_SCHEMA, CONNECTION_TEST_SCHEMA } from "./route-schemas.js";

export function registerConnectionActionRoutes(app: FastifyInstance, connections: ConnectionService): void {
  app.get<IdParams>(`${FLOW_SERVICE}/connections/:id/test`, { schema: CONNECTION_TEST_SCHEMA }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return connections.testConnection(callerOf(request), request.params.id);
  });
  app.get<IdParams>(`${FLOW_SERVICE}/connections/:id/explore`, { schema: CONNECTION_EXPLORE_SCHEMA }, async (request) =>
    connections.explore(callerOf(request), request.params.id, request.query as Record<string, unknown>),
  );
}

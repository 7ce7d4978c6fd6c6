/**
 * GET /connections/{id}/test (contract §4.3) and GET /connections/{id}/explore (§4.4): both call
 * the connection's workspace for real.
 */
import type { FastifyInstance } from "fastify";
import type { FlowService } from "../../../flowservice/index.js";
import { actorOf, type IdParams } from "../actor.js";
import { FLOW_SERVICE } from "./paths.js";

export function registerConnectionActionRoutes(app: FastifyInstance, flowService: FlowService): void {
  app.get<IdParams>(`${FLOW_SERVICE}/connections/:id/test`, async (request) => flowService.testConnection(actorOf(request), request.params.id));
  app.get<IdParams>(`${FLOW_SERVICE}/connections/:id/explore`, async (request) =>
    flowService.explore(actorOf(request), request.params.id, request.query as Record<string, unknown>),
  );
}

/**
 * Dataflows and runs (contract §4.7, §4.8):
 *   /flows (the five resource operations), POST /flows/{id}/action?op=enable|disable|resync
 *   GET /runs, GET /runs/{id}, POST /runs (on demand), POST /runs/{id}/action?op=re-trigger
 */
import type { FastifyInstance } from "fastify";
import type { DataflowService } from "../../../dataflows/flow-service.js";
import { Errors } from "../../../errors/catalogue.js";
import { parseListQuery } from "../../../flows/listing/list-query.js";
import { flowServiceListBody } from "../../../flows/listing/page.js";
import type { RunService } from "../../../runs/run-service.js";
import { actorOf, type IdParams } from "../actor.js";
import { FLOW_SERVICE } from "./paths.js";
import { registerResourceRoutes } from "./resources.js";

type ActionRequest = IdParams & { Querystring: { op?: string } };

function opOf(query: { op?: string }): string {
  if (typeof query.op !== "string" || query.op === "") throw Errors.mandatoryFieldMissing("op");
  return query.op;
}

export function registerDataflowRoutes(app: FastifyInstance, flows: DataflowService, runs: RunService): void {
  registerResourceRoutes(app, "flows", flows);
  app.post<ActionRequest>(`${FLOW_SERVICE}/flows/:id/action`, async (request) =>
    flows.action(actorOf(request), request.params.id, opOf(request.query)),
  );

  app.get(`${FLOW_SERVICE}/runs`, async (request) =>
    flowServiceListBody(await runs.list(actorOf(request), parseListQuery(request.query as Record<string, unknown>)), "/runs"),
  );
  app.get<IdParams>(`${FLOW_SERVICE}/runs/:id`, async (request) => ({ items: [await runs.get(actorOf(request), request.params.id)] }));
  app.post(`${FLOW_SERVICE}/runs`, async (request, reply) => {
    const created = await runs.create(actorOf(request), request.body);
    return reply.status(201).header("location", `${FLOW_SERVICE}/runs/${created.id}`).send(created);
  });
  app.post<ActionRequest>(`${FLOW_SERVICE}/runs/:id/action`, async (request) =>
    runs.action(actorOf(request), request.params.id, opOf(request.query)),
  );
}

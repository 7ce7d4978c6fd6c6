/**
 * Dataflows and runs (contract §4.7, §4.8):
 *   /flows (the five resource operations), POST /flows/{id}/action?op=enable|disable|resync
 *   GET /runs, GET /runs/{id}, POST /runs (on demand), POST /runs/{id}/action?op=re-trigger
 */
import type { FastifyInstance } from "fastify";
import type { DataflowService } from "./dataflow-service.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { parseListQuery } from "../aep-conventions/listing/list-query.js";
import { flowServiceListBody } from "../aep-conventions/listing/page.js";
import type { RunService } from "../runs/run-service.js";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { FLOW_SERVICE } from "../aep-conventions/paths.js";
import { registerResourceRoutes } from "../flowservice/routes/resources.js";

type ActionRequest = IdParams & { Querystring: { op?: string } };

function opOf(query: { op?: string }): string {
  if (typeof query.op !== "string" || query.op === "") throw Errors.mandatoryFieldMissing("op");
  return query.op;
}

export function registerDataflowRoutes(app: FastifyInstance, flows: DataflowService, runs: RunService): void {
  registerResourceRoutes(app, "flows", flows);
  app.post<ActionRequest>(`${FLOW_SERVICE}/flows/:id/action`, async (request) =>
    flows.action(callerOf(request), request.params.id, opOf(request.query)),
  );

  app.get(`${FLOW_SERVICE}/runs`, async (request) =>
    flowServiceListBody(await runs.list(callerOf(request), parseListQuery(request.query as Record<string, unknown>)), "/runs"),
  );
  app.get<IdParams>(`${FLOW_SERVICE}/runs/:id`, async (request) => ({ items: [await runs.get(callerOf(request), request.params.id)] }));
  app.post(`${FLOW_SERVICE}/runs`, async (request, reply) => {
    const created = await runs.create(callerOf(request), request.body);
    return reply.status(201).header("location", `${FLOW_SERVICE}/runs/${created.id}`).send(created);
  });
  app.post<ActionRequest>(`${FLOW_SERVICE}/runs/:id/action`, async (request) =>
    runs.action(callerOf(request), request.params.id, opOf(request.query)),
  );
}

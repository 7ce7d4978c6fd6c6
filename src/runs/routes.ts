/**
 * Runs (docs/api/runs.md): GET /runs, GET /runs/{id}, GET /runs/{id}/logs, POST /runs (on demand),
 * POST /runs/{id}/action?op=re-trigger.
 */
import type { FastifyInstance } from "fastify";
import type { RunService } from "./run-service.js";
import { parseListQuery } from "../aep-conventions/listing/list-query.js";
import { flowServiceListBytes } from "../aep-conventions/listing/page.js";
import { sendJsonBytes } from "../aep-conventions/listing/json-bytes.js";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { FLOW_SERVICE } from "../aep-conventions/paths.js";
import { actionOp } from "../aep-conventions/resource-routes.js";
import { onlyQueryParams, queryString } from "../aep-conventions/request-body.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { RUN_LOG_KEEP_LINES } from "./run-log.js";
import { RUN_ORDER_FIELDS, RUN_ROUTE_SCHEMAS } from "./route-schemas.js";

export function registerRunRoutes(app: FastifyInstance, runs: RunService): void {
  app.get(`${FLOW_SERVICE}/runs`, { schema: RUN_ROUTE_SCHEMAS.list }, async (request, reply) =>
    sendJsonBytes(reply, flowServiceListBytes(await runs.list(callerOf(request), parseListQuery(request.query as Record<string, unknown>, { orderFields: RUN_ORDER_FIELDS, filterFields: RUN_ORDER_FIELDS })), "/runs")),
  );
  app.get<IdParams>(`${FLOW_SERVICE}/runs/:id`, { schema: RUN_ROUTE_SCHEMAS.get }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    return { items: [await runs.get(callerOf(request), request.params.id)] };
  });
  app.get<IdParams>(`${FLOW_SERVICE}/runs/:id/logs`, { schema: RUN_ROUTE_SCHEMAS.logs }, async (request) => {
    const query = request.query as Record<string, unknown>;
    onlyQueryParams(query, ["limit"]);
    return runs.logs(callerOf(request), request.params.id, logLimitOf(queryString(query, "limit")));
  });
  app.post(`${FLOW_SERVICE}/runs`, { schema: RUN_ROUTE_SCHEMAS.create }, async (request, reply) => {
    const created = await runs.create(callerOf(request), request.body);
    return reply.status(201).header("location", `${FLOW_SERVICE}/runs/${created.id}`).send(created);
  });
  app.post<IdParams & { Querystring: { op?: string } }>(`${FLOW_SERVICE}/runs/:id/action`, { schema: RUN_ROUTE_SCHEMAS.action }, async (request) =>
    runs.action(callerOf(request), request.params.id, actionOp(request.query)),
  );
}

/** `limit` of GET /runs/{id}/logs: the newest lines, 1 to the lines a run keeps; all of them without it. */
function logLimitOf(text: string | undefined): number {
  if (text === undefined) return RUN_LOG_KEEP_LINES;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > RUN_LOG_KEEP_LINES) {
    throw Errors.paramValueInvalid(text, "limit", `It must be a whole number from 1 to ${RUN_LOG_KEEP_LINES}: the newest lines of the run's log (a run keeps ${RUN_LOG_KEEP_LINES})`);
  }
  return Number(text);
}

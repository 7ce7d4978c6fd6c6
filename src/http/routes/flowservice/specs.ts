/**
 * GET /connectionSpecs[?property=…], /connectionSpecs/{id}, /flowSpecs[?property=…], /flowSpecs/{id}
 * (contract §4.2): the same in every sandbox; lists filter like every Flow Service list.
 */
import type { FastifyInstance } from "fastify";
import { Errors } from "../../../errors/catalogue.js";
import { parseListQuery } from "../../../flows/listing/list-query.js";
import { applyListQuery, flowServiceListBody } from "../../../flows/listing/page.js";
import { CONNECTION_SPECS, FLOW_SPECS, type Spec } from "../../../flows/specs/index.js";
import type { IdParams } from "../actor.js";
import { FLOW_SERVICE } from "./paths.js";

export function registerSpecRoutes(app: FastifyInstance): void {
  for (const [resource, specs] of [
    ["connectionSpecs", CONNECTION_SPECS],
    ["flowSpecs", FLOW_SPECS],
  ] as const) {
    app.get(`${FLOW_SERVICE}/${resource}`, async (request) =>
      flowServiceListBody(applyListQuery(specs as Spec[], parseListQuery(request.query as Record<string, unknown>, { defaultOrder: "+name" })), `/${resource}`),
    );
    app.get<IdParams>(`${FLOW_SERVICE}/${resource}/:id`, async (request) => {
      const spec = specs.find((s) => s.id === request.params.id);
      if (!spec) throw Errors.resourceNotFound(resource, request.params.id);
      return { items: [spec] };
    });
  }
}

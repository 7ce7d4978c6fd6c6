/**
 * GET /connectionSpecs[?property=…], /connectionSpecs/{id}, /flowSpecs[?property=…], /flowSpecs/{id}
 * (docs/api/flowservice.md#connection-specs, #flow-specs): the same in every sandbox; lists filter
 * like every Flow Service list.
 */
import type { FastifyInstance } from "fastify";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { parseListQuery } from "../../aep-conventions/listing/list-query.js";
import { applyListQuery, flowServiceListBody } from "../../aep-conventions/listing/page.js";
import { CONNECTION_SPECS, FLOW_SPECS, type Spec } from "../specs/index.js";
import type { IdParams } from "../../aep-conventions/caller.js";
import { FLOW_SERVICE } from "../../aep-conventions/paths.js";
import { onlyQueryParams } from "../../aep-conventions/request-body.js";
import { SPEC_ROUTE_SCHEMAS } from "./route-schemas.js";

export function registerSpecRoutes(app: FastifyInstance): void {
  for (const [resource, specs] of [
    ["connectionSpecs", CONNECTION_SPECS],
    ["flowSpecs", FLOW_SPECS],
  ] as const) {
    // the specs' own fields: a filter or an order by another (nmae) would answer every spec, or none, as if it applied
    const fields = [...new Set((specs as Spec[]).flatMap((spec) => Object.keys(spec)))];
    app.get(`${FLOW_SERVICE}/${resource}`, { schema: SPEC_ROUTE_SCHEMAS[resource].list }, async (request) =>
      flowServiceListBody(
        applyListQuery(specs as Spec[], parseListQuery(request.query as Record<string, unknown>, { defaultOrder: "+name", orderFields: fields, filterFields: fields })),
        `/${resource}`,
      ),
    );
    app.get<IdParams>(`${FLOW_SERVICE}/${resource}/:id`, { schema: SPEC_ROUTE_SCHEMAS[resource].get }, async (request) => {
      onlyQueryParams(request.query as Record<string, unknown>, []);
      const spec = specs.find((s) => s.id === request.params.id);
      if (!spec) throw Errors.resourceNotFound(resource, request.params.id);
      return { items: [spec] };
    });
  }
}

/**
 * Connectors API, Data Landing Zone (docs/api/landing-zone.md):
 *   GET  /data/foundation/connectors/landingzone?type=…                       container info
 *   GET  /data/foundation/connectors/landingzone/credentials?type=…           current SAS (renewed when expired)
 *   POST /data/foundation/connectors/landingzone/credentials?type=…&action=refresh
 *   GET  …/credentials?type=…&action=refresh  (AEP's Databricks page shows a curl GET; it refreshes too)
 *   …/credentials?…&sparkConf=true  beyond AEP: the answer also holds the cluster's Spark config line
 *                                   and how long a refresh leaves the previous SAS working
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { callerOf } from "../aep-conventions/caller.js";
import { type Json, onlyQueryParams, queryFlag, queryString } from "../aep-conventions/request-body.js";
import { bodyOf } from "./answer-bodies.js";
import { sparkConfLine } from "./cluster-sas.js";
import { LANDING_ZONE_ROUTE_SCHEMAS } from "./route-schemas.js";
import { type LandingZoneService, UnknownLandingZoneTypeError } from "./service.js";
import { LANDING_ZONE_KINDS } from "./types.js";

const BASE = "/data/foundation/connectors/landingzone";

export function registerLandingZoneRoutes(app: FastifyInstance, landingZone: LandingZoneService): void {
  app.get(BASE, { schema: LANDING_ZONE_ROUTE_SCHEMAS.container }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, ["type", "action"]);
    const { type, action } = query(request);
    if (action !== undefined) throw Errors.landingZoneActionNotAllowed(action);
    return answering(landingZone, type, () => landingZone.containerInfo(callerOf(request), type));
  });

  const credentials = async (request: FastifyRequest, reply: FastifyReply) => {
    // the answer holds a SAS: no cache keeps it (a refusal neither, for the same URL)
    void reply.header("cache-control", "no-store");
    // a misspelt sparkconf=true would answer without the line it asked for
    onlyQueryParams(request.query as Record<string, unknown>, ["type", "action", "sparkConf"]);
    const { type, action } = query(request);
    const refresh = action?.toLowerCase() === "refresh";
    if (action !== undefined && !refresh) throw Errors.landingZoneActionNotSupported(action);
    if (request.method === "POST" && !refresh) throw Errors.landingZoneActionNotSupported(action ?? "(none)");
    const withLine = wantsSparkConfLine(request);
    const credentials = await answering(landingZone, type, () =>
      refresh ? landingZone.refresh(callerOf(request), type) : landingZone.credentials(callerOf(request), type),
    );
    if (!withLine) return preSerialized(reply, credentials);
    return { ...credentials, sparkConfLine: sparkConfLine(credentials, credentials.SASToken), refreshGraceSeconds: landingZone.refreshGraceSeconds };
  };
  app.get(`${BASE}/credentials`, { schema: LANDING_ZONE_ROUTE_SCHEMAS.credentials }, credentials);
  app.post(`${BASE}/credentials`, { schema: LANDING_ZONE_ROUTE_SCHEMAS.refresh }, credentials);
}

/** The body serialized once for these credentials (the SAS of an unchanged policy), else the object for the route's serializer. */
function preSerialized<T extends object>(reply: FastifyReply, answer: T): T | string {
  const body = bodyOf(answer);
  if (body === undefined) return answer;
  void reply.header("content-type", JSON_UTF8);
  return body;
}

const JSON_UTF8 = "application/json; charset=utf-8";

/** The type and action asked for, each given once. */
function query(request: FastifyRequest): { type: string; action?: string } {
  const q = request.query as Json;
  return { type: queryString(q, "type") ?? "", action: queryString(q, "action") };
}

const wantsSparkConfLine = (request: FastifyRequest): boolean => queryFlag(request.query as Json, "sparkConf");

/** An unknown type is the client's mistake; storage refusing the service's own account is the operator's. */
async function answering<T>(landingZone: LandingZoneService, type: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownLandingZoneTypeError) throw Errors.landingZoneTypeNotSupported(type, Object.keys(LANDING_ZONE_KINDS));
    const problem = landingZone.storageProblem(error);
    if (problem) throw Errors.storageUnavailable(problem);
    throw error;
  }
}

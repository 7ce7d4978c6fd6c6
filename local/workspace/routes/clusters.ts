/**
 * Clusters API 2.1 (and the 2.0 alias): get, list, start, restart, delete (terminate), edit, update,
 * events. The workspace has one cluster; every other clusters/* operation answers 501.
 */
import type { FastifyInstance } from "fastify";
import type { Cluster } from "../cluster/cluster.js";
import { apiErrors } from "../errors.js";
import { fields, optionalInteger, optionalString, requiredString, type Fields } from "./params.js";

export function clusterRoutes(app: FastifyInstance, cluster: Cluster): void {
  const find = (f: Fields): Cluster => {
    const id = requiredString(f, "cluster_id");
    if (id !== cluster.id) throw apiErrors.clusterNotFound(id);
    return cluster;
  };

  for (const version of ["2.0", "2.1"]) {
    const base = `/api/${version}/clusters`;
    app.get(`${base}/get`, async (req) => find(fields(req)).details());
    app.get(`${base}/list`, async () => ({ clusters: [cluster.details()] }));
    app.post(`${base}/start`, async (req) => {
      find(fields(req)).start();
      return {};
    });
    app.post(`${base}/restart`, async (req) => {
      find(fields(req)).restart();
      return {};
    });
    app.post(`${base}/delete`, async (req) => {
      find(fields(req)).delete();
      return {};
    });
    app.post(`${base}/edit`, async (req) => {
      const f = fields(req);
      find(f).edit(f);
      return {};
    });
    app.post(`${base}/update`, async (req) => {
      const f = fields(req);
      const c = find(f);
      const mask = requiredString(f, "update_mask").split(",").map((s) => s.trim()).filter(Boolean);
      const spec = f.cluster ?? {};
      if (typeof spec !== "object" || Array.isArray(spec)) throw apiErrors.invalidParameter("cluster must be an object");
      c.update(mask, spec as Fields);
      return {};
    });
    app.post(`${base}/events`, async (req) => events(find(fields(req)), fields(req)));
    app.all(`${base}/*`, async (req) => {
      const op = (req.params as { "*": string })["*"];
      throw apiErrors.notImplemented(`clusters/${op} (the local workspace has one cluster, '${cluster.id}')`);
    });
  }
}

/**
 * clusters/events: filter by time and type, newest first by default. Both pagination styles:
 * offset/limit with next_page and total_count (deprecated upstream), and page_size/page_token with
 * next_page_token/prev_page_token (the tokens are opaque to clients; here they encode the offset).
 */
function events(cluster: Cluster, f: Fields) {
  const start = optionalInteger(f, "start_time");
  const end = optionalInteger(f, "end_time");
  const order = (optionalString(f, "order") ?? "DESC").toUpperCase();
  if (order !== "ASC" && order !== "DESC") throw apiErrors.invalidParameter("order must be ASC or DESC");
  const types = f.event_types;
  if (types !== undefined && !Array.isArray(types)) throw apiErrors.invalidParameter("event_types must be an array");
  const tokenMode = f.page_token !== undefined || f.page_size !== undefined;
  const offset = tokenMode ? decodePageToken(optionalString(f, "page_token")) : (optionalInteger(f, "offset") ?? 0);
  const limit = (tokenMode ? optionalInteger(f, "page_size") || undefined : optionalInteger(f, "limit")) ?? 50;
  if (limit < 1 || limit > 500) throw apiErrors.invalidParameter("limit must be between 1 and 500");
  const matching = cluster
    .events()
    .filter((e) => (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp <= end))
    .filter((e) => !types || (types as unknown[]).includes(e.type));
  const ordered = order === "ASC" ? matching : [...matching].reverse();
  const page = ordered.slice(offset, offset + limit);
  const more = offset + limit < ordered.length;
  if (tokenMode) {
    return {
      events: page,
      next_page_token: more ? encodePageToken(offset + limit) : "",
      prev_page_token: offset > 0 ? encodePageToken(Math.max(0, offset - limit)) : "",
      total_count: 0,
    };
  }
  return {
    events: page,
    total_count: ordered.length,
    ...(more
      ? { next_page: { cluster_id: cluster.id, start_time: start, end_time: end, order, event_types: types, offset: offset + limit, limit } }
      : {}),
  };
}

const encodePageToken = (offset: number) => Buffer.from(`events:${offset}`).toString("base64url");

function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  const m = /^events:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) throw apiErrors.invalidParameter("page_token is not a token this API issued");
  return Number(m[1]);
}

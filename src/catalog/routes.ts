/**
 * Catalog dataSets (docs/api/catalog.md; AEP's OpenAPI catalog.yaml):
 *   POST /data/foundation/catalog/dataSets        → 201 ["@/dataSets/<id>"]
 *   GET  /data/foundation/catalog/dataSets/{id}   → {"<id>": {…}}
 *   GET  /data/foundation/catalog/dataSets        → {"<id>": {…}, …}  (limit, start = offset, orderBy, property, tags, simple filters)
 *   PATCH /data/foundation/catalog/dataSets/{id}  → ["@/dataSets/<id>"]  (fields or JSON Patch: name, description, tags)
 *   DELETE /data/foundation/catalog/dataSets/{id} → ["@/dataSets/<id>"], [] when there is no such dataset
 * Catalog batches and dataSetFiles:
 *   GET /data/foundation/catalog/batches[/{id}], GET /data/foundation/catalog/dataSetFiles?batchId=|dataSetId=
 * Catalog lists are objects keyed by id, so they carry no `_links`; `start` is an offset as in Catalog.
 */
import type { FastifyInstance } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { Datasets } from "./datasets.js";
import { parseListQuery } from "../aep-conventions/listing/list-query.js";
import { callerOf, type IdParams } from "../aep-conventions/caller.js";
import { onlyQueryParams } from "../aep-conventions/request-body.js";
import type { Store } from "../store/database.js";
import type { BatchRecord } from "../store/batches.repository.js";
import { batchOf, catalogBatch, catalogDataSetFile, dataSetFilesOf } from "./batches.js";
import { listFilteredBatches } from "./filtered-batches.js";
import { CATALOG_FILTER_SYNTAX, requireKnownFields, simpleFilters } from "./filters.js";
import { batchListQuery, catalogLimit, dataSetFileListQuery, DEFAULT_LIMIT, MAX_LIMIT } from "./list-queries.js";
import { ORDER_PARAM_NAMES, parseOrder, type SentOrder, sentOrder } from "./catalog-order.js";
import { DATASET_FIELDS } from "./object-schemas.js";
import { projectionOf } from "./properties.js";
import { tagFilters } from "./tag-filters.js";
import { BATCH_ROUTE_SCHEMAS, DATASET_ROUTE_SCHEMAS } from "./route-schemas.js";

const BASE = "/data/foundation/catalog/dataSets";
/** Catalog's GET of one object takes `properties` (only those fields answered) and nothing else. */
const ONE_OBJECT_PARAMS = ["properties"];
const DATASET_LIST_PARAMS = ["start", "limit", ...ORDER_PARAM_NAMES, "property", "tags", "count", "properties"];

export function registerDatasetRoutes(app: FastifyInstance, datasets: Datasets): void {
  app.post(BASE, { schema: DATASET_ROUTE_SCHEMAS.create }, async (request, reply) => {
    // AEP's sources tutorials create the dataset with requestDataSource=true: taken, with nothing more to do here
    onlyQueryParams(request.query as Record<string, unknown>, ["requestDataSource"]);
    refuseValidateOnly(request.headers.pragma);
    const id = await datasets.create(callerOf(request), request.body);
    return reply.status(201).header("location", `${BASE}/${id}`).send([`@/dataSets/${id}`]);
  });
  app.get<IdParams>(`${BASE}/:id`, { schema: DATASET_ROUTE_SCHEMAS.get }, async (request, reply) => {
    onlyQueryParams(request.query as Record<string, unknown>, ONE_OBJECT_PARAMS);
    const { body, etag } = await datasets.get(callerOf(request), request.params.id);
    // AEP's Catalog: a single object's answer carries its version in ETag, for a PATCH's If-Match
    void reply.header("etag", etag);
    const shown = projectionOf(request.query as Record<string, unknown>);
    return Object.fromEntries(Object.entries(body).map(([id, dataset]) => [id, shown(dataset as Record<string, unknown>)]));
  });
  app.patch<IdParams>(`${BASE}/:id`, { schema: DATASET_ROUTE_SCHEMAS.update }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    refuseValidateOnly(request.headers.pragma);
    await datasets.update(callerOf(request), request.params.id, request.body, ifMatchHeader(request.headers["if-match"]));
    return [`@/dataSets/${request.params.id}`];
  });
  app.delete<IdParams>(`${BASE}/:id`, { schema: DATASET_ROUTE_SCHEMAS.delete }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, []);
    const deleted = await datasets.delete(callerOf(request), request.params.id);
    return deleted ? [`@/dataSets/${request.params.id}`] : [];
  });
  app.get(BASE, { schema: DATASET_ROUTE_SCHEMAS.list }, async (request) => {
    const params = request.query as Record<string, unknown>;
    // Catalog's own names, the list's one check of them: a continuationToken is no parameter of a Catalog list, which pages with start
    const simple = simpleFilters(params, DATASET_LIST_PARAMS, DATASET_FIELDS);
    const { start, property, limit, count } = params;
    const offset = start === undefined ? 0 : Number(start);
    // beyond 2^53 the store cannot take it as an offset
    if (!Number.isSafeInteger(offset) || offset < 0) throw Errors.queryValueInvalid("start", String(start), "an offset: a whole number from 0");
    // Catalog writes orderBy=asc:created / desc:name, the batch list and this service's other lists orderby: both taken, read alike
    const sent = sentOrder(params, Errors.queryValueInvalid);
    const order = sent === undefined ? undefined : listOrder(sent);
    // a limit outside 1–100 is refused as for batches (parseListQuery alone would lower it)
    catalogLimit(params);
    const listed = parseListQuery(
      { property, orderby: order, limit, count },
      { defaultOrder: "+created", defaultLimit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT, orderFields: DATASET_FIELDS.values, filterSyntax: CATALOG_FILTER_SYNTAX, multipleOrder: order !== undefined },
    );
    requireKnownFields(listed.filters, DATASET_FIELDS);
    const page = await datasets.list(callerOf(request), { ...listed, filters: [...listed.filters, ...simple, ...tagFilters(params)] }, offset);
    if (page.kind === "count") return { count: page.count };
    const shown = projectionOf(params);
    return Object.fromEntries(page.items.map(({ id, ...dataset }) => [id, shown(dataset)]));
  });
}

/** Catalog batches and the dataSetFiles of successful batches, each list one SQL query of the store. */
export function registerBatchRoutes(app: FastifyInstance, store: Store): void {
  app.get("/data/foundation/catalog/batches", { schema: BATCH_ROUTE_SCHEMAS.list }, async (request) => {
    const params = request.query as Record<string, unknown>;
    const { query, filters } = batchListQuery(params);
    const batches = await listFilteredBatches(store.db, callerOf(request), query, filters);
    const shown = projectionOf(params);
    return Object.fromEntries(batches.map((batch) => [batch.id, shown(catalogBatch(batch))]));
  });
  app.get<IdParams>("/data/foundation/catalog/batches/:id", { schema: BATCH_ROUTE_SCHEMAS.get }, async (request) => {
    onlyQueryParams(request.query as Record<string, unknown>, ONE_OBJECT_PARAMS);
    const batch = await batchOf(store, callerOf(request), request.params.id);
    return { [batch.id]: projectionOf(request.query as Record<string, unknown>)(catalogBatch(batch)) };
  });
  app.get("/data/foundation/catalog/dataSetFiles", { schema: BATCH_ROUTE_SCHEMAS.dataSetFiles }, async (request) => {
    const params = request.query as Record<string, unknown>;
    const { query, filters } = dataSetFileListQuery(params);
    const batches = await listFilteredBatches(store.db, callerOf(request), query, filters, dataSetFileObject);
    const shown = projectionOf(params);
    return Object.fromEntries(batches.flatMap((batch) => dataSetFilesOf(batch).map((file) => [file.id, shown(catalogDataSetFile(file, batch))])));
  });
}

/** The dataset file of a batch the dataSetFiles list reads (a successful one: it has one), as its filters test it. */
function dataSetFileObject(batch: BatchRecord) {
  return catalogDataSetFile(dataSetFilesOf(batch)[0], batch);
}

/** Catalog's `orderBy=name,desc:updated` as the listing's `orderby` (`+name,-updated`), each field one the dataset list orders by. */
function listOrder(sent: SentOrder): string {
  const invalid = (field: string, expected: string) => Errors.catalogOrderFieldInvalid(field, sent.name, expected, DATASET_FIELDS.values);
  return parseOrder(sent, DATASET_FIELDS.values, invalid).map(({ field, direction }) => `${direction === "desc" ? "-" : "+"}${field}`).join(",");
}

/** The If-Match header as one value (the first, were it sent twice). */
function ifMatchHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** AEP's Catalog validates without saving under Pragma: validate-only; here a write always saves, so such a request is refused before anything is written. */
function refuseValidateOnly(pragma: string | undefined): void {
  if (pragma !== undefined && /(^|,)\s*validate-only\s*(,|$)/i.test(pragma)) throw Errors.validateOnlyUnsupported();
}

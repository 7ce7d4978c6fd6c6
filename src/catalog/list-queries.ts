/**
 * The query strings of Catalog's batch and dataSetFile lists (docs/api/catalog.md#list-batches):
 * AEP's filters, `orderBy=asc:created,updated` or `orderby` (catalog-order.ts; without it, the order batches were recorded in), `start` as an offset and `limit` 1–100 (20 when
 * absent). The store runs the result as one SQL query; `property` and simple filters it cannot hold
 * are tested on the objects it reads (filtered-batches.ts).
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { type Json, queryString } from "../aep-conventions/request-body.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import type { BatchQuery } from "../store/batches.repository.js";
import { propertyFilters, simpleFilters, takeEquality } from "./filters.js";
import { BATCH_FIELDS, DATASET_FILE_FIELDS } from "./object-schemas.js";
import { tagFilters } from "./tag-filters.js";
import { ORDER_PARAM_NAMES, parseOrder, sentOrder } from "./catalog-order.js";

/** AEP's Catalog: a list without `limit` answers at most 20 objects (its dataset list too). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Every status a Catalog batch can have in AEP; this service's batches are success or failed. */
export const BATCH_STATUSES = [
  "processing", "success", "failure", "queued", "retrying", "stalled", "aborted", "abandoned",
  "inactive", "failed", "loading", "loaded", "staged", "active", "staging", "deleted",
] as const;

const ORDER_FIELDS = ["created", "updated"] as const;
/** Which fields each object is answered with (properties.ts). */
const IGNORED = ["properties"];

/** The parameters of the lists besides simple filters: `dataSet` and `dataSetId` name the dataset, which is no field of a batch or a file. */
const BATCH_PARAMS = ["dataSet", "createdAfter", "createdBefore", "property", "tags", "limit", "start", ...ORDER_PARAM_NAMES, ...IGNORED];
const DATA_SET_FILE_PARAMS = ["dataSetId", "property", "limit", "start", ...ORDER_PARAM_NAMES, ...IGNORED];

/** What the store reads in SQL, and the filters tested on each object it answers (ANDed). */
export interface CatalogListQuery {
  query: BatchQuery;
  filters: PropertyFilter[];
}

export function batchListQuery(query: Json): CatalogListQuery {
  const simple = simpleFilters(query, BATCH_PARAMS, BATCH_FIELDS);
  // a status AEP does not have is a mistake, not a filter that matches no batch
  const status = simple.find((f) => f.path[0].name === "status")?.values.find((value) => !(BATCH_STATUSES as readonly string[]).includes(value));
  if (status !== undefined) throw Errors.catalogQueryValueInvalid("status", status, `it must be one of ${BATCH_STATUSES.join(", ")}`);
  const filters = [...simple, ...propertyFilters(query, BATCH_FIELDS), ...tagFilters(query)];
  const datasetId = idFilter(query, "dataSet");
  return {
    query: { datasetId, status: takeEquality(filters, "status"), createdAfter: timestamp(query, "createdAfter"), createdBefore: timestamp(query, "createdBefore"), ...pageAndOrder(query) },
    filters,
  };
}

/** dataSetFiles exist for successful batches only: one per batch. */
export function dataSetFileListQuery(query: Json): CatalogListQuery {
  idFilter(query, "batchId");
  const filters = [...simpleFilters(query, DATA_SET_FILE_PARAMS, DATASET_FILE_FIELDS), ...propertyFilters(query, DATASET_FILE_FIELDS)];
  return { query: { batchId: takeEquality(filters, "batchId"), datasetId: idFilter(query, "dataSetId"), status: "success", ...pageAndOrder(query) }, filters };
}

/** A Catalog list's `limit`: from 1 to 100, a value outside refused naming the range (as AEP's Catalog does), never lowered. */
export function catalogLimit(query: Json, defaultLimit = DEFAULT_LIMIT): number {
  const limitText = queryString(query, "limit");
  const limit = limitText === undefined ? defaultLimit : wholeNumber("limit", limitText, `a whole number from 1 to ${MAX_LIMIT}`);
  if (limit < 1 || limit > MAX_LIMIT) throw Errors.catalogQueryValueInvalid("limit", limitText!, `a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

function pageAndOrder(query: Json): Pick<BatchQuery, "order" | "offset" | "limit"> {
  const limit = catalogLimit(query);
  const startText = queryString(query, "start");
  const offset = startText === undefined ? 0 : wholeNumber("start", startText, "an offset: a whole number of 0 or more");
  return { limit, offset, order: batchOrder(query) };
}

/**
 * Without an order, the order batches were recorded in: one recorded later comes later, so paging
 * with `start` never misses nor repeats one recorded between two requests (ordered by `created`, a
 * long run's batch, recorded at its end, would come before batches already paged past).
 */
const RECORDED: BatchQuery["order"] = [{ field: "recorded", direction: "asc" }];

function batchOrder(query: Json): BatchQuery["order"] {
  const sent = sentOrder(query, Errors.catalogQueryValueInvalid);
  if (sent === undefined) return RECORDED;
  return parseOrder(sent, ORDER_FIELDS, (_, expected) => Errors.catalogQueryValueInvalid(sent.name, sent.text, expected)) as BatchQuery["order"];
}

/** A filter by an id: empty (an unset shell variable, `dataSet=$ID`) would answer `{}` as if nothing matched, so it is refused. */
function idFilter(query: Json, name: string): string | undefined {
  const id = queryString(query, name);
  if (id !== undefined && id.trim() === "") throw Errors.catalogQueryValueInvalid(name, id, "an id; leave the parameter out to list them all");
  return id;
}

function timestamp(query: Json, name: string): number | undefined {
  const text = queryString(query, name);
  return text === undefined ? undefined : wholeNumber(name, text, "a time in epoch milliseconds");
}

function wholeNumber(name: string, text: string, expected: string): number {
  if (!/^\d{1,15}$/.test(text.trim())) throw Errors.catalogQueryValueInvalid(name, text, expected);
  return Number(text);
}

/**
 * The Data Access API over the lake (docs/api/export.md):
 *   GET /data/foundation/export/batches/{id}/files            its dataSetFiles
 *   GET /data/foundation/export/files/{fileId}[?path=…]       the file list, or one file's bytes
 *   GET /data/foundation/export/batches/{id}/meta?path=row_errors[/<file>]   failed rows
 *   GET /data/foundation/export/batches/{id}/failed[?path=<file>]            the same files, as aepp's getBatchFailed reads them
 *   GET /data/foundation/export/datasets/{id}/preview          the dataset's first 100 rows
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { callerOf } from "../aep-conventions/caller.js";
import { type Json, onlyQueryParams, queryString, queryWholeNumber } from "../aep-conventions/request-body.js";
import { batchRowErrorsDir, datasetTableRoot, type LakeFolder, lakeFolder, relativeInside } from "../lake/lake-paths.js";
import type { Store } from "../store/database.js";
import type { BatchRecord } from "../store/batches.repository.js";
import { findResource } from "../store/resources.repository.js";
import { firstDatasetRows } from "../lake/dataset-preview.js";
import { batchIdOfFile, batchOf as findBatchOf, dataSetFilesOf } from "../catalog/batches.js";
import { DATA_ACCESS_ROUTE_SCHEMAS } from "./route-schemas.js";
import { rangeOf } from "./byte-range.js";

export interface DataAccessDeps {
  store: Store;
  lakeRoot: string;
}

type IdRequest = FastifyRequest<{ Params: { id: string }; Querystring: { path?: string } }>;
type FileRequest = FastifyRequest<{ Params: { id: string }; Querystring: { path?: string; range?: string } }>;

/** AEP's paging parameters, which aepp's DataAccess sends: `start` files skipped, at most `limit` (100 unless given) answered. */
const PAGING = ["start", "limit"];
const DEFAULT_PAGE = 100;
/** the byte range aepp's getFiles sends as a query parameter, with or without a path (a listing has no bytes: ignored there) */
const RANGE = "range";
/** AEP's preview answers a dataset's first 100 rows */
const PREVIEW_ROWS = 100;

/** A file a download asks for: of which dataset file or batch (`id`), by which `path`, and the call (`listing`) that lists the files it may name. */
interface WantedFile {
  id: string;
  path: string;
  listing: string;
}

const notFound = (file: WantedFile) => Errors.batchFileNotFound(file.id, file.path, file.listing);

export function registerDataAccessRoutes(app: FastifyInstance, deps: DataAccessDeps): void {
  const batchOf = (request: FastifyRequest, id: string): Promise<BatchRecord> => findBatchOf(deps.store, callerOf(request), id);
  const selfUrl = (request: FastifyRequest, suffix: string) => `${request.protocol}://${request.host}${suffix}`;

  app.get("/data/foundation/export/batches/:id/files", { schema: DATA_ACCESS_ROUTE_SCHEMAS.batchFiles }, async (request: IdRequest) => {
    onlyQueryParams(request.query, PAGING);
    const batch = await batchOf(request, request.params.id);
    return onePage(request.query, dataSetFilesOf(batch), (file) => ({
      dataSetFileId: file.id,
      dataSetViewId: file.dataSetId,
      version: "1.0.0",
      created: String(file.created),
      updated: String(file.updated),
      isValid: true,
      _links: { self: { href: selfUrl(request, `/data/foundation/export/files/${file.id}`) } },
    }));
  });

  app.get("/data/foundation/export/files/:id", { schema: DATA_ACCESS_ROUTE_SCHEMAS.file }, async (request: IdRequest, reply) => {
    onlyQueryParams(request.query, ["path", RANGE, ...PAGING]);
    const batchId = batchIdOfFile(request.params.id);
    if (!batchId) throw Errors.dataSetFileNotFound(request.params.id);
    const batch = await batchOf(request, batchId);
    // a failed batch committed nothing: it has no dataset file
    if (dataSetFilesOf(batch).length === 0) throw Errors.dataSetFileNotFound(request.params.id);
    const wanted = queryString(request.query, "path");
    if (wanted === undefined) {
      return onePage(request.query, batch.files, (file) => ({
        name: file.path,
        length: String(file.size),
        _links: { self: { href: selfUrl(request, `/data/foundation/export/files/${request.params.id}?path=${encodeURIComponent(file.path)}`) } },
      }));
    }
    const asked = { id: request.params.id, path: wanted, listing: `/data/foundation/export/files/${request.params.id}` };
    const file = batch.files.find((f) => f.path === wanted);
    const relative = file && relativeInside(decodeURIComponent(file.path));
    if (!relative) throw notFound(asked);
    const table = lakeFolder(datasetTableRoot(deps.lakeRoot, batch.datasetId));
    return sendFile(request, reply, table, relative, "application/octet-stream", asked);
  });

  app.get("/data/foundation/export/batches/:id/meta", { schema: DATA_ACCESS_ROUTE_SCHEMAS.meta }, async (request: IdRequest, reply) => {
    onlyQueryParams(request.query, ["path", ...PAGING]);
    const batch = await batchOf(request, request.params.id);
    const wanted = queryString(request.query, "path") ?? "";
    const rowErrors = lakeFolder(batchRowErrorsDir(deps.lakeRoot, batch.id));
    if (wanted === "row_errors" || wanted === "row_errors/") {
      return listRowErrors(request.query, rowErrors, (file) => ({ name: `row_errors/${file}`, href: selfUrl(request, `/data/foundation/export/batches/${batch.id}/meta?path=row_errors/${file}`) }));
    }
    if (!wanted.startsWith("row_errors/")) throw Errors.metaPathInvalid(wanted);
    const asked = { id: batch.id, path: wanted, listing: `/data/foundation/export/batches/${batch.id}/meta?path=row_errors` };
    const relative = relativeInside(wanted.slice("row_errors/".length));
    if (!relative) throw notFound(asked);
    return sendFile(request, reply, rowErrors, relative, "application/x-ndjson", asked);
  });

  // aepp's getBatchFailed: the rows that failed are this service's failed data, the same files as meta?path=row_errors
  app.get("/data/foundation/export/batches/:id/failed", { schema: DATA_ACCESS_ROUTE_SCHEMAS.failed }, async (request: IdRequest, reply) => {
    onlyQueryParams(request.query, ["path", ...PAGING]);
    const batch = await batchOf(request, request.params.id);
    const wanted = queryString(request.query, "path");
    const rowErrors = lakeFolder(batchRowErrorsDir(deps.lakeRoot, batch.id));
    if (wanted === undefined) {
      return listRowErrors(request.query, rowErrors, (file) => ({ name: file, href: selfUrl(request, `/data/foundation/export/batches/${batch.id}/failed?path=${file}`) }));
    }
    const asked = { id: batch.id, path: wanted, listing: `/data/foundation/export/batches/${batch.id}/failed` };
    const relative = relativeInside(wanted);
    if (!relative || relative.includes("/")) throw notFound(asked);
    return sendFile(request, reply, rowErrors, relative, "application/x-ndjson", asked);
  });

  app.get("/data/foundation/export/datasets/:id/preview", { schema: DATA_ACCESS_ROUTE_SCHEMAS.datasetPreview }, async (request: IdRequest) => {
    onlyQueryParams(request.query, []);
    const dataset = await findResource(deps.store.db, "dataSet", callerOf(request), request.params.id);
    if (!dataset) throw Errors.dataSetNotFound(request.params.id);
    return { data: await firstDatasetRows(datasetTableRoot(deps.lakeRoot, dataset.id), PREVIEW_ROWS) };
  });
}

/** The page of the batch's failed-row files in name order the query asks for, each named and linked as `shown` says. */
async function listRowErrors(query: unknown, rowErrors: LakeFolder, shown: (file: string) => { name: string; href: string }) {
  const files = (await rowErrors.list("")).filter((f) => !f.path.includes("/")).sort((a, b) => a.path.localeCompare(b.path));
  return onePage(query, files, (file) => {
    const { name, href } = shown(file.path);
    return { name, length: String(file.size), _links: { self: { href } } };
  });
}

/** The items from `start` (0 unless given), at most `limit` of them, each as `shown`; a `start` or `limit` that is no whole number (limit from 1) is FLOW-1453-400. */
function onePage<T, U>(query: unknown, items: readonly T[], shown: (item: T) => U): { data: U[]; _page: { limit: number; count: number } } {
  const start = queryWholeNumber(query as Json, "start", 0) ?? 0;
  const limit = queryWholeNumber(query as Json, "limit", 1) ?? DEFAULT_PAGE;
  const data = items.slice(start, start + limit).map(shown);
  return { data, _page: { limit, count: data.length } };
}

/**
 * Streams a lake file, or the one range of it a `Range` header (or aepp's `range` query parameter)
 * asks for, read as that range from the lake (which may be a remote container: nothing is held in
 * memory). A HEAD answers the headers alone, without reading the file.
 */
async function sendFile(request: FileRequest, reply: FastifyReply, folder: LakeFolder, relative: string, type: string, asked: WantedFile) {
  const info = await folder.stat(relative);
  if (!info) throw notFound(asked);
  const spec = requestedRange(request);
  const answer = request.method === "GET" ? rangeOf(spec, info.size) : ({ kind: "whole" } as const);
  if (answer.kind === "unsatisfiable") throw Errors.byteRangeNotSatisfiable(asked.id, asked.path, spec ?? "", info.size);
  const range = answer.kind === "part" ? answer.range : undefined;
  // Fastify drains whatever body a HEAD is given: an empty one spares reading the file
  const body = request.method === "HEAD" ? Readable.from([]) : await folder.openRead(relative, range);
  if (!body) throw notFound(asked);
  if (range) reply.status(206).header("content-range", `bytes ${range.start}-${range.end}/${info.size}`);
  return reply
    .header("content-type", type)
    .header("content-length", String(range ? range.end - range.start + 1 : info.size))
    .header("accept-ranges", "bytes")
    .header("content-disposition", `attachment; filename="${relative.slice(relative.lastIndexOf("/") + 1)}"`)
    .send(body);
}

/**
 * The range a download asks for: the `Range` header, else the `range` query parameter aepp's
 * getFiles sends; a conditional `If-Range` is never met (no validator is sent), so the file goes whole.
 */
function requestedRange(request: FileRequest): string | undefined {
  if (request.headers["if-range"] !== undefined) return undefined;
  return request.headers.range ?? queryString(request.query, RANGE);
}

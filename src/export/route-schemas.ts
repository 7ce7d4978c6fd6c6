/** The OpenAPI schemas of the Data Access routes: a batch's files, their bytes, and the rows a run could not ingest. */
import type { FastifySchema } from "fastify";
import { idParams, type JsonSchema, LINK, platformOperation, ref } from "../aep-conventions/openapi-schemas.js";

const TAG = "Data Access";

const PAGE = { type: "object", properties: { limit: { type: "integer" }, count: { type: "integer" } } };
const SELF = { type: "object", properties: { self: ref(LINK) } };

const FILE_LIST: JsonSchema = {
  type: "object",
  required: ["data", "_page"],
  properties: {
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "length"],
        properties: { name: { type: "string" }, length: { type: "string", description: "bytes" }, _links: SELF },
      },
    },
    _page: PAGE,
  },
};

/** The bytes of a file asked for with `Range`. */
function filePart(fileType: string): JsonSchema {
  return {
    description: "The one range of the file's bytes that Range asked for, as Content-Range names it",
    content: { [fileType]: { schema: { type: "string", contentMediaType: fileType } } },
  };
}

const RANGE_HEADER: JsonSchema = {
  type: "string",
  description:
    "one range of a downloaded file's bytes (RFC 9110 §14): bytes=a-b, bytes=a- or bytes=-n, answered 206; a range that starts at or past the file's end is 416 CAT-1014-416; a malformed value or several ranges are ignored (200, the whole file)",
  examples: ["bytes=0-99"],
};

/** A JSON listing, or (with ?path=) one file's bytes. */
function listingOrFile(description: string, fileType: string): JsonSchema {
  return {
    description,
    content: {
      "application/json": { schema: FILE_LIST },
      [fileType]: { schema: { type: "string", contentMediaType: fileType } },
    },
  };
}

export const DATA_ACCESS_ROUTE_SCHEMAS = {
  batchFiles: platformOperation({
    tag: TAG,
    operationId: "listBatchFiles",
    summary: "List a batch's dataset files",
    description: "A successful batch has one dataSetFile: the Parquet files of its Delta commit.",
    params: idParams("the batch's id"),
    response: {
      200: {
        description: "The batch's dataSetFiles",
        type: "object",
        required: ["data", "_page"],
        properties: {
          data: {
            type: "array",
            items: {
              type: "object",
              required: ["dataSetFileId"],
              properties: {
                dataSetFileId: { type: "string" },
                dataSetViewId: { type: "string", description: "the dataset" },
                version: { type: "string" },
                created: { type: "string" },
                updated: { type: "string" },
                isValid: { type: "boolean" },
                _links: SELF,
              },
            },
          },
          _page: PAGE,
        },
      },
    },
  }),
  file: platformOperation({
    tag: TAG,
    operationId: "getFile",
    summary: "List a dataset file's files, or download one",
    params: idParams("the dataSetFileId"),
    querystring: {
      type: "object",
      properties: {
        path: { type: "string", description: "one file's name from the listing: answers its bytes" },
        range: { type: "string", description: "as the Range header (which wins when both are sent), as aepp's getFiles sends it; ignored on a listing", examples: ["bytes=0-99"] },
      },
    },
    headers: { range: RANGE_HEADER },
    response: {
      200: listingOrFile("The file listing, or with ?path= the file (Parquet)", "application/octet-stream"),
      206: filePart("application/octet-stream"),
    },
  }),
  meta: platformOperation({
    tag: TAG,
    operationId: "getBatchMeta",
    summary: "List or download the rows a run could not ingest",
    description: "path=row_errors lists the files of failed rows; path=row_errors/<file> answers one, as JSON lines.",
    params: idParams("the batch's id"),
    querystring: { type: "object", required: ["path"], properties: { path: { type: "string", examples: ["row_errors"] } } },
    headers: { range: RANGE_HEADER },
    response: { 200: listingOrFile("The failed-row files, or one of them", "application/x-ndjson"), 206: filePart("application/x-ndjson") },
  }),
  failed: platformOperation({
    tag: TAG,
    operationId: "getBatchFailed",
    summary: "List or download a batch's failed data",
    description: "The rows a run could not ingest, the same files as meta?path=row_errors: without path their list, with path=<file> one of them, as JSON lines.",
    params: idParams("the batch's id"),
    querystring: { type: "object", properties: { path: { type: "string", examples: ["part-00000.json"] } } },
    headers: { range: RANGE_HEADER },
    response: { 200: listingOrFile("The failed-row files, or one of them", "application/x-ndjson"), 206: filePart("application/x-ndjson") },
  }),
  datasetPreview: platformOperation({
    tag: TAG,
    operationId: "retrieveDatasetPreview",
    summary: "Preview a dataset's first rows",
    description:
      "The first 100 rows of the dataset's Delta table as committed so far, each an object keyed by field, values exact as explore's preview spells them (integers beyond 2^53 and decimals as strings). A dataset no batch has written to answers no rows.",
    params: idParams("the dataset's id"),
    response: {
      200: {
        description: "The dataset's first rows",
        type: "object",
        required: ["data"],
        properties: { data: { type: "array", items: { type: "object", additionalProperties: true } } },
      },
    },
  }),
} satisfies Record<string, FastifySchema>;

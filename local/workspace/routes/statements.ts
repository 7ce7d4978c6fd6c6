/**
 * Statement Execution API 2.0: POST /api/2.0/sql/statements (waits up to wait_timeout), GET
 * /statements/{id}, GET /statements/{id}/result/chunks/{n}, POST /statements/{id}/cancel, in
 * Databricks' request and response shapes. EXTERNAL_LINKS results are served by the workspace
 * itself under RESULT_LINK_PATH: presigned links (HMAC of statement, chunk and expiry) that expire
 * and, like cloud storage URLs, are fetched without the Authorization header.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiErrors } from "../errors.js";
import type { Chunk, Disposition, Format, StatementRecord, StatementRunner } from "../warehouses/statements.js";
import { statementParameters } from "./statement-parameters.js";
import { fields, optionalInteger, optionalString, requiredString } from "./params.js";

const BASE = "/api/2.0/sql/statements";
export const RESULT_LINK_PATH = "/statement-results";

export interface StatementRouteOptions {
  /** how long an external link works (Databricks: at most 15 minutes) */
  linkLifetimeMs: number;
  now: () => number;
}

export function statementRoutes(app: FastifyInstance, runner: StatementRunner, opts: StatementRouteOptions): void {
  const key = randomBytes(32);
  const sign = (id: string, chunk: number, expires: number) => createHmac("sha256", key).update(`${id}/${chunk}/${expires}`).digest("hex");
  const view = (req: FastifyRequest, record: StatementRecord) => statementResponse(runner, record, (chunk) => link(req, record, chunk));
  const link = (req: FastifyRequest, record: StatementRecord, chunk: Chunk) => {
    const expires = opts.now() + opts.linkLifetimeMs;
    const url = `${req.protocol}://${req.host}${RESULT_LINK_PATH}/${record.id}/${chunk.chunk_index}?expires=${expires}&signature=${sign(record.id, chunk.chunk_index, expires)}`;
    return { external_link: url, expiration: new Date(expires).toISOString() };
  };

  app.post(BASE, async (req) => {
    const f = fields(req);
    const disposition = choice(optionalString(f, "disposition") ?? "INLINE", "disposition", ["INLINE", "EXTERNAL_LINKS"]) as Disposition;
    const format = optionalString(f, "format") ?? "JSON_ARRAY";
    if (format === "CSV") throw apiErrors.notImplemented("format CSV (use JSON_ARRAY or ARROW_STREAM)");
    choice(format, "format", ["JSON_ARRAY", "ARROW_STREAM"]);
    if (disposition === "INLINE" && format !== "JSON_ARRAY") {
      throw apiErrors.invalidParameter(`Inline disposition only supports JSON_ARRAY format, got ${format}: use disposition EXTERNAL_LINKS.`);
    }
    const waitSeconds = waitTimeout(optionalString(f, "wait_timeout") ?? "10s");
    const onTimeout = choice(optionalString(f, "on_wait_timeout") ?? "CONTINUE", "on_wait_timeout", ["CONTINUE", "CANCEL"]);
    const parameters = statementParameters(f.parameters);
    const rowLimit = optionalInteger(f, "row_limit");
    if (rowLimit !== undefined && rowLimit < 0) throw apiErrors.invalidParameter("row_limit must not be negative");
    const record = runner.submit({
      statement: requiredString(f, "statement"),
      warehouseId: requiredString(f, "warehouse_id"),
      catalog: optionalString(f, "catalog"),
      schema: optionalString(f, "schema"),
      disposition,
      format: format as Format,
      rowLimit,
      parameters,
    });
    if (waitSeconds > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([record.done, new Promise((resolve) => (timer = setTimeout(resolve, waitSeconds * 1000)))]);
      clearTimeout(timer);
      if (onTimeout === "CANCEL") runner.cancel(record.id);
    }
    return view(req, record);
  });

  app.get(`${BASE}/:id`, async (req) => view(req, runner.get((req.params as { id: string }).id)));

  app.get(`${BASE}/:id/result/chunks/:chunk`, async (req) => {
    const params = req.params as { id: string; chunk: string };
    const record = runner.get(params.id);
    const chunk = chunkOf(record, params.chunk);
    return resultData(runner, record, chunk, (c) => link(req, record, c));
  });

  app.post(`${BASE}/:id/cancel`, async (req) => {
    runner.cancel((req.params as { id: string }).id);
    return {};
  });

  app.get(`${RESULT_LINK_PATH}/:id/:chunk`, async (req, reply) => {
    const params = req.params as { id: string; chunk: string };
    const query = req.query as { expires?: string; signature?: string };
    const expires = Number(query.expires);
    const expected = Buffer.from(sign(params.id, Number(params.chunk), expires));
    const given = Buffer.from(String(query.signature ?? ""));
    if (!Number.isFinite(expires) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(403).send({ error_code: "PERMISSION_DENIED", message: "The link's signature does not match." });
    }
    if (opts.now() > expires) return reply.code(403).send({ error_code: "PERMISSION_DENIED", message: "The link has expired: get a new one from the statement's result." });
    const record = runner.get(params.id);
    const bytes = await runner.chunkBytes(record, chunkOf(record, params.chunk));
    return reply.type(record.format === "ARROW_STREAM" ? "application/vnd.apache.arrow.stream" : "application/json").send(bytes);
  });
}

type LinkFor = (chunk: Chunk) => { external_link: string; expiration: string };

/** StatementResponse: statement_id, status, and once SUCCEEDED the manifest and the first chunk */
export async function statementResponse(runner: StatementRunner, record: StatementRecord, linkFor: LinkFor): Promise<object> {
  const status = { state: record.state, ...(record.error ? { error: record.error } : {}) };
  if (record.state !== "SUCCEEDED" || !record.chunks || !record.columns) return { statement_id: record.id, status };
  const chunks = record.chunks;
  const manifest = {
    format: record.format,
    schema: { column_count: record.columns.length, columns: record.columns },
    total_chunk_count: chunks.length,
    chunks: chunks.map(({ chunk_index, row_offset, row_count, byte_count }) => ({ chunk_index, row_offset, row_count, byte_count })),
    total_row_count: chunks.reduce((n, c) => n + c.row_count, 0),
    total_byte_count: chunks.reduce((n, c) => n + c.byte_count, 0),
    truncated: record.truncated,
  };
  const result = chunks.length > 0 ? await resultData(runner, record, chunks[0], linkFor) : record.disposition === "INLINE" ? { row_count: 0, row_offset: 0, chunk_index: 0 } : {};
  return { statement_id: record.id, status, manifest, result };
}

async function resultData(runner: StatementRunner, record: StatementRecord, chunk: Chunk, linkFor: LinkFor): Promise<object> {
  const next = chunk.chunk_index + 1 < (record.chunks?.length ?? 0) ? chunk.chunk_index + 1 : undefined;
  const position = {
    chunk_index: chunk.chunk_index,
    row_offset: chunk.row_offset,
    row_count: chunk.row_count,
    ...(next !== undefined ? { next_chunk_index: next, next_chunk_internal_link: `${BASE}/${record.id}/result/chunks/${next}` } : {}),
  };
  if (record.disposition === "INLINE") return { ...position, data_array: JSON.parse((await runner.chunkBytes(record, chunk)).toString("utf8")) };
  return { external_links: [{ ...position, byte_count: chunk.byte_count, ...linkFor(chunk) }] };
}

function chunkOf(record: StatementRecord, index: string): Chunk {
  if (record.state !== "SUCCEEDED" || !record.chunks) {
    throw apiErrors.invalidParameter(`Statement ${record.id} is ${record.state}: only a SUCCEEDED statement has result chunks.`);
  }
  const chunk = /^\d+$/.test(index) ? record.chunks[Number(index)] : undefined;
  if (!chunk) throw apiErrors.invalidParameter(`Chunk index ${index} is out of range: the result has ${record.chunks.length} chunk(s).`);
  return chunk;
}

function choice(value: string, name: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw apiErrors.invalidParameter(`${name} must be one of ${allowed.join(", ")}, got '${value}'`);
  return value;
}

/** "0s", or 5 to 50 seconds ("10s" by default) */
function waitTimeout(text: string): number {
  const m = /^(\d+)s$/.exec(text);
  const seconds = m ? Number(m[1]) : NaN;
  if (!(seconds === 0 || (seconds >= 5 && seconds <= 50))) {
    throw apiErrors.invalidParameter(`wait_timeout must be "0s" or between "5s" and "50s", got '${text}'`);
  }
  return seconds;
}

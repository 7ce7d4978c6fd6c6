/**
 * The Delta Sharing protocol (delta-io/delta-sharing PROTOCOL.md) for the tables this workspace
 * shares: list shares, get a share, list schemas, list tables (of a schema or of the whole share),
 * the table version (HEAD or GET, `delta-table-version` header), metadata, query (POST, NDJSON with
 * pre-signed file URLs: the files of a version, or with startingVersion the data change files of each
 * version of a range) and changes (the change data feed between versions). Recipients sign in with
 * their bearer token, not the workspace's; errors are the protocol's `{"errorCode","message"}`.
 * The pre-signed URLs point back here (`/api/2.0/delta-sharing/files`) and need no token.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SharingError, sharingErrors } from "../sharing/errors.js";
import { FILES_PATH, type FileUrlSigner } from "../sharing/file-urls.js";
import type { SharedTables } from "../sharing/shared-tables.js";
import type { Share } from "../sharing/settings.js";
import type { Answer, TableAnswers, VersionRange } from "../sharing/table-answers.js";
import { CAPABILITIES_HEADER, parseCapabilities } from "../sharing/capabilities.js";
import type { TableLocations } from "../catalog/table-locations.js";
import { resolveTablePath } from "../../../src/delta/index.js";

/** The `endpoint` of this workspace's sharing profiles, after its URL. */
export const SHARING_PREFIX = "/api/2.0/delta-sharing/metastores/local";

/**
 * Whether a request is the sharing server's (which signs recipients in itself). A path with dot
 * segments, encoded or not, never is: it gets the workspace's own authentication.
 */
export function isSharingPath(url: string): boolean {
  const pathOnly = url.split("?")[0];
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(pathOnly) || /%2f|%5c|\\/i.test(pathOnly)) return false;
  return pathOnly.startsWith(`${SHARING_PREFIX}/`) || pathOnly === FILES_PATH;
}

export interface SharingParts {
  tables: SharedTables;
  answers: TableAnswers;
  signer: FileUrlSigner;
  /** where tables may live: the only places outside a table a pre-signed URL may name a file (a shallow clone's source) */
  locations: TableLocations;
}

/**
 * The file a pre-signed URL names: the table's own, by its path in the table, or a file a shallow clone's log names by its absolute
 * file: URI (its source's), which must be where tables may live
 */
function sharedFile(location: string, logPath: string, locations: TableLocations): string {
  if (/^file:/i.test(logPath)) {
    try {
      return locations.check(resolveTablePath(location, logPath));
    } catch {
      throw sharingErrors.fileUrlRefused("The URL names a file outside where tables live.");
    }
  }
  const file = path.resolve(location, decodeURIComponent(logPath));
  if (!file.startsWith(path.resolve(location) + path.sep)) throw sharingErrors.fileUrlRefused("The URL names a file outside the table.");
  return file;
}

type TableParams = { share: string; schema: string; table: string };

export function deltaSharingRoutes(parts: SharingParts) {
  return async (app: FastifyInstance) => {
    const recipient = (req: FastifyRequest) => parts.tables.recipient(req.headers.authorization);
    const tableOf = (req: FastifyRequest) => {
      const p = req.params as TableParams;
      return parts.tables.table(recipient(req), p.share, p.schema, p.table);
    };
    const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.headers.host}`;
    const shareInfo = (s: Share) => ({ name: s.name, id: stableId(s.name) });
    const tableItems = (s: Share, schemas = s.schemas) =>
      schemas.flatMap((schema) => parts.tables.tablesOf(schema).map((t) => ({ name: t.name, schema: schema.name, share: s.name, shareId: stableId(s.name), id: stableId(`${s.name}.${schema.name}.${t.name}`) })));

    app.get(`${SHARING_PREFIX}/shares`, async (req) => page(req, parts.tables.shares(recipient(req)).map(shareInfo)));
    app.get(`${SHARING_PREFIX}/shares/:share`, async (req) => ({ share: shareInfo(parts.tables.share(recipient(req), (req.params as TableParams).share)) }));
    app.get(`${SHARING_PREFIX}/shares/:share/schemas`, async (req) => {
      const share = parts.tables.share(recipient(req), (req.params as TableParams).share);
      return page(req, share.schemas.map((s) => ({ name: s.name, share: share.name })));
    });
    app.get(`${SHARING_PREFIX}/shares/:share/schemas/:schema/tables`, async (req) => {
      const p = req.params as TableParams;
      const { share, schema } = parts.tables.schema(recipient(req), p.share, p.schema);
      return page(req, tableItems(share, [schema]));
    });
    app.get(`${SHARING_PREFIX}/shares/:share/all-tables`, async (req) => page(req, tableItems(parts.tables.share(recipient(req), (req.params as TableParams).share))));

    const version = async (req: FastifyRequest, reply: FastifyReply) => {
      const table = tableOf(req);
      if ((req.query as Record<string, unknown>).startingTimestamp !== undefined) throw sharingErrors.invalidParameter("startingTimestamp is not supported by this server; ask for the current version");
      return reply.header("delta-table-version", String(await parts.answers.latestVersion(table))).send();
    };
    app.head(`${SHARING_PREFIX}/shares/:share/schemas/:schema/tables/:table/version`, version);
    app.get(`${SHARING_PREFIX}/shares/:share/schemas/:schema/tables/:table/version`, version);
    app.get(`${SHARING_PREFIX}/shares/:share/schemas/:schema/tables/:table/metadata`, async (req, reply) =>
      ndjson(reply, await parts.answers.metadata(tableOf(req), parseCapabilities(req.headers[CAPABILITIES_HEADER]))),
    );
    app.post(`${SHARING_PREFIX}/shares/:share/schemas/:schema/tables/:table/query`, async (req, reply) => {
      const table = tableOf(req);
      const body = readBody(req.body);
      const capabilities = parseCapabilities(req.headers[CAPABILITIES_HEADER]);
      const at = { version: optionalVersion(body.version, "version"), timestamp: optionalText(body.timestamp, "timestamp") };
      if (at.version !== undefined && at.timestamp !== undefined) throw sharingErrors.invalidParameter("version and timestamp cannot both be given");
      // the data change files of a version range (what a streaming client reads), rather than the files of one version
      const startingVersion = optionalVersion(body.startingVersion, "startingVersion");
      const endingVersion = optionalVersion(body.endingVersion, "endingVersion");
      if (startingVersion === undefined) {
        if (endingVersion !== undefined) throw sharingErrors.invalidParameter("endingVersion is only supported with startingVersion");
        return ndjson(reply, await parts.answers.query(table, at, baseUrl(req), capabilities));
      }
      if (at.version !== undefined || at.timestamp !== undefined) throw sharingErrors.invalidParameter("startingVersion cannot be given with version or timestamp");
      return ndjson(reply, await parts.answers.dataChanges(table, versionRange(startingVersion, endingVersion), baseUrl(req), capabilities));
    });
    app.get(`${SHARING_PREFIX}/shares/:share/schemas/:schema/tables/:table/changes`, async (req, reply) => {
      const table = tableOf(req);
      const q = req.query as Record<string, unknown>;
      if (q.startingTimestamp !== undefined || q.endingTimestamp !== undefined) throw sharingErrors.invalidParameter("startingTimestamp and endingTimestamp are not supported by this server; use startingVersion and endingVersion");
      const startingVersion = optionalVersion(q.startingVersion, "startingVersion");
      if (startingVersion === undefined) throw sharingErrors.invalidParameter("startingVersion is required");
      const range = versionRange(startingVersion, optionalVersion(q.endingVersion, "endingVersion"));
      return ndjson(reply, await parts.answers.changes(table, range, baseUrl(req), parseCapabilities(req.headers[CAPABILITIES_HEADER])));
    });

    app.get(FILES_PATH, async (req, reply) => {
      const ref = parts.signer.verify(req.query as Record<string, unknown>);
      if ("refused" in ref) throw sharingErrors.fileUrlRefused(ref.refused);
      const table = parts.tables.tableForFile(ref.share, ref.schema, ref.table);
      const file = sharedFile(table.location, ref.path, parts.locations);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) throw new SharingError(404, "RESOURCE_DOES_NOT_EXIST", "The file is no longer in the table (vacuumed); query the table again.");
      return reply.header("content-type", "application/octet-stream").header("content-length", String(info.size)).send(createReadStream(file));
    });

    app.setErrorHandler(async (err: unknown, req, reply) => {
      let e: SharingError;
      if (err instanceof SharingError) e = err;
      else {
        const status = (err as { statusCode?: number }).statusCode;
        if (status !== undefined && status >= 400 && status < 500) e = sharingErrors.invalidParameter((err as Error).message);
        else {
          req.log.error({ err, reqId: req.id }, "delta sharing request failed");
          e = new SharingError(500, "INTERNAL_ERROR", `The request failed on the server (request id ${req.id}).`);
        }
      }
      return reply.code(e.status).header("content-type", "application/json").send(e.toBody());
    });
  };
}

function ndjson(reply: FastifyReply, answer: Answer) {
  return reply
    .header("content-type", "application/x-ndjson; charset=utf-8")
    .header(CAPABILITIES_HEADER, `responseformat=${answer.format}`)
    .header("delta-table-version", String(answer.version))
    .send(answer.lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
}

/** One page of a listing (maxResults, pageToken); the token is the next item's offset, opaque to clients. */
function page<T>(req: FastifyRequest, items: T[]): { items: T[]; nextPageToken?: string } {
  const q = req.query as Record<string, unknown>;
  const max = optionalVersion(q.maxResults, "maxResults");
  let offset = 0;
  if (q.pageToken !== undefined && q.pageToken !== "") {
    const match = /^o:(\d+)$/.exec(Buffer.from(String(q.pageToken), "base64url").toString("utf8"));
    if (!match) throw sharingErrors.invalidParameter("pageToken is not a token this listing gave");
    offset = Number(match[1]);
  }
  const end = max === undefined ? items.length : offset + max;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextPageToken: Buffer.from(`o:${end}`).toString("base64url") } : {}) };
}

function readBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === "") return {};
  if (typeof body !== "object" || Array.isArray(body)) throw sharingErrors.invalidParameter("The request body must be a JSON object");
  return body as Record<string, unknown>;
}

function optionalVersion(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) throw sharingErrors.invalidParameter(`${name} must be a non-negative integer`);
  return n;
}

/** A range of versions, both ends inclusive; the table's latest version when no end is given. */
function versionRange(startingVersion: number, endingVersion: number | undefined): VersionRange {
  if (endingVersion !== undefined && endingVersion < startingVersion) throw sharingErrors.invalidParameter(`endingVersion ${endingVersion} is before startingVersion ${startingVersion}`);
  return { startingVersion, ...(endingVersion !== undefined ? { endingVersion } : {}) };
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw sharingErrors.invalidParameter(`${name} must be a string`);
  return value;
}

/** A UUID-shaped id derived from a name, stable across restarts. */
function stableId(name: string): string {
  const hex = Buffer.from(name.toLowerCase()).toString("hex").padEnd(32, "0").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A client of a Delta Sharing server (PROTOCOL.md): the listings, a table's version, metadata,
 * files of a version (query), data change files between versions (query with startingVersion) and
 * change files between versions (changes). Every call sends the
 * profile's bearer token to the profile's endpoint and nowhere else (a redirect is refused, naming
 * its host); pre-signed file URLs are
 * fetched without it, and only on the networks the endpoint allows (src/security/pinned-get.ts). Listings follow
 * nextPageToken to the end, up to 1,000 pages, and no token twice. Metadata, query and changes offer
 * the "delta" response format beside "parquet" (the one a table with deletion vectors or column
 * mapping is shared in): either answer becomes the same files, a file's deletion vector with it.
 */
import { createHash } from "node:crypto";
import type { DeletionVectorDescriptor } from "../delta/index.js";
import { quotedErrorBody, unquotedBody } from "../util/foreign-error-body.js";
import { hasLoneSurrogate } from "../util/lone-surrogates.js";
import { withoutUserInfo } from "../util/url-user-info.js";
import { redirectHost } from "../util/redirect-host.js";
import { withoutSecretValues } from "../util/secret-values.js";
import { describeKind } from "./address-kinds.js";
import { AddressRefused, type FileReach, pinnedGet, reachOf, type ResolveHost, systemResolver } from "../security/pinned-get.js";
import { profileExpiry, type SharingProfile } from "./profile.js";
import { FileDownloadError, ProfileExpiredError, SharingApiError, SharingUnreachableError } from "./errors.js";
import { headOf, refusalText, storageRefusalOf } from "./storage-refusal.js";

export interface SharedTableName {
  share: string;
  schema: string;
  table: string;
}

export interface SharedMetadata {
  id: string;
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string>;
}

export interface SharedFile {
  url: string;
  id: string;
  partitionValues: Record<string, string | null>;
  size: number;
  stats?: string;
  /** the rows of the file that are deleted (delta format only): inline, or a pre-signed URL (storage type "p") */
  deletionVector?: DeletionVectorDescriptor;
}

/** Delta reader features a delta-format answer may list: what reading its files here applies or needs not */
const READER_FEATURES = new Set(["deletionvectors", "columnmapping", "timestampntz", "vacuumprotocolcheck", "v2checkpoint", "varianttype", "varianttype-preview", "typewidening", "typewidening-preview"]);
/** What metadata, query and changes ask for: either format, and the reader features a delta answer may use. */
const CAPABILITIES = { "delta-sharing-capabilities": `responseformat=delta,parquet;readerfeatures=${[...READER_FEATURES].join(",")}` };
/** A bound on a listing's pages, as on Unity Catalog's. */
const MAX_PAGES = 1000;

export interface ChangeFile extends SharedFile {
  kind: "add" | "remove" | "cdf";
  version: number;
  /** commit time, epoch ms */
  timestamp: number;
}

export interface ClientOptions {
  requestTimeoutMs?: number;
  now?: () => number;
  /** how file hosts and the endpoint's host are resolved (the system's resolver; a test stands in for DNS) */
  resolveHost?: ResolveHost;
}

export class DeltaSharingClient {
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly resolveHost: ResolveHost;
  private fileReach?: Promise<FileReach>;

  constructor(
    readonly profile: SharingProfile,
    options: ClientOptions = {},
  ) {
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.resolveHost = options.resolveHost ?? systemResolver;
  }

  async listShares(): Promise<string[]> {
    return (await this.list<{ name: string }>("/shares", "list shares")).map((s) => s.name);
  }

  async listSchemas(share: string): Promise<string[]> {
    return (await this.list<{ name: string }>(`/shares/${seg(share)}/schemas`, `list schemas of ${share}`)).map((s) => s.name);
  }

  async listTables(share: string, schema: string): Promise<SharedTableName[]> {
    const items = await this.list<{ name: string; schema: string; share: string }>(`/shares/${seg(share)}/schemas/${seg(schema)}/tables`, `list tables of ${share}.${schema}`);
    return items.map((t) => ({ share: t.share, schema: t.schema, table: t.name }));
  }

  async tableVersion(table: SharedTableName): Promise<number> {
    const response = await this.call("GET", `${tablePath(table)}/version`, `version of ${name(table)}`);
    return versionHeader(response, `version of ${name(table)}`);
  }

  async metadata(table: SharedTableName): Promise<{ version: number; metadata: SharedMetadata }> {
    const response = await this.call("GET", `${tablePath(table)}/metadata`, `metadata of ${name(table)}`, undefined, CAPABILITIES);
    const lines = await ndjson(response);
    return { version: versionHeader(response, `metadata of ${name(table)}`), metadata: metadataOf(lines, name(table)) };
  }

  /** The files of one version of the table (the latest when none is given). */
  async query(table: SharedTableName, at: { version?: number; limitHint?: number } = {}): Promise<{ version: number; metadata: SharedMetadata; files: SharedFile[] }> {
    const body = { ...(at.version !== undefined ? { version: at.version } : {}), ...(at.limitHint !== undefined ? { limitHint: at.limitHint } : {}) };
    const response = await this.call("POST", `${tablePath(table)}/query`, `query of ${name(table)}`, body, CAPABILITIES);
    const lines = await ndjson(response);
    const files = lines.flatMap((l) => (l.file ? [fileOf(l.file as Record<string, unknown>)] : []));
    return { version: at.version ?? versionHeader(response, `query of ${name(table)}`), metadata: metadataOf(lines, name(table)), files };
  }

  /**
   * The data change files of versions startingVersion..endingVersion (inclusive): a query with
   * startingVersion, which needs no change data feed, answers each version's data-changing adds and
   * removes (never change files), each with its version and the file's id, which a file keeps
   * across requests. PROTOCOL.md's query body names no endingVersion (the reference client and
   * server use it), so a server that ignores it answers later versions too: they are left out here.
   */
  async dataChanges(table: SharedTableName, startingVersion: number, endingVersion: number): Promise<ChangeFile[]> {
    const response = await this.call("POST", `${tablePath(table)}/query`, `data changes of ${name(table)}`, { startingVersion, endingVersion }, CAPABILITIES);
    const lines = await ndjson(response);
    metadataOf(lines, name(table));
    return lines.flatMap((line) => changeFilesOf(line)).filter((f) => f.kind !== "cdf" && withinVersions(f, startingVersion, endingVersion));
  }

  /**
   * The change data feed's files of versions startingVersion..endingVersion (inclusive), in either
   * format; a version with change files is those alone (its adds and removes only rewrote them).
   */
  async changes(table: SharedTableName, startingVersion: number, endingVersion: number): Promise<{ metadata: SharedMetadata; files: ChangeFile[] }> {
    const query = new URLSearchParams({ startingVersion: String(startingVersion), endingVersion: String(endingVersion) });
    const response = await this.call("GET", `${tablePath(table)}/changes?${query}`, `changes of ${name(table)}`, undefined, CAPABILITIES);
    const lines = await ndjson(response);
    const files = lines.flatMap((line) => changeFilesOf(line)).filter((f) => withinVersions(f, startingVersion, endingVersion));
    const withChangeFiles = new Set(files.filter((f) => f.kind === "cdf").map((f) => f.version));
    return { metadata: metadataOf(lines, name(table)), files: files.filter((f) => f.kind === "cdf" || !withChangeFiles.has(f.version)) };
  }

  /**
   * Downloads one pre-signed file (no bearer token: the URL carries its own signature). The file's
   * host is not the sharing server, so nothing it answers is quoted, only its status and host; a
   * sharing server reached over https may name only https files; and a sharing server on a public
   * address may name only files on public addresses (none on the service's own network), redirects
   * not followed. A 403's first bytes are read to tell S3's AccessDenied and expired-URL answers
   * apart (storage-refusal.ts); `freshUrl` says the URL was asked for again after an earlier refusal.
   */
  async download(file: Pick<SharedFile, "url" | "id">, { freshUrl = false }: { freshUrl?: boolean } = {}): Promise<ReadableStream<Uint8Array>> {
    const operation = `download of file ${file.id}`;
    const url = this.fileUrl(file.url, operation);
    this.fileReach ??= reachOf(new URL(this.profile.endpoint), this.resolveHost);
    const reach = await this.fileReach;
    let response: Awaited<ReturnType<typeof pinnedGet>>;
    try {
      response = await pinnedGet(url, reach, this.resolveHost, AbortSignal.timeout(Math.max(this.timeoutMs, 600_000)));
    } catch (error) {
      if (error instanceof AddressRefused) throw new SharingApiError(200, undefined, addressRefusal(url, error), operation);
      throw new SharingUnreachableError(`${operation}: its URL at ${url.host} could not be reached (${unreachableReason(error)})`);
    }
    if (response.status < 200 || response.status > 299) {
      const refusal = response.status === 403 ? storageRefusalOf(await headOf(response.body).catch(() => "")) : undefined;
      if (response.status !== 403) await response.body.cancel().catch(() => undefined);
      throw new FileDownloadError(`${operation}: its URL at ${url.host} answered HTTP ${response.status}${refusalText(response.status, refusal, freshUrl)}`, response.status, refusal, freshUrl);
    }
    return response.body as ReadableStream<Uint8Array>;
  }

  /** A file URL the server named: http(s), and https unless the sharing server itself is plain http (a development server an operator listed). */
  private fileUrl(text: string, operation: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new SharingApiError(200, undefined, "the file's URL is not a URL", operation);
    }
    const plainAllowed = new URL(this.profile.endpoint).protocol === "http:";
    if (url.protocol !== "https:" && !(plainAllowed && url.protocol === "http:")) {
      throw new SharingApiError(
        200,
        undefined,
        `the file's URL is ${url.protocol.replace(/:$/, "")} (host ${url.host || "none"}); a sharing server at an https endpoint must name https file URLs, so it was not fetched`,
        operation,
      );
    }
    return url;
  }

  /** Every page of a listing; a server that repeats a page token, or never stops answering one, is cut off. */
  private async list<T>(path: string, operation: string): Promise<T[]> {
    const items: T[] = [];
    const tokens = new Set<string>();
    let token: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = token ? `?${new URLSearchParams({ pageToken: token })}` : "";
      const body = (await (await this.call("GET", `${path}${query}`, operation)).json()) as { items?: unknown; nextPageToken?: unknown };
      if (Array.isArray(body.items)) items.push(...(body.items as T[]));
      token = typeof body.nextPageToken === "string" && body.nextPageToken !== "" ? body.nextPageToken : undefined;
      if (!token) return items;
      const seen = createHash("sha256").update(token).digest("hex");
      if (tokens.has(seen)) {
        throw new SharingApiError(200, undefined, `the sharing server at ${withoutUserInfo(this.profile.endpoint)} answered on page ${page} a nextPageToken it had answered before; the listing would never end, so it was not followed`, operation);
      }
      tokens.add(seen);
    }
    throw new SharingApiError(200, undefined, `the sharing server at ${withoutUserInfo(this.profile.endpoint)} kept answering nextPageToken after ${MAX_PAGES} pages; the listing was not followed further`, operation);
  }

  private async call(method: string, path: string, operation: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const expired = profileExpiry(this.profile, this.now());
    if (expired) throw new ProfileExpiredError(expired);
    let response: Response;
    try {
      response = await fetch(`${this.profile.endpoint}${path}`, {
        method,
        // a redirect is answered as it is: the token would go along to wherever it points
        redirect: "manual",
        headers: { ...headers, authorization: `Bearer ${this.profile.bearerToken}`, ...(body !== undefined ? { "content-type": "application/json; charset=utf-8" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SharingUnreachableError(`${operation}: the sharing server at ${withoutUserInfo(this.profile.endpoint)} could not be reached (${unreachableReason(error)})`);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new SharingApiError(response.status, undefined, redirectRefusal(redirectHost(response.headers.get("location"), `${this.profile.endpoint}${path}`)), operation);
    }
    // a server may quote the request it refused: the error goes on to run errors and service logs
    if (!response.ok) throw await apiError(response, operation, this.profile.bearerToken);
    return response;
  }
}

/** Why a redirect of the sharing server was not followed, naming where it pointed by its host alone (its query may hold a signature). */
function redirectRefusal(host: string | undefined): string {
  return (
    `a redirect to ${host ?? "(no Location)"}; redirects are not followed, so the bearer token was not sent there. ` +
    "The sharing endpoint must answer directly: give the server's final URL as the profile's endpoint (auth.params.endpoint)"
  );
}

/** Why a file's host was not fetched, and what would let it be: the host only, never the signed URL. */
function addressRefusal(url: URL, refused: AddressRefused): string {
  const address = `host ${url.host}, ${refused.resolved ? "which resolves to " : ""}${describeKind(refused.kind)}`;
  if (refused.kind === "metadata") {
    return `the file's URL names ${address}; files are never fetched from a cloud metadata service, whatever the sharing endpoint, so it was not fetched. The data provider's sharing server must name the storage its files are in`;
  }
  return (
    `the file's URL names ${address}; a sharing server on a public address may name only files on public addresses, so it was not fetched (the service does not reach its own network for a server elsewhere). ` +
    "The data provider's sharing server must name files in storage reachable from the internet; a sharing server inside your own network is used by naming it in auth.params.endpoint by a host on that network"
  );
}

/** fetch's reason; a request it could not even build (a header fetch refuses quotes its value, the bearer token) is not quoted */
function unreachableReason(error: unknown): string {
  if (error instanceof TypeError && error.cause === undefined) return "the request could not be built from the profile";
  return (error as Error).message;
}

/**
 * A share, schema or table name as one path segment. "." and ".." would be dot segments, which
 * fetch resolves, moving the request up the endpoint's path; a lone surrogate cannot be encoded.
 */
function seg(name: string): string {
  if (name === "." || name === "..") throw unnameable(`"${name}" is a dot segment, which would move the request up the endpoint's path`);
  if (hasLoneSurrogate(name)) throw unnameable("it holds a lone UTF-16 surrogate, which is not Unicode text");
  return encodeURIComponent(name);
}

const unnameable = (why: string) =>
  new SharingApiError(200, undefined, `a share, schema or table name cannot be put in a request's URL path: ${why}; it was not requested`, "request path");
const tablePath = (t: SharedTableName) => `/shares/${seg(t.share)}/schemas/${seg(t.schema)}/tables/${seg(t.table)}`;
export const name = (t: SharedTableName) => `${t.share}.${t.schema}.${t.table}`;

/** The protocol's own error body ({"errorCode","message"}) is quoted; anything else only by its status. */
async function apiError(response: Response, operation: string, bearerToken: string): Promise<SharingApiError> {
  const text = await response.text().catch(() => "");
  const own = quotedErrorBody(text, SHARING_ERROR);
  // a token too short to tell from words is left to the callers' redaction
  if (own) return new SharingApiError(response.status, own.code && withoutSecretValues(own.code, [bearerToken]), withoutSecretValues(own.message ?? "(no message)", [bearerToken]), operation);
  return new SharingApiError(response.status, undefined, unquotedBody(text, "Delta Sharing"), operation);
}

const SHARING_ERROR = { code: "errorCode", message: ["message"] };

function versionHeader(response: Response, operation: string): number {
  const value = response.headers.get("delta-table-version");
  if (value === null || !/^\d+$/.test(value)) throw new SharingApiError(response.status, undefined, "the answer has no delta-table-version header", operation);
  return Number(value);
}

async function ndjson(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The metaData line in either format (the delta format wraps Delta's own action in deltaMetadata); a delta answer's protocol must list only reader features applied here. */
function metadataOf(lines: Array<Record<string, unknown>>, table: string): SharedMetadata {
  const protocol = lines.find((l) => l.protocol)?.protocol as { deltaProtocol?: { readerFeatures?: unknown } } | undefined;
  const features = Array.isArray(protocol?.deltaProtocol?.readerFeatures) ? protocol.deltaProtocol.readerFeatures.map(String) : [];
  const unread = features.filter((f) => !READER_FEATURES.has(f.toLowerCase()));
  if (unread.length > 0) {
    throw new SharingApiError(200, undefined, `the shared table needs the Delta reader feature(s) ${unread.join(", ")}, which this service does not apply to shared files`, `metadata of ${table}`);
  }
  const wrapper = lines.find((l) => l.metaData)?.metaData as (Partial<SharedMetadata> & { deltaMetadata?: Partial<SharedMetadata> }) | undefined;
  const m = wrapper?.deltaMetadata ?? wrapper;
  if (!m?.schemaString) throw new SharingApiError(200, undefined, "the answer has no metaData line", `metadata of ${table}`);
  return { id: String(m.id ?? ""), schemaString: m.schemaString, partitionColumns: m.partitionColumns ?? [], configuration: m.configuration ?? {} };
}

/** A file line's file in either format: the delta format's add action has the pre-signed URL as its path. */
function fileOf(line: Record<string, unknown>): SharedFile {
  if (!line.deltaSingleAction) return line as unknown as SharedFile;
  const add = (line.deltaSingleAction as { add?: Record<string, unknown> }).add;
  if (!add) throw new SharingApiError(200, undefined, `file ${String(line.id)} of the answer is not an add action`, "query");
  return fromAction(line, add);
}

/** A line's change file: `add`, `remove` or `cdf` in the parquet format, a file wrapping add, remove or cdc in the delta one. */
function changeFilesOf(line: Record<string, unknown>): ChangeFile[] {
  const file = line.file as Record<string, unknown> | undefined;
  const action = file?.deltaSingleAction as Record<string, Record<string, unknown> | undefined> | undefined;
  if (file && action) {
    const commit = { version: Number(file.version), timestamp: Number(file.timestamp) };
    return (["add", "remove", "cdc"] as const).flatMap((kind) => (action[kind] ? [{ ...fromAction(file, action[kind]!), kind: kind === "cdc" ? ("cdf" as const) : kind, ...commit }] : []));
  }
  return (["add", "remove", "cdf"] as const).flatMap((kind) => {
    const f = line[kind] as (SharedFile & { version: number; timestamp: number }) | undefined;
    return f ? [{ ...f, kind, version: Number(f.version), timestamp: Number(f.timestamp) }] : [];
  });
}

function withinVersions(file: ChangeFile, startingVersion: number, endingVersion: number): boolean {
  return file.version >= startingVersion && file.version <= endingVersion;
}

function fromAction(line: Record<string, unknown>, action: Record<string, unknown>): SharedFile {
  return {
    url: String(action.path),
    id: String(line.id),
    partitionValues: (action.partitionValues as SharedFile["partitionValues"]) ?? {},
    size: Number(action.size ?? 0),
    ...(typeof action.stats === "string" ? { stats: action.stats } : {}),
    ...(action.deletionVector ? { deletionVector: action.deletionVector as DeletionVectorDescriptor } : {}),
  };
}

/**
 * The HTTP core of the workspace client: one place that sends a request with the bearer token,
 * bounds it with a timeout, retries what may be retried and turns failures into typed errors.
 *
 * Retries: 429 and 503 on any method (the workspace refused the call before doing anything),
 * honouring Retry-After (seconds or an HTTP date), else exponential backoff with jitter. A
 * connection failure is retried for GETs only: a POST may have reached the workspace. TLS is
 * verified (global fetch's default; nothing here turns it off). Redirects are never followed: the
 * bearer token would go along to wherever the Location points.
 */
import { DatabricksApiError, DatabricksCredentialsError, DatabricksProtocolError, DatabricksRedirectError, DatabricksTimeoutError, DatabricksUnreachableError } from "./errors.js";
import { parseLosslessJson } from "./lossless-json.js";
import { quotedErrorBody, unquotedBody } from "../util/foreign-error-body.js";
import { hasUserInfo, withoutUserInfo } from "../util/url-user-info.js";
import { redirectHost } from "../util/redirect-host.js";
import { bearerSource, type BearerSource, type OAuthTokenCache, secretsOf, type WorkspaceCredentials } from "./oauth-tokens.js";
import { redactSecrets } from "./secret-redaction.js";

// src/flowservice quotes workspace URLs too, and may not import src/util itself
export { withoutUserInfo };

export interface HttpOptions {
  baseUrl: string;
  /** a personal access token: shorthand for credentials {kind: "token"} */
  accessToken?: string;
  /** a token, or a service principal whose OAuth tokens come from the workspace (oauth-tokens.ts) */
  credentials?: WorkspaceCredentials;
  /** where OAuth tokens are cached (default: the process's one cache) */
  tokenCache?: OAuthTokenCache;
  /** one request, from sending to the last byte of the answer (default 30 s) */
  requestTimeoutMs?: number;
  /** retries after the first attempt on 429/503 (default 4) */
  maxRetries?: number;
  /** retries of a GET that got no answer at all (default 2: a wrong host should fail fast) */
  maxNetworkRetries?: number;
  /** first backoff step (default 250 ms), doubled each retry, capped by maxRetryDelayMs (default 20 s) */
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
}

export class WorkspaceUrlError extends Error {}

/**
 * A workspace URL from a connection's `domain`: https://adb-….azuredatabricks.net, or any
 * http(s)://host:port (which of them a connection may name is the caller's allow-list). A bare
 * host gets https://. A path other than "/" is
 * refused; the `?o=<workspace id>` that the Azure portal appends is dropped.
 */
export function normalizeWorkspaceUrl(domain: string): string {
  const text = domain.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const quoted = `"${withoutUserInfo(domain)}"`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new WorkspaceUrlError(`${quoted} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WorkspaceUrlError(`${quoted} is not an http(s) URL`);
  if (hasUserInfo(url)) throw new WorkspaceUrlError(`${quoted} must not carry credentials (a user name or password before its host, left out here); give the workspace URL only`);
  if (url.pathname !== "/" && url.pathname !== "") throw new WorkspaceUrlError(`${quoted} has a path; give the workspace URL only`);
  if (!url.hostname) throw new WorkspaceUrlError(`${quoted} has no host`);
  return `${url.protocol}//${url.host}`;
}

export class WorkspaceHttp {
  readonly baseUrl: string;
  private readonly requestTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxNetworkRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly bearer: BearerSource;
  private readonly secrets: string[];

  constructor(options: HttpOptions) {
    this.baseUrl = normalizeWorkspaceUrl(options.baseUrl);
    const credentials = options.credentials ?? { kind: "token", accessToken: options.accessToken ?? "" };
    this.bearer = bearerSource(this.baseUrl, credentials, options.tokenCache);
    this.secrets = secretsOf(credentials);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.maxNetworkRetries = options.maxNetworkRetries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 20_000;
  }

  get<T>(path: string, query: Record<string, string>, operation: string, signal?: AbortSignal): Promise<T> {
    const url = this.onWorkspace(path, operation);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return this.send<T>("GET", url, undefined, operation, signal);
  }

  post<T>(path: string, body: Record<string, unknown>, operation: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>("POST", this.onWorkspace(path, operation), JSON.stringify(body), operation, signal);
  }

  /**
   * `path` (a path, or a link the workspace handed out, as a result chunk's next_chunk_internal_link)
   * resolved against the workspace: a link to any other origin is refused before the token is sent.
   */
  private onWorkspace(path: string, operation: string): URL {
    let url: URL;
    try {
      url = new URL(path, `${this.baseUrl}/`);
    } catch {
      throw new DatabricksProtocolError(`${operation}: the workspace at ${this.baseUrl} gave a link that is not a URL; it was not followed`);
    }
    if (url.origin !== new URL(this.baseUrl).origin) {
      throw new DatabricksProtocolError(
        `${operation}: the workspace at ${this.baseUrl} gave a link to another host (${url.host || url.protocol}); it was not followed and the access token was not sent there`,
      );
    }
    return url;
  }

  private async send<T>(method: "GET" | "POST", url: URL, body: string | undefined, operation: string, signal?: AbortSignal): Promise<T> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      let text: string;
      const token = await this.bearer.token(signal);
      // undici's refusal of such a header quotes the whole value, token included
      if (CONTROL_CHARACTER.test(token)) throw new DatabricksCredentialsError(`${operation}: the access token contains a control character, which no HTTP header can carry`);
      try {
        const timeout = AbortSignal.timeout(this.requestTimeoutMs);
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          body,
          redirect: "manual",
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw new DatabricksTimeoutError(`${operation} was abandoned: ${String(signal.reason ?? "aborted")}`);
        if (method === "GET" && attempt < this.maxNetworkRetries) {
          await delay(this.backoff(attempt));
          continue;
        }
        throw new DatabricksUnreachableError(this.baseUrl, triedTimes(describeFailure(error, this.requestTimeoutMs), attempt + 1));
      }
      if (response.status >= 300 && response.status < 400) throw new DatabricksRedirectError(response.status, redirectHost(response.headers.get("location"), url), operation);
      if (response.ok) {
        try {
          return (text.trim() === "" ? {} : parseLosslessJson(text)) as T;
        } catch {
          throw new DatabricksProtocolError(`${operation}: the workspace answered ${response.status} with a body that is not JSON`);
        }
      }
      // an OAuth token the workspace no longer takes (expired early, revoked): one more try with a fresh one
      if ((response.status === 401 || response.status === 403) && !renewed && this.bearer.refused(token)) {
        renewed = true;
        continue;
      }
      if ((response.status === 429 || response.status === 503) && attempt < this.maxRetries) {
        try {
          await delay(retryAfterMs(response.headers.get("retry-after"), this.maxRetryDelayMs) ?? this.backoff(attempt), signal);
        } catch {
          throw new DatabricksTimeoutError(`${operation} was abandoned while waiting to retry after HTTP ${response.status}`);
        }
        continue;
      }
      // a workspace may quote the request it refused: the error goes on to run errors and service logs
      throw toApiError(response.status, text, operation, [...this.secrets, token]);
    }
  }

  private backoff(attempt: number): number {
    const step = Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** attempt);
    return step / 2 + Math.random() * (step / 2);
  }
}

/** Databricks' own error body is quoted; anything else (a proxy's HTML page, text) only by its status. */
function toApiError(status: number, text: string, operation: string, secrets: readonly string[]): DatabricksApiError {
  const own = quotedErrorBody(text, DATABRICKS_ERROR);
  if (own) return new DatabricksApiError(status, own.code && redactSecrets(own.code, secrets), redactSecrets(own.message ?? "", secrets), operation);
  return new DatabricksApiError(status, undefined, unquotedBody(text, "Databricks"), operation);
}

const DATABRICKS_ERROR = { code: "error_code", message: ["message", "error"] };

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, capMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) && header.trim() !== "" ? seconds * 1000 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), capMs);
}

/** A GET retried after no answer says how often it was sent: the caller waited that many timeouts, not one. */
function triedTimes(failure: string, tries: number): string {
  return tries === 1 ? failure : `${failure}, on the last of ${tries} tries`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  // a request fetch could not even build names its header values, the bearer token among them
  if (!cause && error instanceof TypeError) return "the request could not be built from the connection's settings";
  if (cause?.message === "bad port") return "its port is one Node's fetch refuses to call (the Fetch standard's blocked ports, as 6000); reach the workspace through another port";
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return cause?.message ?? e?.message ?? String(error);
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * How a workspace call is authenticated: a personal access token as given, or a service
 * principal's client id and secret exchanged for short-lived workspace access tokens (OAuth
 * machine-to-machine: `POST <workspace>/oidc/v1/token`, grant_type=client_credentials,
 * scope=all-apis, HTTP Basic with the client id and secret; the answer is
 * {access_token, token_type, expires_in}).
 *
 * OAuth tokens are cached per workspace, client id and secret (a connection with a wrong secret
 * never rides on a token another connection got with the right one), renewed ahead of their
 * expiry, and renewed once more when the workspace refuses one anyway (401 or 403: an expired
 * token is answered with either). The client secret goes only to the workspace the client talks
 * to, never follows a redirect, and never enters an error message.
 */
import { createHash } from "node:crypto";
import { DatabricksApiError, DatabricksProtocolError, DatabricksRedirectError, DatabricksUnreachableError } from "./errors.js";
import { withoutLoneSurrogates } from "../util/lone-surrogates.js";
import { redirectHost } from "../util/redirect-host.js";
import { redactSecrets } from "./secret-redaction.js";

export type WorkspaceCredentials = { kind: "token"; accessToken: string } | { kind: "oauth"; clientId: string; clientSecret: string };

/**
 * The secret values of credentials, as given and in the forms they travel in (a workspace's error
 * may quote the request it refused): what an answer or a log must never show.
 */
export function secretsOf(credentials: WorkspaceCredentials): string[] {
  if (credentials.kind === "token") return [credentials.accessToken];
  const { clientId, clientSecret } = credentials;
  return [clientSecret, formEncoded(clientSecret), basicCredentials(clientId, clientSecret)];
}

/** The HTTP Basic credentials of a token request (RFC 6749 §2.3.1: each part form-encoded first). */
function basicCredentials(clientId: string, clientSecret: string): string {
  return Buffer.from(`${formEncoded(clientId)}:${formEncoded(clientSecret)}`).toString("base64");
}

/**
 * encodeURIComponent throws on a lone UTF-16 surrogate, which a connection stored before bodies
 * were checked for them may hold: it is encoded as U+FFFD, as a URL or a form would, so neither
 * the token request nor the redaction of an error quoting it can fail.
 */
function formEncoded(text: string): string {
  return encodeURIComponent(withoutLoneSurrogates(text));
}

/** Where the bearer token of each request comes from. */
export interface BearerSource {
  token(signal?: AbortSignal): Promise<string>;
  /** The workspace refused `token`: true when the next token() brings a fresh one worth a retry. */
  refused(token: string): boolean;
}

export const OAUTH_TOKEN_PATH = "/oidc/v1/token";
const OPERATION = "oidc/v1/token";

export interface OAuthTokenCacheOptions {
  /** renew this long before expiry at most (default 5 minutes); at most a quarter of a token's life */
  renewAheadMs?: number;
  /** one token request (default 30 s) */
  requestTimeoutMs?: number;
  now?: () => number;
}

interface Held {
  value: string;
  /** renew from this moment on */
  renewAt: number;
}

interface Entry {
  held?: Held;
  pending?: Promise<Held>;
}

export class OAuthTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly renewAheadMs: number;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;

  constructor(options: OAuthTokenCacheOptions = {}) {
    this.renewAheadMs = options.renewAheadMs ?? 5 * 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The bearer source of one service principal on one workspace (`baseUrl` already normalized). */
  source(baseUrl: string, clientId: string, clientSecret: string): BearerSource {
    const key = [baseUrl, clientId, createHash("sha256").update(clientSecret).digest("base64url")].join("\n");
    const entry = (): Entry => {
      let found = this.entries.get(key);
      if (!found) this.entries.set(key, (found = {}));
      return found;
    };
    return {
      token: async (signal) => {
        const current = entry();
        if (current.held && this.now() < current.held.renewAt) return current.held.value;
        // callers at the same moment share one request
        current.pending ??= this.request(baseUrl, clientId, clientSecret, signal)
          .then((held) => (current.held = held))
          .finally(() => (current.pending = undefined));
        return (await current.pending).value;
      },
      refused: (token) => {
        const current = entry();
        if (current.held?.value === token) current.held = undefined;
        return true;
      },
    };
  }

  /** Forgets every token (tests, and a process that wants a clean slate). */
  clear(): void {
    this.entries.clear();
  }

  private async request(baseUrl: string, clientId: string, clientSecret: string, signal?: AbortSignal): Promise<Held> {
    const requestedAt = this.now();
    let response: Response;
    let text: string;
    try {
      const timeout = AbortSignal.timeout(this.requestTimeoutMs);
      response = await fetch(baseUrl + OAUTH_TOKEN_PATH, {
        method: "POST",
        headers: {
          authorization: `Basic ${basicCredentials(clientId, clientSecret)}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }).toString(),
        redirect: "manual",
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      throw new DatabricksUnreachableError(baseUrl, e?.name === "TimeoutError" ? `no token within ${this.requestTimeoutMs} ms` : (e?.cause?.code ?? "the token request failed"));
    }
    if (response.status >= 300 && response.status < 400) {
      throw new DatabricksRedirectError(response.status, redirectHost(response.headers.get("location"), baseUrl), OPERATION);
    }
    const body = readJson(text);
    if (!response.ok) {
      // OAuth's {"error","error_description"}, or Databricks' {"error_code","message"}
      const code = stringOf(body?.error) ?? stringOf(body?.error_code);
      const detail = stringOf(body?.error_description) ?? stringOf(body?.message) ?? "(no OAuth error description)";
      const secrets = secretsOf({ kind: "oauth", clientId, clientSecret });
      throw new DatabricksApiError(response.status, code && redactSecrets(code, secrets), redactSecrets(detail, secrets).slice(0, 500), OPERATION);
    }
    const value = stringOf(body?.access_token);
    const expiresIn = Number(body?.expires_in);
    if (!value) throw new DatabricksProtocolError(`${OPERATION} answered ${response.status} without an access_token`);
    if (body?.token_type !== undefined && String(body.token_type).toLowerCase() !== "bearer") {
      throw new DatabricksProtocolError(`${OPERATION} answered a token of type ${String(body.token_type)}, not Bearer`);
    }
    // without expires_in the token is used once and asked for again next time
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 0;
    return { value, renewAt: requestedAt + lifetimeMs - Math.min(this.renewAheadMs, lifetimeMs / 4) };
  }
}

/** The process's one cache: explore, the connection test, preview and runs share its tokens. */
export const workspaceTokens = new OAuthTokenCache();

/** The bearer source for credentials on the workspace at `baseUrl` (normalized). */
export function bearerSource(baseUrl: string, credentials: WorkspaceCredentials, cache: OAuthTokenCache = workspaceTokens): BearerSource {
  if (credentials.kind === "oauth") return cache.source(baseUrl, credentials.clientId, credentials.clientSecret);
  const token = credentials.accessToken;
  return { token: async () => token, refused: () => false };
}

function readJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Calls to the service's public API as AEP clients make them: a token from the IMS endpoint (or
 * the one given), then the Platform headers on every call. A refusal becomes an ApiCallError
 * carrying the AEP error's own message, and, when a setting of ours is the cause, which one to fix.
 */
import { flagOrVariable, type Settings } from "./arguments.js";

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** No answer at all (refused, reset, timed out): the service is down or elsewhere, which may pass. */
export class ServiceUnreachable extends ApiCallError {}

export const FLOW_SERVICE = "/data/foundation/flowservice";
export const LANDING_ZONE = "/data/foundation/connectors/landingzone";

interface ListPage<T> {
  items?: T[];
  _links?: { next?: { href?: string } };
}

export class PlatformClient {
  private token?: string;

  constructor(private readonly settings: Settings) {
    this.token = settings.token;
  }

  get<T = any>(path: string): Promise<T> {
    return this.call<T>("GET", path);
  }

  post<T = any>(path: string, body?: unknown): Promise<T> {
    return this.call<T>("POST", path, body);
  }

  /**
   * Every item of a Flow Service list (`/connections`, `/flows?…`), page after page by
   * `_links.next` (docs/api/conventions.md#paging): a list stops at 100 items a page.
   */
  async listAll<T = any>(resource: string): Promise<T[]> {
    const items: T[] = [];
    let path: string | undefined = `${FLOW_SERVICE}${resource}`;
    while (path) {
      const page: ListPage<T> = await this.get<ListPage<T>>(path);
      items.push(...(page.items ?? []));
      path = nextPagePath(page._links?.next?.href);
    }
    return items;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    // a token we fetched ourselves may have expired, or the service restarted with a new signing key: sign in once more
    if (response.status === 401 && this.settings.token === undefined && this.token !== undefined) {
      this.token = undefined;
      return readAnswer<T>(await this.send(method, path, body), `${method} ${path}`, this.refusedCall.bind(this));
    }
    return readAnswer<T>(response, `${method} ${path}`, this.refusedCall.bind(this));
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.accessToken()}`,
      "x-api-key": this.settings.clientId,
      "x-gw-ims-org-id": this.settings.orgId,
      "x-sandbox-name": this.settings.sandbox,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    return this.fetch(`${this.settings.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private async accessToken(): Promise<string> {
    if (this.token) return this.token;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
      scope: "openid,AdobeID",
    });
    const response = await this.fetch(`${this.settings.url}/ims/token/v3`, { method: "POST", body: form });
    const answer = await readAnswer<{ access_token: string }>(response, "signing in", this.refusedClient.bind(this));
    this.token = answer.access_token;
    return this.token;
  }

  /** What to fix when the IMS refuses the client: the id and secret, named where they came from. */
  private refusedClient(status: number): string | undefined {
    if (status !== 400 && status !== 401) return undefined;
    const { from } = this.settings;
    const origin = (name: "client-id" | "client-secret") => (from[name] === "default" ? "the default" : from[name]);
    return `give the service's client id and secret with --client-id and --client-secret, or AUTH_CLIENT_ID and AUTH_CLIENT_SECRET (the id used came from ${origin("client-id")}, the secret from ${origin("client-secret")})`;
  }

  /** What to fix when a call is refused for a setting of ours: the token, the org or the sandbox, named where it came from. */
  private refusedCall(status: number, code: string | undefined): string | undefined {
    const { from, orgId, sandbox } = this.settings;
    if (code === "403025") return `the org ${orgId} (from ${from.org}) is not the one the token was issued for: give the client's org with ${flagOrVariable("org")}`;
    if (code === "FLOW-2100-404") return `the sandbox ${sandbox} (from ${from.sandbox}) does not exist: give one of the org's sandboxes with ${flagOrVariable("sandbox")}`;
    return this.refusedToken(status);
  }

  /** What to fix when a call's token is refused: the one given with --token, if one was. */
  private refusedToken(status: number): string | undefined {
    if (status !== 401) return undefined;
    if (this.settings.token === undefined) return undefined;
    return `the token given with ${this.settings.from.token} is refused: give a valid one with ${flagOrVariable("token")}, or neither, to sign in with the client (--client-id, --client-secret)`;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      // a redirect is never followed: a 307 would carry the client secret, or the token, to wherever it points
      response = await fetch(url, { ...init, redirect: "manual" });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ServiceUnreachable(`cannot reach ${this.settings.url} (${reason}): is the service running? Give its address with ${flagOrVariable("url")}`);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new ApiCallError(
        `${new URL(url).origin} answered ${response.status}, a redirect to ${redirectHost(response.headers.get("location"), url)}, which the command line does not follow ` +
          `(it would send the client secret or the token there): give the service's own address with ${flagOrVariable("url")}`,
        response.status,
      );
    }
    return response;
  }
}

/** The host a redirect points to, and nothing of its path or query (which may hold a token). */
function redirectHost(location: string | null, from: string): string {
  try {
    return location ? new URL(location, from).host : "nowhere (no Location)";
  } catch {
    return "an address that is not a URL";
  }
}

/** `_links.next.href` as a path of the API: Flow Service lists name it under their own base (`/flows?continuationToken=…`). */
function nextPagePath(href: string | undefined): string | undefined {
  if (!href) return undefined;
  if (/^https?:\/\//.test(href)) {
    const url = new URL(href);
    return `${url.pathname}${url.search}`;
  }
  return href.startsWith(`${FLOW_SERVICE}/`) ? href : `${FLOW_SERVICE}${href}`;
}

/** an AEP error's code: a gateway's `error_code` (403025), another family's end of its `type` (…/errors/FLOW-2100-404) */
type WhatToFix = (status: number, code: string | undefined) => string | undefined;

async function readAnswer<T>(response: Response, what: string, whatToFix: WhatToFix): Promise<T> {
  const text = await response.text();
  const body = text === "" ? undefined : parseOrText(text);
  if (response.ok) return body as T;
  const message = typeof body === "object" && body !== null ? (body.errorMessage ?? body.error_description ?? body.message ?? body.title) : undefined;
  const fix = whatToFix(response.status, errorCodeOf(body));
  const said = message ?? `HTTP ${response.status} ${text.slice(0, 200)}`;
  // the fix follows the service's message as its next clause, without the message's own full stop before it
  throw new ApiCallError(`${what}: ${fix ? `${said.replace(/\.$/, "")}: ${fix}` : said}`, response.status);
}

function errorCodeOf(body: any): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  if (typeof body.error_code === "string") return body.error_code;
  return typeof body.type === "string" ? body.type.split("/").pop() : undefined;
}

function parseOrText(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

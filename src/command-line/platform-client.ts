/**
 * Calls to the service's public API as AEP clients make them: a token from the IMS endpoint (or
 * the one given), then the Platform headers on every call. A refusal becomes an ApiCallError
 * carrying the AEP error's own message.
 */
import type { Settings } from "./arguments.js";

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export const FLOW_SERVICE = "/data/foundation/flowservice";
export const LANDING_ZONE = "/data/foundation/connectors/landingzone";

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

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.accessToken()}`,
      "x-api-key": this.settings.clientId,
      "x-gw-ims-org-id": this.settings.orgId,
      "x-sandbox-name": this.settings.sandbox,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await this.fetch(`${this.settings.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return readAnswer<T>(response, `${method} ${path}`);
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
    const answer = await readAnswer<{ access_token: string }>(response, "signing in");
    this.token = answer.access_token;
    return this.token;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ApiCallError(`cannot reach ${this.settings.url} (${reason}): is the service running? Give its address with --url or DATABRICKS_SOURCE_URL`);
    }
  }
}

async function readAnswer<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  const body = text === "" ? undefined : parseOrText(text);
  if (response.ok) return body as T;
  const message = typeof body === "object" && body !== null ? (body.errorMessage ?? body.error_description ?? body.message ?? body.title) : undefined;
  throw new ApiCallError(`${what}: ${message ?? `HTTP ${response.status} ${text.slice(0, 200)}`}`, response.status);
}

function parseOrText(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

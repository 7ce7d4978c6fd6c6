/** The thin client of the public API: every call the console makes goes through here. */
import { everyPage, type ListPage } from "./list-pages";
import { jsonText, parseExact } from "./lossless-json";
import type { Session } from "./session";

export const FLOW_SERVICE = "/data/foundation/flowservice";
export const DELTA_SHARING_SPEC = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";
export const DATALAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
/** Dispatched on window when the gateway refuses the token (expired, or signed by another key). */
export const SESSION_ENDED = "databricks-source-session-ended";
export const CRM_TO_AEP = "14518937-270c-4525-bdec-c2ba7cce3860";

/** An AEP error answer: its code (FLOW-1439-404, …) and message, as the API wrote them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** the error body's report beyond its message (as a cluster's `clusterState`) */
    readonly report: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** numbers as the server wrote them (ExactNumber), for previews of data */
  exact?: boolean;
  /** a token tried before it is the session's (signing in): its refusal ends no session */
  trying?: boolean;
}

/** fetch, where a request that gets no answer (the service stopped, the network gone) says so rather than the browser's "Failed to fetch" */
async function reach(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (error) {
    throw new Error(`Cannot reach the service at ${window.location.origin}: is it still running? (the browser says: ${error instanceof Error ? error.message : String(error)})`);
  }
}

export async function api<T>(session: Session, method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${session.token}`,
    "x-api-key": session.clientId,
    "x-gw-ims-org-id": session.org,
    "x-sandbox-name": session.sandbox,
    Accept: "application/json",
    ...options.headers,
  };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await reach(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : jsonText(options.body),
  });
  const text = await response.text();
  if (response.status === 401 && !options.trying) window.dispatchEvent(new CustomEvent(SESSION_ENDED));
  if (!response.ok) throw errorOf(response.status, text);
  if (!text) return undefined as T;
  return (options.exact ? parseExact(text) : JSON.parse(text)) as T;
}

/** A GET whose answer is no JSON (a file), its body not read yet; an error answer thrown as an ApiError. */
async function download(session: Session, path: string): Promise<Response> {
  const response = await reach(path, {
    headers: { Authorization: `Bearer ${session.token}`, "x-api-key": session.clientId, "x-gw-ims-org-id": session.org, "x-sandbox-name": session.sandbox },
  });
  if (!response.ok) throw errorOf(response.status, await response.text());
  return response;
}

export const apiText = async (session: Session, path: string): Promise<string> => (await download(session, path)).text();

export const apiBlob = async (session: Session, path: string): Promise<Blob> => (await download(session, path)).blob();

function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { type?: string; title?: string; errorMessage?: string; error?: string; error_description?: string; report?: Record<string, unknown> & { "detailed-message"?: string } };
    const code = body.type?.split("/").pop() ?? body.error ?? String(status);
    const message = body.errorMessage ?? body.report?.["detailed-message"] ?? body.error_description ?? body.title ?? text;
    return new ApiError(status, code, message, body.report ?? {});
  } catch {
    return new ApiError(status, String(status), text || `HTTP ${status}`);
  }
}

/** POST /ims/token/v3 with the client credentials: outside the gateway, IMS's own error shape. */
export async function requestToken(clientId: string, clientSecret: string): Promise<string> {
  const response = await reach("/ims/token/v3", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: "openid,AdobeID" }),
  });
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, text);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/** Every item of a Flow Service list, all its pages. */
export const listAll = <T>(session: Session, firstPath: string) => everyPage<T>((path) => api<ListPage<T>>(session, "GET", path), firstPath, FLOW_SERVICE);

/** The first item of a Flow Service `{"items": [...]}` answer. */
export async function item<T>(session: Session, path: string): Promise<T> {
  const answer = await api<{ items: T[] }>(session, "GET", path);
  return answer.items[0];
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

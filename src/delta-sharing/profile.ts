/**
 * A recipient's Delta Sharing profile (the JSON file a provider hands out, PROTOCOL.md "Profile
 * File Format"): shareCredentialsVersion 1, the server's endpoint, a bearer token and, optionally,
 * when the token expires. Reading one checks every field; an expired one is refused before any
 * call, naming the expiry.
 */
import { hasLoneSurrogate } from "../util/lone-surrogates.js";
import { hasUserInfo, withoutUserInfo } from "../util/url-user-info.js";

export interface SharingProfile {
  shareCredentialsVersion: 1;
  /** the server's URL prefix, without a trailing slash */
  endpoint: string;
  bearerToken: string;
  /** ISO 8601, as given */
  expirationTime?: string;
}

export class ProfileError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function readProfile(value: unknown): SharingProfile {
  const json = typeof value === "string" ? parseJson(value) : value;
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ProfileError("profile", "A sharing profile is a JSON object with shareCredentialsVersion, endpoint and bearerToken");
  const profile = json as Record<string, unknown>;
  const version = profile.shareCredentialsVersion;
  if (version !== 1 && version !== "1") {
    throw new ProfileError("shareCredentialsVersion", `shareCredentialsVersion ${JSON.stringify(version)} is not supported; this client reads version 1 profiles`);
  }
  const endpoint = text(profile, "endpoint");
  const quoted = withoutUserInfo(endpoint);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ProfileError("endpoint", `endpoint ${quoted} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ProfileError("endpoint", `endpoint ${quoted} must be an http(s) URL`);
  if (hasUserInfo(url)) throw new ProfileError("endpoint", `endpoint ${quoted} must not carry credentials (a user name or password before its host, left out here); the bearer token authenticates`);
  const bearerToken = text(profile, "bearerToken");
  const expirationTime = profile.expirationTime === undefined || profile.expirationTime === null ? undefined : text(profile, "expirationTime");
  if (expirationTime !== undefined && Number.isNaN(Date.parse(expirationTime))) {
    throw new ProfileError("expirationTime", `expirationTime ${expirationTime} is not an ISO 8601 time (e.g. 2027-01-31T00:00:00.0Z)`);
  }
  for (const key of Object.keys(profile)) {
    if (!["shareCredentialsVersion", "endpoint", "bearerToken", "expirationTime"].includes(key)) throw new ProfileError(key, `${key} is not a field of a sharing profile`);
  }
  return { shareCredentialsVersion: 1, endpoint: endpoint.replace(/\/+$/, ""), bearerToken, ...(expirationTime !== undefined ? { expirationTime } : {}) };
}

/** Why a profile can no longer be used, or undefined while it can. */
export function profileExpiry(profile: Pick<SharingProfile, "expirationTime">, now = Date.now()): string | undefined {
  if (profile.expirationTime === undefined) return undefined;
  const at = Date.parse(profile.expirationTime);
  if (at > now) return undefined;
  return `the sharing profile's bearer token expired at ${new Date(at).toISOString()} (expirationTime); ask the data provider for a new profile and update the connection's bearerToken and expirationTime`;
}

function text(profile: Record<string, unknown>, field: string): string {
  const value = profile[field];
  if (typeof value !== "string" || value.trim() === "") throw new ProfileError(field, `${field} must be a non-empty string`);
  // the bearer token goes into a header, whose refusal by fetch would quote it
  if (/[\u0000-\u001f\u007f]/.test(value.trim())) throw new ProfileError(field, `${field} contains a control character`);
  // a URL would carry it as U+FFFD, the path of another server; a header cannot carry it at all
  if (hasLoneSurrogate(value)) throw new ProfileError(field, `${field} holds half of a UTF-16 surrogate pair alone, which is no Unicode text`);
  return value.trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProfileError("profile", "The sharing profile is not valid JSON");
  }
}

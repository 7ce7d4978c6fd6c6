/**
 * Delta Sharing base connections (docs/api/flowservice.md#delta-sharing): the recipient's profile
 * read from the auth params and checked (version, endpoint on the allow-list, an unexpired token),
 * the server asked for its shares before anything is stored, the bearer token sealed like a personal
 * access token. Also the connection test. No Databricks compute is involved.
 */
import { DeltaSharingClient, FileDownloadError, ProfileError, ProfileExpiredError, profileExpiry, readProfile, SharingApiError, SharingUnreachableError, type SharingProfile } from "../delta-sharing/index.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { withoutUserInfo } from "../databricks/http.js";
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { deepEqual, type Json, optionalString, requireObject } from "../aep-conventions/request-body.js";
import type { ResourceRecord } from "../store/resources.repository.js";
import { type DatabricksAccess, type DatabricksAuth, quotedFrom } from "./databricks-access.js";
import type { FlowResourceService, PatchContext, Prepared } from "./flow-resource.js";
import { DELTA_SHARING_SPEC_ID, SHARING_PROFILE_AUTH, SPEC_VERSION } from "./specs/ids.js";
import { SHARING_PROFILE_PARAMS } from "./specs/delta-sharing-connection-spec.js";

export const BEARER_TOKEN_POINTER = "/auth/params/bearerToken";
export const BEARER_TOKEN_PATH = ["auth", "params", "bearerToken"];

export const isSharingRecord = (record: ResourceRecord) => (record.document.connectionSpec as { id?: string } | undefined)?.id === DELTA_SHARING_SPEC_ID;

export async function prepareSharingConnection(
  databricks: DatabricksAccess,
  head: { name: string; description?: string; authSpecName: string },
  input: Json,
  previous?: Json,
  patch?: PatchContext,
): Promise<Prepared> {
  if (head.authSpecName.trim().toLowerCase() !== SHARING_PROFILE_AUTH.toLowerCase()) throw Errors.authSpecNotFound(head.authSpecName, DELTA_SHARING_SPEC_ID, [SHARING_PROFILE_AUTH]);
  const params = requireObject(requireObject(input, "auth", "auth"), "params", "auth.params");
  const profile = readSharingProfile(params);
  databricks.requireAllowedHost(profile.endpoint, "auth.params.endpoint");
  const before = ((previous?.auth as Json | undefined)?.params ?? {}) as Json;
  if (previous && before.endpoint !== profile.endpoint && !patch?.suppliedSecrets.has(BEARER_TOKEN_POINTER)) {
    throw Errors.requestNotProcessed(
      "A change of auth.params.endpoint must carry auth.params.bearerToken for the new server in the same request: the stored token is never sent anywhere new.",
    );
  }
  if (!previous || !deepEqual(previous.auth, input.auth)) await withSharing(sharingAuth(profile), (client) => client.listShares());
  const { bearerToken, ...visible } = profile;
  return {
    document: {
      name: head.name,
      ...(head.description !== undefined ? { description: head.description } : {}),
      connectionSpec: { id: DELTA_SHARING_SPEC_ID, version: SPEC_VERSION },
      state: "enabled",
      auth: { specName: SHARING_PROFILE_AUTH, params: visible },
    },
    secrets: { [BEARER_TOKEN_POINTER]: bearerToken },
  };
}

/** A connection's item: an endpoint stored with a user name and password (before they were refused) is shown without them. */
export function withoutStoredUserInfo<Item extends Json>(item: Item): Item {
  const auth = item.auth as Json | undefined;
  const params = auth?.params as Json | undefined;
  if (typeof params?.endpoint !== "string" || withoutUserInfo(params.endpoint) === params.endpoint) return item;
  return { ...item, auth: { ...auth, params: { ...params, endpoint: withoutUserInfo(params.endpoint) } } };
}

/** The auth params as a profile; a mistake is a 400 naming the field, an expired profile one naming the expiry. */
function readSharingProfile(params: Json): SharingProfile {
  for (const key of Object.keys(params)) {
    if (!(key in SHARING_PROFILE_PARAMS.properties)) throw Errors.paramValueInvalid(key, `auth.params.${key}`, `It is not a parameter of ${SHARING_PROFILE_AUTH}`);
  }
  const profile = checkedProfile(params);
  const expired = profileExpiry(profile);
  if (expired) throw Errors.paramValueInvalid(String(profile.expirationTime), "auth.params.expirationTime", capitalised(expired));
  return profile;
}

/** readProfile, its mistakes a 400 naming the field; an endpoint is quoted without its user info. */
function checkedProfile(params: Json): SharingProfile {
  try {
    return readProfile({ shareCredentialsVersion: 1, ...params });
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    const value = String(params[error.field] ?? "");
    throw Errors.paramValueInvalid(error.field === "endpoint" ? withoutUserInfo(value) : value, `auth.params.${error.field}`, error.message);
  }
}

/**
 * A stored Delta Sharing connection as the auth every caller passes around, its bearer token opened.
 * The stored profile is read again as a new one would be: one stored before a check existed (an
 * endpoint with a user name and password) is refused naming the field to PATCH, not sent anywhere.
 */
export function storedSharingAuth(service: FlowResourceService, record: ResourceRecord): DatabricksAuth {
  const params = ((record.document.auth as Json | undefined)?.params ?? {}) as Json;
  const expirationTime = optionalString(params, "expirationTime", "auth.params.expirationTime");
  return sharingAuth(
    checkedProfile({
      endpoint: params.endpoint,
      bearerToken: service.secretsOf(record)[BEARER_TOKEN_POINTER] ?? "",
      ...(expirationTime ? { expirationTime } : {}),
    }),
  );
}

export function sharingAuth(profile: SharingProfile): DatabricksAuth {
  return { domain: profile.endpoint, clusterId: "", database: "", credentials: { kind: "token", accessToken: profile.bearerToken }, sharing: profile };
}

/**
 * Runs `work` with a client of the connection's sharing server; an expired profile is a 400 naming
 * the expiry, the server's refusals and failures are SRC-1308-400 as a workspace's are.
 */
export async function withSharing<T>(auth: DatabricksAuth, work: (client: DeltaSharingClient) => Promise<T>, requestTimeoutMs?: number): Promise<T> {
  const profile = auth.sharing;
  if (!profile) throw new Error("not a Delta Sharing connection");
  try {
    return await work(new DeltaSharingClient(profile, { requestTimeoutMs }));
  } catch (error) {
    throw sharingApiError(error, profile);
  }
}

export function sharingApiError(error: unknown, profile: SharingProfile): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof ProfileExpiredError) return Errors.paramValueInvalid(String(profile.expirationTime), "auth.params.expirationTime", capitalised(error.message));
  if (error instanceof SharingApiError && error.isAuthentication) {
    return Errors.databricksFailed(refusal(profile, error));
  }
  if (error instanceof SharingApiError || error instanceof SharingUnreachableError || error instanceof FileDownloadError) return Errors.databricksFailed(quotedFromServer(profile, error.message));
  return error;
}

/**
 * GET /connections/{id}/test of a Delta Sharing connection: the profile is unexpired (else the 400
 * naming the expiry), the server answers, and the token lists the recipient's shares.
 */
export async function testSharingConnection(auth: DatabricksAuth): Promise<Json> {
  const profile = auth.sharing!;
  const expired = profileExpiry(profile);
  if (expired) throw Errors.paramValueInvalid(String(profile.expirationTime), "auth.params.expirationTime", capitalised(expired));
  try {
    const shares = await new DeltaSharingClient(profile).listShares();
    return {
      result: true,
      checks: [
        { name: "workspace", passed: true, message: `the sharing server at ${withoutUserInfo(profile.endpoint)} answers` },
        { name: "token", passed: true, message: `the bearer token is accepted; it reads ${shares.length} share(s)${shares.length ? `: ${shares.join(", ")}` : ""}` },
      ],
    };
  } catch (error) {
    if (error instanceof SharingApiError && error.isAuthentication) {
      return {
        result: false,
        checks: [
          { name: "workspace", passed: true, message: `the sharing server at ${withoutUserInfo(profile.endpoint)} answers` },
          { name: "token", passed: false, message: refusal(profile, error) },
        ],
      };
    }
    if (error instanceof SharingApiError || error instanceof SharingUnreachableError) {
      return { result: false, checks: [{ name: "workspace", passed: false, message: quotedFromServer(profile, error.message) }] };
    }
    throw error;
  }
}

/**
 * A 401 or 403 from the sharing server. It says the same ("Invalid access token") whether the
 * bearer token is wrong or the endpoint URL's path does not name a sharing server's (the path is
 * where a metastore's sharing lives), so the message names both, with what to check for each.
 */
function refusal(profile: SharingProfile, error: SharingApiError): string {
  return (
    `the sharing server at ${withoutUserInfo(profile.endpoint)} refused the request (HTTP ${error.status}${error.errorCode ? ` ${error.errorCode}` : ""}): ${quotedFromServer(profile, error.detail.trim().replace(/\.+$/, ""))}. ` +
    "The server answers two mistakes alike: either the bearer token is not accepted (wrong, revoked or expired: check auth.params.bearerToken against the data provider's profile, or ask the provider for a new one), " +
    "or the endpoint URL's path is wrong (auth.params.endpoint must be the profile's endpoint exactly, its path included)"
  );
}

/** The sharing server's words without the profile's bearer token (a server may echo the request it refused). */
const quotedFromServer = (profile: SharingProfile, text: string) => quotedFrom(sharingAuth(profile), text);

/** A reason for paramValueInvalid, which ends it with its own period: capitalised, none of its own. */
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).replace(/\.+$/, "");

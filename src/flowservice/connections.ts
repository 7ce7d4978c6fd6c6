/**
 * Base connections to Azure Databricks (docs/api/flowservice.md#connections): the auth params
 * checked against the chosen authSpec (a personal access token, or a service principal's OAuth
 * client id and secret), the workspace checked for real (the cluster must be RUNNING, the database
 * must exist), the token or client secret sealed. Also the connection test
 * (docs/api/flowservice.md#test-a-connection).
 */
import type { ConnectionCheck } from "./connection-checks.js";
import { AUTOSTART_TIMEOUT_SETTING, DatabricksApiError, DatabricksRedirectError, DatabricksUnreachableError, isStarting } from "../databricks/errors.js";
import { normalizeWorkspaceUrl, withoutUserInfo, WorkspaceUrlError } from "../databricks/http.js";
import { showTables } from "../databricks/sql.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { DATABRICKS_AUTH_PARAMS, DATABRICKS_OAUTH_PARAMS } from "./specs/databricks-connection-spec.js";
import { DATABRICKS_SPEC_ID, OAUTH_M2M_AUTH, SPEC_VERSION, specVersionProblem } from "./specs/ids.js";
import type { WorkspaceCredentials } from "../databricks/oauth-tokens.js";
import { findConnectionSpec } from "./specs/index.js";
import type { ResourceRecord } from "../store/resources.repository.js";
import type { Caller } from "../aep-conventions/caller.js";
import { credentialsName, type DatabricksAccess, type DatabricksAuth, quotedFrom, STARTING_HINT, toApiError } from "./databricks-access.js";
import type { FlowResourceDefinition, FlowResourceService, PatchContext, Prepared } from "./flow-resource.js";
import { deepEqual, isObject, type Json, optionalBoolean, optionalString, requireObject, requireSecret, requireString } from "../aep-conventions/request-body.js";
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { LandingZoneService } from "../landing-zone/service.js";
import { PUSH_SAS_PARAM, stagingSasCheck } from "./cluster-sas.js";
import { BEARER_TOKEN_PATH, isSharingRecord, prepareSharingConnection, storedSharingAuth, withoutStoredUserInfo } from "./sharing-connections.js";
import { DELTA_SHARING_SPEC_ID } from "./specs/ids.js";
import { hintingDatabaseElsewhere, homeCatalog, schemaElsewhereHint, schemaNamed } from "./schema-hints.js";
import { listSchemas } from "../databricks/unity-catalog.js";

const TOKEN_POINTER = "/auth/params/accessToken";
const CLIENT_SECRET_POINTER = "/auth/params/clientSecret";
const CREATE_HINT = "start it in Databricks and try again (creating or changing a connection never starts a cluster)";

/** `written`: what a connection's create or PATCH sets off (the push of the staging SAS to its cluster). */
export function connectionDefinition(databricks: DatabricksAccess, written?: FlowResourceDefinition["written"]): FlowResourceDefinition {
  return {
    written,
    kind: "connection",
    typeName: "connections",
    inUseName: "base connection",
    createFields: ["name", "description", "auth", "connectionSpec"],
    editable: ["name", "description", "auth"],
    immutable: { connectionSpec: () => Errors.connectionSpecImmutable() },
    secretPaths: [
      ["auth", "params", "accessToken"],
      ["auth", "params", "clientSecret"],
      BEARER_TOKEN_PATH,
    ],
    prepare: (caller, input, previous, patch) => prepareConnection(databricks, caller, input, previous, patch),
    dependents: { kind: "sourceConnection", inUse: Errors.connectionHasSourceConnections },
    shown: withoutStoredUserInfo,
  };
}

async function prepareConnection(databricks: DatabricksAccess, _actor: Caller, input: Json, previous?: Json, patch?: PatchContext): Promise<Prepared> {
  const name = requireString(input, "name", "name");
  const description = optionalString(input, "description", "description");
  const specRef = requireObject(input, "connectionSpec", "connectionSpec");
  const specId = requireString(specRef, "id", "connectionSpec.id");
  const version = optionalString(specRef, "version", "connectionSpec.version");
  const spec = findConnectionSpec(specId);
  refuseUnknownAuthFields(input.auth);
  if (specId === DELTA_SHARING_SPEC_ID && (version === undefined || version === SPEC_VERSION)) {
    const authSpecName = requireString(requireObject(input, "auth", "auth"), "specName", "auth.specName");
    return prepareSharingConnection(databricks, { name, description, authSpecName }, input, previous, patch);
  }
  // only the Databricks spec makes base connections here; the data lake spec is a target's
  if (!spec || specId !== DATABRICKS_SPEC_ID || (version !== undefined && version !== SPEC_VERSION)) throw Errors.specInvalid(specId, baseSpecProblem(specId, version));
  const authSpecs = spec.authSpec as Array<{ name: string }>;
  const auth = requireObject(input, "auth", "auth");
  const specName = requireString(auth, "specName", "auth.specName");
  const authSpec = authSpecs.find((a) => a.name.toLowerCase() === specName.trim().toLowerCase());
  if (!authSpec) throw Errors.authSpecNotFound(specName, specId, authSpecs.map((a) => a.name));
  const kind = authSpec.name === OAUTH_M2M_AUTH ? OAUTH_AUTH : TOKEN_AUTH;
  const given = { ...requireObject(auth, "params", "auth.params") };
  // a PATCH to the other way of signing in: the stored secret of the old one stays behind
  const other = kind === OAUTH_AUTH ? TOKEN_AUTH : OAUTH_AUTH;
  if (patch && !patch.suppliedSecrets.has(other.secretPointer)) delete given[other.secretField];
  const params = readAuthParams(given, kind);
  databricks.requireAllowedHost(params.domain, undefined, typeof given.domain === "string" ? given.domain : undefined);

  // a mistake in the request itself is told before the workspace is asked anything
  const pushSasToCluster = optionalBoolean(auth.params as Json, PUSH_SAS_PARAM, `auth.params.${PUSH_SAS_PARAM}`);
  if (previous) requireSecretToMove(params, previous, patch);
  if (!previous || !deepEqual(previous.auth, input.auth)) await checkWorkspace(databricks, params);

  const { credentials, ...visible } = params;
  return {
    document: {
      name,
      ...(description !== undefined ? { description } : {}),
      connectionSpec: { id: specId, version: SPEC_VERSION },
      state: "enabled",
      auth: {
        specName: authSpec.name,
        params: {
          ...visible,
          ...(credentials.kind === "oauth" ? { clientId: credentials.clientId } : {}),
          ...(pushSasToCluster !== undefined ? { [PUSH_SAS_PARAM]: pushSasToCluster } : {}),
        },
      },
    },
    secrets: credentials.kind === "oauth" ? { [CLIENT_SECRET_POINTER]: credentials.clientSecret } : { [TOKEN_POINTER]: credentials.accessToken },
  };
}

/** Why a base connection's connectionSpec is refused, and which one it needs. */
function baseSpecProblem(specId: string, version: string | undefined): string {
  const specs = `a base connection takes the Databricks spec ${DATABRICKS_SPEC_ID} or the Delta Sharing spec ${DELTA_SHARING_SPEC_ID}`;
  if (specId === DATABRICKS_SPEC_ID || specId === DELTA_SHARING_SPEC_ID) return specVersionProblem(version ?? "");
  if (findConnectionSpec(specId)) return `${specId} is the data lake's spec, which a target connection names; ${specs}`;
  return `${specId} is no connection spec here (GET /data/foundation/flowservice/connectionSpecs lists them): ${specs}`;
}

/** One way of signing in: its params' schema, its name in errors, and how its credentials are read. */
interface AuthKind {
  label: string;
  properties: Record<string, unknown>;
  /** the secret's JSON pointer and its field */
  secretPointer: string;
  secretField: string;
  credentials(read: (key: string) => string, readSecret: (key: string) => string): WorkspaceCredentials;
}

const TOKEN_AUTH: AuthKind = {
  label: "Access Token Authentication",
  properties: DATABRICKS_AUTH_PARAMS.properties,
  secretPointer: TOKEN_POINTER,
  secretField: "accessToken",
  credentials: (_read, readSecret) => ({ kind: "token", accessToken: readSecret("accessToken") }),
};

const OAUTH_AUTH: AuthKind = {
  label: OAUTH_M2M_AUTH,
  properties: DATABRICKS_OAUTH_PARAMS.properties,
  secretPointer: CLIENT_SECRET_POINTER,
  secretField: "clientSecret",
  credentials: (read, readSecret) => ({ kind: "oauth", clientId: read("clientId"), clientSecret: readSecret("clientSecret") }),
};

/** The params against the authSpec's JSON schema: required strings, no unknown keys, a workspace URL. */
function readAuthParams(params: Json, kind: AuthKind): DatabricksAuth {
  for (const key of Object.keys(params)) {
    if (!(key in kind.properties)) throw Errors.paramValueInvalid(key, `auth.params.${key}`, `It is not a parameter of ${kind.label}`);
  }
  const read = (key: string) => requireString(params, key, `auth.params.${key}`).trim();
  const catalog = optionalString(params, "catalog", "auth.params.catalog")?.trim();
  let domain: string;
  try {
    domain = normalizeWorkspaceUrl(read("domain"));
  } catch (error) {
    if (!(error instanceof WorkspaceUrlError)) throw error;
    throw Errors.paramValueInvalid(withoutUserInfo(String(params.domain)), "auth.params.domain", error.message);
  }
  return {
    domain,
    ...readCompute(params),
    credentials: kind.credentials(read, (key) => requireSecret(params, key, `auth.params.${key}`)),
    database: read("database"),
    ...(catalog ? { catalog } : {}),
  };
}

/** Exactly one of clusterId and warehouseId; a warehouse has no Spark config to push a SAS into. */
function readCompute(params: Json): { clusterId: string } | { warehouseId: string } {
  const clusterId = optionalString(params, "clusterId", "auth.params.clusterId")?.trim() || undefined;
  const warehouseId = optionalString(params, "warehouseId", "auth.params.warehouseId")?.trim() || undefined;
  if (clusterId && warehouseId) {
    throw Errors.paramValueInvalid(warehouseId, "auth.params.warehouseId", "A connection reads through either an all-purpose cluster (clusterId) or a SQL warehouse (warehouseId), not both: remove one of them");
  }
  // named as AEP names it (its clients know only the cluster); the connection spec's oneOf offers warehouseId too
  if (!clusterId && !warehouseId) throw Errors.mandatoryFieldMissing("auth.params.clusterId");
  if (warehouseId && params[PUSH_SAS_PARAM] !== undefined && params[PUSH_SAS_PARAM] !== false && params[PUSH_SAS_PARAM] !== "false") {
    throw Errors.paramValueInvalid(String(params[PUSH_SAS_PARAM]), `auth.params.${PUSH_SAS_PARAM}`, "A SQL warehouse has no Spark config to write a SAS into (and needs no landing zone): remove it");
  }
  return warehouseId ? { warehouseId } : { clusterId: clusterId! };
}

/**
 * A PATCH that points a connection at another workspace or cluster (or another service principal)
 * must carry the token or client secret for it: the stored secret was given for the old one, and
 * sending it to a host the PATCH names would hand it to whoever may PATCH the connection.
 */
function requireSecretToMove(params: DatabricksAuth, previous: Json, patch: PatchContext | undefined): void {
  const oauth = params.credentials.kind === "oauth";
  if (patch?.suppliedSecrets.has(oauth ? CLIENT_SECRET_POINTER : TOKEN_POINTER)) return;
  const before = ((previous.auth as Json | undefined)?.params ?? {}) as Json;
  const now: Json = { domain: params.domain, clusterId: params.clusterId, warehouseId: params.warehouseId, ...(oauth ? { clientId: (params.credentials as { clientId: string }).clientId } : {}) };
  const changed = Object.keys(now)
    .filter((key) => now[key] !== before[key])
    .map((key) => `auth.params.${key}`);
  if (changed.length === 0) return;
  throw oauth ? Errors.clientSecretRequiredToMove(changed) : Errors.tokenRequiredToMove(changed);
}

/** The workspace answers, the token is good, the cluster runs and the database exists. */
async function checkWorkspace(databricks: DatabricksAccess, auth: DatabricksAuth): Promise<void> {
  await listDatabaseTables(databricks, auth, CREATE_HINT);
}

/** The connection's database lists its tables (`hint`: what to do about a cluster that is not running); one in another catalog is refused saying which. */
async function listDatabaseTables(databricks: DatabricksAccess, auth: DatabricksAuth, hint: string): Promise<void> {
  await hintingDatabaseElsewhere(databricks, auth, () => databricks.withSql(auth, { hint }, (sql) => sql.run(showTables(auth))));
}

/** A stored connection's auth params with its token or client secret opened. */
export function connectionAuth(service: FlowResourceService, record: ResourceRecord): DatabricksAuth {
  if (isSharingRecord(record)) return storedSharingAuth(service, record);
  const auth = (record.document.auth ?? {}) as Json;
  const params = (auth.params ?? {}) as Json;
  const secrets = service.secretsOf(record);
  const credentials: WorkspaceCredentials =
    auth.specName === OAUTH_M2M_AUTH
      ? { kind: "oauth", clientId: String(params.clientId), clientSecret: secrets[CLIENT_SECRET_POINTER] ?? "" }
      : { kind: "token", accessToken: secrets[TOKEN_POINTER] ?? "" };
  return {
    domain: String(params.domain),
    ...(typeof params.warehouseId === "string" ? { warehouseId: params.warehouseId } : { clusterId: String(params.clusterId) }),
    database: String(params.database),
    ...(typeof params.catalog === "string" ? { catalog: params.catalog } : {}),
    credentials,
  };
}


/** The states in which creation, explore and preview accept a cluster (they never start one). */
const USABLE_STATES = new Set(["RUNNING", "RESIZING"]);

/**
 * GET /connections/{id}/test: `result` as AEP's OpenAPI TestConnectionResponse, plus each check
 * (beyond AEP) and the cluster's state. The test agrees with creation: a cluster that is not
 * running fails the cluster check (creating a connection or a flow would be refused), while its
 * state and its Spark config are still read and reported.
 */
export async function testConnection(databricks: DatabricksAccess, landingZone: LandingZoneService, scope: CallerSandbox, auth: DatabricksAuth): Promise<Json> {
  if (auth.warehouseId !== undefined) return testWarehouseConnection(databricks, auth, auth.warehouseId);
  const clusterId = auth.clusterId ?? "";
  const checks: ConnectionCheck[] = [];
  let clusterState: string | null = null;
  try {
    const info = await databricks.client(auth).getCluster(clusterId);
    clusterState = info.state;
    checks.push(
      { name: "workspace", passed: true, message: `the workspace at ${auth.domain} answers` },
      { name: "token", passed: true, message: `${credentialsName(auth.credentials)} is accepted` },
      clusterCheck(clusterId, info.state, info.state_message),
      await stagingSasCheck(landingZone, scope, info.spark_conf, clusterId),
    );
    // the database is read through the cluster, which the test never starts; a stopped one's is looked for in Unity Catalog's listing
    const database = USABLE_STATES.has(info.state) ? await databaseCheck(databricks, auth) : await listedDatabaseCheck(databricks, auth);
    if (database) checks.push(database);
  } catch (error) {
    if (error instanceof DatabricksUnreachableError || error instanceof DatabricksRedirectError || (error instanceof DatabricksApiError && error.status >= 500)) {
      checks.push({ name: "workspace", passed: false, message: quotedFrom(auth, error.message) });
    } else if (error instanceof DatabricksApiError && error.isAuthentication) {
      checks.push(
        { name: "workspace", passed: true, message: `the workspace at ${auth.domain} answers` },
        { name: "token", passed: false, message: `the workspace refused ${credentialsName(auth.credentials)} (HTTP ${error.status})` },
      );
    } else if (error instanceof DatabricksApiError) {
      checks.push(
        { name: "workspace", passed: true, message: `the workspace at ${auth.domain} answers` },
        { name: "token", passed: true, message: `${credentialsName(auth.credentials)} is accepted` },
        { name: "cluster", passed: false, message: (toApiError(error, auth) as Error).message },
      );
    } else throw toApiError(error, auth);
  }
  return { result: checks.some((c) => c.name === "database") && checks.every((c) => c.passed), checks, clusterId: auth.clusterId, clusterState };
}

/** The connection's database still lists its tables on the running cluster, as creating the connection checked. */
async function databaseCheck(databricks: DatabricksAccess, auth: DatabricksAuth): Promise<ConnectionCheck> {
  try {
    await listDatabaseTables(databricks, auth, "");
    return { name: "database", passed: true, message: `${databasePlace(auth)} lists its tables` };
  } catch (error) {
    return { name: "database", passed: false, message: (toApiError(error, auth) as Error).message };
  }
}

/** "the database demo", "of catalog main" after it when the connection names one. */
function databasePlace(auth: DatabricksAuth): string {
  return `the database ${auth.database}${auth.catalog ? ` of catalog ${auth.catalog}` : ""}`;
}

/**
 * The connection's database as Unity Catalog lists its catalog's schemas (hive_metastore's too), read without the
 * cluster: passed when the schema is listed, failed (saying where it is, if in another catalog) when it is not.
 * Undefined, and no database check, when the workspace lists no schemas (no Unity Catalog) or the listing fails.
 */
async function listedDatabaseCheck(databricks: DatabricksAccess, auth: DatabricksAuth): Promise<ConnectionCheck | undefined> {
  const catalog = homeCatalog(auth);
  return databricks
    .withClient(auth, async (client) => {
      const schemas = await listSchemas(client.http, catalog);
      if (schemaNamed(schemas, auth.database)) {
        return { name: "database", passed: true, message: `${databasePlace(auth)} is in Unity Catalog's listing (its tables are read once the cluster runs)` } as const;
      }
      const elsewhere = await schemaElsewhereHint(client.http, catalog, auth.database, (found) => `set auth.params.catalog to ${found.catalog}`, schemas);
      return { name: "database", passed: false, message: `${databasePlace(auth)} is not in Unity Catalog's listing of ${catalog}${elsewhere ? `; ${elsewhere}` : ""}` } as const;
    })
    .catch(() => undefined);
}

/**
 * The test of a warehouse's connection: the warehouse is started if it is stopped (as any statement
 * would start it) and lists the database's tables through the Statement Execution API. There is
 * no staging SAS to check: a warehouse's results come back through its own links.
 */
async function testWarehouseConnection(databricks: DatabricksAccess, auth: DatabricksAuth, warehouseId: string): Promise<Json> {
  const answers = { name: "workspace", passed: true, message: `the workspace at ${auth.domain} answers` } as const;
  const accepted = { name: "token", passed: true, message: `${credentialsName(auth.credentials)} is accepted` } as const;
  const checks: ConnectionCheck[] = [];
  try {
    await databricks.compute(auth).ensureRunning({ autoStart: true, timeoutMs: databricks.settings.autoStartTimeoutMs, hint: "", timeoutSetting: AUTOSTART_TIMEOUT_SETTING });
    checks.push(answers, accepted);
    await listDatabaseTables(databricks, auth, "");
    checks.push({ name: "warehouse", passed: true, message: `SQL warehouse ${warehouseId} is RUNNING and lists the tables of ${auth.database}` });
  } catch (error) {
    if (error instanceof DatabricksUnreachableError || error instanceof DatabricksRedirectError || (error instanceof DatabricksApiError && error.status >= 500)) {
      checks.push({ name: "workspace", passed: false, message: quotedFrom(auth, error.message) });
    } else if (error instanceof DatabricksApiError && error.isAuthentication) {
      checks.push(answers, { name: "token", passed: false, message: `the workspace refused ${credentialsName(auth.credentials)} (HTTP ${error.status})` });
    } else {
      if (checks.length === 0) checks.push(answers, accepted);
      checks.push({ name: "warehouse", passed: false, message: ((toApiError(error, auth) as Error).message ?? String(error)) });
    }
  }
  const warehouseState = await databricks.compute(auth).info().then((i) => i.state, () => null);
  return { result: checks.length === 3 && checks.every((c) => c.passed), checks, warehouseId, warehouseState };
}

function clusterCheck(clusterId: string, state: string, stateMessage: string | undefined): ConnectionCheck {
  if (USABLE_STATES.has(state)) return { name: "cluster", passed: true, message: `cluster ${clusterId} exists and is ${state}` };
  const fix = isStarting(state) ? `${STARTING_HINT}.` : "start it in Databricks. Scheduled runs start it themselves.";
  return {
    name: "cluster",
    passed: false,
    message:
      `cluster ${clusterId} exists but is ${state}${stateMessage ? ` (${stateMessage})` : ""}: creating a connection or a flow, explore and preview ` +
      `need it running and never start it, so they would refuse it; ${fix}`,
  };
}

/** `auth` holds specName and params: another member (a misspelt params, say) would be dropped unseen. */
function refuseUnknownAuthFields(auth: unknown): void {
  if (!isObject(auth)) return;
  const unknown = Object.keys(auth).find((key) => key !== "specName" && key !== "params");
  if (unknown !== undefined) throw Errors.paramValueInvalid(unknown, `auth.${unknown}`, "It is not a field of auth, which holds specName and params");
}

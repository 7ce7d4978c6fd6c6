/**
 * The catalogue: one named constructor per contract error, with its status, code and wording
 * (docs/api/conventions.md#error-codes; AEP's Flow Service and Sources error pages). Handlers
 * throw these; nothing else builds error bodies.
 */
import { ApiError } from "./api-error.js";
import { HIDDEN_VALUE, isSecretProperty } from "../secret-properties.js";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Resource not found",
  405: "Method not allowed",
  406: "Not Acceptable",
  408: "Request timeout",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  416: "Range not satisfiable",
  417: "Expectation failed",
  431: "Request header fields too large",
  504: "Gateway Timeout",
  500: "Internal server error",
  503: "Service Unavailable",
};

function flow(code: string, status: number, message: string, report?: Record<string, unknown>): ApiError {
  return new ApiError({ family: "FLOW", code, status, title: TITLES[status] ?? "Error", message, report });
}

/** Epoch seconds as ISO 8601 UTC, for a message beside the number. */
function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

function source(code: string, status: number, message: string, report?: Record<string, unknown>): ApiError {
  return new ApiError({ family: "SRC", code, status, title: TITLES[status] ?? "Error", message, report });
}

/** A URL's scheme and host: what an error may repeat of a URL that can carry a token in its path or query. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(not a URL)";
  }
}

/** The titles AEP's XDM troubleshooting guide gives these Schema Registry errors. */
const XDM_TITLES: Record<string, string> = {
  "1021": "Namespace validation error",
  "1413": "Merge Schema Error",
  "1521": "Title not unique",
  "1526": "Union descriptor validation error",
  "1528": "Union descriptor validation error",
};

function neighbour(family: "XDM" | "CAT" | "DATAPREP", code: string, status: number, message: string, report?: Record<string, unknown>): ApiError {
  const title = (family === "XDM" ? XDM_TITLES[code] : undefined) ?? TITLES[status] ?? "Error";
  return new ApiError({ family, code, status, title, message, report });
}

/** The Identity Service's own body keys beside the envelope: its title words (InvalidInput, NotFound) and `detail` */
function identity(code: string, status: number, title: string, message: string, report?: Record<string, unknown>): ApiError {
  return new ApiError({ family: "IDENTITY", code, status, title, message, report, extraBody: { title, detail: message } });
}

/** text ended as a sentence: a full stop added unless it ends with one, or with "?" or "!" */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The Schema Registry's "not found" codes, one per kind of resource (a schema's is 1010). */
const XDM_NOT_FOUND_CODES = { class: "1011", "field group": "1012", "data type": "1013", descriptor: "1014", union: "1015", behavior: "1016" } as const;
/** where the standard XDM resources live (their $id prefix); a tenant's are under its own name */
const STANDARD_XDM_NAMESPACE = "https://ns.adobe.com/xdm/";

function gateway(errorCode: string, status: number, message: string): ApiError {
  return new ApiError({
    family: "GATEWAY",
    code: errorCode,
    status,
    title: TITLES[status] ?? "Error",
    message,
    extraBody: { error_code: errorCode, message },
  });
}

function ims(status: number, error: string, description: string, headers?: Record<string, string>): ApiError {
  return new ApiError({
    family: "IMS",
    code: error,
    status,
    title: error,
    message: description,
    rawBody: { error, error_description: description },
    headers,
  });
}

export const Errors = {
  // Gateway (docs/api/conventions.md#gateway-checks). Statuses follow the error_code prefixes.
  tokenMissing: () => gateway("403010", 403, "Oauth token is missing."),
  /** `hint`: what is wrong with the header itself (no Bearer prefix), never the token */
  tokenInvalid: (hint?: string) => gateway("401013", 401, hint ? `Oauth token is not valid: ${hint}` : "Oauth token is not valid"),
  apiKeyMissing: () => gateway("403000", 403, "Api Key is required: send the client id in the x-api-key header"),
  /** never names the key sent nor the one expected: it says where the right one comes from */
  apiKeyInvalid: () =>
    gateway("403003", 403, "Api Key is invalid: send in the x-api-key header the client id the access token was issued to (the client_id its token request sent), not another client's"),
  orgHeaderMissing: () => gateway("400003", 400, "Missing header: x-gw-ims-org-id"),
  orgNotEntitled: () => gateway("403025", 403, "Profile is not valid: the x-gw-ims-org-id header names an org the token was not issued for"),
  /** `given`: the request's Content-Type, if any; the message says what to send instead */
  contentTypeInvalid: (given?: string) => {
    const sent = given === undefined || given.trim() === "" ? "this request had none" : `this request's was ${JSON.stringify(given.slice(0, 100))}`;
    const message = `A valid content-type must be specified: send the body as JSON with Content-Type: application/json (${sent})`;
    return new ApiError({
      family: "GATEWAY",
      code: "400",
      status: 400,
      title: "BadRequestError",
      message,
      extraBody: { type: "/placeholder/type/uri", detail: message },
    });
  },

  // Flow Service (AEP's Flow Service errors page)
  sandboxHeaderMissing: () =>
    flow("2105", 400, "The header x-sandbox-name is missing in the request. Provide a valid sandbox name and try again."),
  /** `known`: the sandboxes there are, named in the message (a caller that passed the gateway may list them anyway) */
  sandboxNotFound: (name: string, known?: readonly string[]) =>
    flow(
      "2100",
      404,
      `The sandbox ${name} is not found. Verify the sandbox name and try again.${known ? ` The sandboxes are ${known.join(", ")} (names are lower-case).` : ""}`,
      { sandboxName: name },
    ),
  /** `suggestion`: a sentence saying what the request likely meant (the methods the path takes, a route a letter apart), or "" */
  routeNotFound: (method: string, url: string, suggestion = "") =>
    flow("1100", 404, `No resource exists at ${method} ${url}. Verify the path and method and try again.${suggestion}`),
  malformedJson: (detail: string) =>
    flow("1101", 400, `The request body is not valid JSON: ${detail}`),
  payloadTooLarge: (limitBytes: number) =>
    flow("1102", 413, `The request body exceeds the limit of ${limitBytes} bytes.`),
  bodyTooDeep: (maxLevels: number) =>
    flow("1103", 400, `The request body nests objects and arrays deeper than ${maxLevels} levels. Flatten it and try again.`, { maxLevels }),
  invalidRequest: (detail: string) => flow("1104", 400, `The request is not valid: ${detail}`),
  bodyTooManyKeys: (maxKeys: number) =>
    flow("1105", 400, `The request body has more than ${maxKeys} keys. Send fewer and try again.`, { maxKeys }),
  requestTimeout: (headersTimeoutMs: number, requestTimeoutMs: number) =>
    flow(
      "1106",
      408,
      `The request did not arrive in time: its headers must arrive within ${headersTimeoutMs} ms and the whole request within ${requestTimeoutMs} ms. Send it without pausing and try again.`,
    ),
  headersTooLarge: (limitBytes: number) =>
    // Node counts the request line with the headers: a long query string meets the same limit
    flow("1107", 431, `The request's URL and headers together exceed the limit of ${limitBytes} bytes. Send a shorter URL (fewer or shorter query parameters) or fewer and shorter headers, and try again.`),
  expectationUnsupported: (given: string) =>
    flow("1108", 417, `The request's Expect header asks for '${given}', which the service does not meet: the only expectation it understands is 100-continue. Send the request without that Expect header and try again.`),
  /** the service's own storage account refuses its credentials or cannot be reached: the operator's to fix, no request can */
  storageUnavailable: (problem: string) =>
    flow("1001", 503, `The service cannot use its storage account, which is a fault of its configuration and not of the request: ${problem}. Try again once an operator has fixed it.`),
  /** our bug, never a client's: no internals in the body, the request id to report */
  internal: (requestId: string) =>
    new ApiError({
      family: "FLOW",
      code: "1000",
      status: 500,
      title: TITLES[500],
      message: "An internal error occurred.",
      extraBody: { errorDetails: `Quote request id ${requestId} when reporting this error.` },
    }),

  // Flow Service resources (its "Internal validation errors")
  limitWithCount: () =>
    flow("1401", 400, "The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again."),
  /** `anyVersion`: the resource also takes If-Match: * (connections, source and target connections; not a dataflow) */
  ifMatchMissing: (anyVersion = false) =>
    flow(
      "1403",
      400,
      `The header 'If-Match' is missing in the request. Please provide the header and try again: its value is the etag a GET of the resource answers (If-Match: "<etag>")${anyVersion ? ", or * to change whatever version is current" : ""}.`,
    ),
  versionMismatch: (given: string, current: string) =>
    flow(
      "1404",
      412,
      `The supplied version '${given}' does not match the current version on entity '${current}'. Please ensure that the supplied version matches the current version on entity and try again: ` +
        "the resource changed since it was read, so GET it again and make the change over what it is now.",
    ),
  /** If-Match * sent to a resource that takes none (a dataflow): the message says to send its etag */
  wildcardVersionRefused: (current: string) =>
    flow(
      "1404",
      412,
      `A dataflow's PATCH needs its exact etag in If-Match: * is not taken for a dataflow (connections take it). ` +
        `GET /data/foundation/flowservice/flows/{id} answers the etag; the current one is '${current}', sent as If-Match: ${current}.`,
      { current },
    ),
  bodyEmpty: () => flow("1405", 400, "The request body cannot be null or empty. Please provide a request body and try again."),
  /** `why`: what is wrong with it and which spec the request needs (the spec's id, or GET /connectionSpecs) */
  specInvalid: (id: string, why?: string) =>
    flow("1413", 400, `The spec ID provided is invalid.${why ? ` ${why}.` : ""} Please provide a valid spec ID and try again.`, { specId: id }),
  connectionSpecImmutable: () => flow("1414", 400, "The connection spec of a connection cannot be updated."),
  /** `names`: the auth specs the connection spec has, named in the message */
  authSpecNotFound: (name: string, specId: string, names: readonly string[]) =>
    flow("1415", 400, `The auth spec '${name}' could not be found for the connection spec ID ${specId}. Send auth.specName as one of its auth specs: ${names.map((n) => `'${n}'`).join(", ")}.`, {
      authSpecs: names,
    }),
  connectionInUse: (what: string, id: string, flows: readonly string[]) =>
    flow(
      "1418",
      400,
      `The ${what} with the ID ${id} cannot be deleted because the ${what} is being used in the flows ${flows.join(", ")}. Please ensure that corresponding flows are deleted (DELETE /data/foundation/flowservice/flows/{id}) before deleting a ${what}.`,
      { id, flows },
    ),
  connectionHasSourceConnections: (id: string, sourceConnections: readonly string[]) =>
    flow(
      "1418",
      400,
      `The base connection with the ID ${id} cannot be deleted because the source connections ${sourceConnections.join(", ")} are created on it. Please ensure that corresponding source connections are deleted (DELETE /data/foundation/flowservice/sourceConnections/{id}) before deleting a base connection.`,
      { id, sourceConnections },
    ),
  flowRunInProgress: (flowId: string, runId: string) =>
    flow(
      "1419",
      409,
      `The flow ${flowId} cannot be deleted while its run ${runId} is in progress. Wait for the run to finish, or disable the flow (POST /flows/${flowId}/action?op=disable) so that no new run starts and delete it once the run has finished.`,
      { id: flowId, runId },
    ),
  resyncWithoutWindow: (flowId: string, runId: string) =>
    flow(
      "1420",
      409,
      `The flow ${flowId} cannot be resynced: its run ${runId} reads the whole table, or only the rows that appeared since a run that did, so its next run reads the rows that appeared since the version that run read, and a resync would set that version aside. ` +
        "With no version to compare with and no window to fall back on (no window of the delta column can follow a read of every row), that run could only fail. " +
        `To read the table again, create a new flow into a new dataset. Flow ${flowId} is left as it was.`,
      { id: flowId, runId },
    ),
  orderSignInvalid: (given: string) =>
    flow("1432", 400, `Sort order specified is not correct, prepend + for ascending order and - for descending order in the fieldName (got '${given}').`),
  orderFieldInvalid: (field: string, orderable?: readonly string[]) =>
    orderable
      ? flow("1433", 400, `Incorrect field= ${field} passed in orderBy: this list orders by ${orderable.join(", ")} (- first for descending, as -${orderable[0]}).`, { field, orderable })
      : flow("1433", 400, `Incorrect field= ${field} passed in orderBy, example are +name, -name, name.`),
  /** a Catalog list's order: `name` the parameter as sent (orderBy or orderby), `expected` the forms it takes and the fields */
  catalogOrderFieldInvalid: (field: string, name: string, expected: string, orderable: readonly string[]) =>
    flow("1433", 400, `Incorrect field= ${field} passed in ${name}: ${expected}.`, { field, orderable }),
  patchOpUnsupported: (op: string) =>
    flow("1434", 400, `Unsupported operation '${op}' received. Please use one of the supported operation types (add, replace, remove) and try again.`),
  resourceNotFound: (type: string, id: string) =>
    flow("1439", 404, `The requested ${type} resource ${id} is not found. Verify the resource ID before trying again.`, { id, type }),
  filterOperatorNotImplemented: (op: string) =>
    flow(
      "1440",
      400,
      `Operator '${op}' not implemented: this list's filters take ==, !=, <, >, <=, >= (== and != also several values, as name==a,b).`,
    ),
  filterOperatorMultipleValues: (op: string) => flow("1443", 400, `Operator '${op}' is not allowed for multiple values.`),
  /** `fields`: the items' own top-level fields, when the path starts at none of them; without them, `field` is no path at all */
  filterFieldInvalid: (field: string, fields?: readonly string[]) =>
    fields
      ? flow("1449", 400, `Invalid field ${field} in filter params: the items of this list have the fields ${fields.join(", ")} (a path goes on with dots, as auth.params.clusterId).`, { field, fields })
      : flow(
          "1449",
          400,
          `Invalid field ${field} in filter params: a field is a path of names joined by dots, as auth.params.clusterId, each name of letters, digits and _ @ $ : - (name[] for each item of an array).`,
          { field },
        ),
  /** `accepted`: the parameters the endpoint takes, named in the message (none: it takes no parameter) */
  queryParamInvalid: (name: string, accepted?: readonly string[]) =>
    flow(
      "1451",
      400,
      `Invalid params ${name} provided in query params.${accepted === undefined ? "" : accepted.length === 0 ? " This endpoint takes no query parameters." : ` This endpoint takes ${accepted.join(", ")}.`}`,
      accepted === undefined ? { name } : { name, accepted },
    ),
  filterExpressionInvalid: (expression: string, why = "write property=<field><operator><value>, the operator one of ==, !=, <, >, <=, >=, as property=name==Customers") =>
    flow("1453", 400, `Invalid query value ${expression} provided in query param: ${why}.`),
  /** `expected`: what the parameter takes, said after the value ("a whole number from 1") */
  queryValueInvalid: (name: string, value: string, expected?: string) =>
    flow("1453", 400, `Invalid query value ${name}=${value} provided in query param${expected ? `: ${name} is ${expected}` : ""}.`),
  patchInvalid: (detail: string) => flow("1455", 400, `An error has occurred while validating patch instructions: ${detail}`),

  // Sources (AEP's Sources errors page, "REST API errors")
  requestNotProcessed: (detail: string) => source("1100", 400, `The request could not be processed. ${detail}`),
  mandatoryFieldMissing: (field: string) =>
    source("1304", 400, `The mandatory field ${field} is not provided. Please provide the ${field} and try again.`, { field }),
  tokenRequiredToMove: (changed: readonly string[]) =>
    source(
      "1304",
      400,
      `The mandatory field auth.params.accessToken is not provided. A change of ${changed.join(" and ")} must carry the access token for the new workspace or cluster in the same request: the stored token is never sent anywhere new. Please provide the auth.params.accessToken and try again.`,
      { field: "auth.params.accessToken" },
    ),
  clientSecretRequiredToMove: (changed: readonly string[]) =>
    source(
      "1304",
      400,
      `The mandatory field auth.params.clientSecret is not provided. A change of ${changed.join(" and ")} must carry the service principal's client secret in the same request: the stored secret is never sent anywhere new. Please provide the auth.params.clientSecret and try again.`,
      { field: "auth.params.clientSecret" },
    ),
  /** `property`: where the connection names the host, a workspace's `auth.params.domain` or a sharing server's `auth.params.endpoint` */
  /** `note`: how the value was read (https assumed for a domain without a scheme), said after it */
  workspaceHostNotAllowed: (domain: string, allowed: readonly string[], property = "auth.params.domain", note?: string) =>
    source(
      "1312",
      400,
      `The provided param value ${domain} is not a valid input for property=${property}.${note ? ` ${note}.` : ""} A connection reaches only these hosts (Databricks workspaces and Delta Sharing servers), over https unless an entry names http://: ${allowed.join(", ")}; an operator adds hosts with the setting DATABRICKS_ALLOWED_HOSTS. Please provide a valid param value and try again.`,
      { property },
    ),
  /** `reason`: why the service does not post there and which setting would allow it */
  webhookUrlNotAllowed: (index: number, url: string, reason: string) =>
    source(
      "1312",
      400,
      `The provided param value ${originOf(url)} is not a valid input for property=notifications.webhooks[${index}].url. ${reason}. Please provide a valid param value and try again.`,
      { property: `notifications.webhooks[${index}].url` },
    ),
  targetSpecInvalid: (id: string) =>
    source("1307", 400, `The target connection spec ID is not valid=${id}. The allowed value is: c604ff05-7f1a-43c0-8e18-33bf874cb11c.`),
  /** `report` carries what a client can act on without reading the words, as a cluster's state */
  databricksFailed: (message: string, report?: { clusterId: string; clusterState: string }) =>
    source("1308", 400, `The request could not be processed. Error message: ${message}`, report),
  databricksTimeout: (message: string) =>
    source("1012", 504, `A gateway timeout has occurred: the Databricks workspace did not answer in time. Please try again; if it persists, check that the workspace and the cluster are reachable from this service. ${message}`),
  paramValueInvalid: (value: string, property: string, reason?: string) =>
    source(
      "1312",
      400,
      `The provided param value ${isSecretProperty(property) ? HIDDEN_VALUE : value} is not a valid input for property=${property}.${reason ? ` ${sentence(reason)}` : ""} Please provide a valid param value and try again.`,
      { property },
    ),
  /** a top-level field of a create body that the resource does not have (`what`: "source connection") */
  fieldNotAccepted: (field: string, what: string, fields: readonly string[]) =>
    source(
      "1312",
      400,
      `The field ${field} is not a field of a ${what}: its create body takes ${fields.join(", ")}. Remove ${field} (or correct its name) and try again.`,
      { property: field },
    ),
  tableNameEmpty: (sourceConnection: string) =>
    source("1323", 400, `The tableName cannot be null or empty in the source connection: ${sourceConnection}. Please provide valid tableName and try again.`),
  dataSetIdEmpty: (targetConnection: string) =>
    source("1325", 400, `The dataSetId param cannot be null or empty in target connection: ${targetConnection}. Please provide valid dataSetId param and try again.`),
  sourceFormatUnsupported: (format: string) =>
    source("1327", 400, `The format of source data supplied=${format} in SourceConnection is not supported. The allowed values are: tabular. Please provide allowed values and try again.`),
  noColumns: (table: string) =>
    source("1330", 400, `No columns were found for table ${table}. Please provide a valid table name and try again.`),
  exploreParamEmpty: (param: string, objectType: string) =>
    source("1337", 400, `The ${param} cannot be empty for objectType=${objectType}. Please provide valid ${param} and try again.`),
  filterAtSourceUnsupported: (connector: string) =>
    source("1353", 400, `The filter at source is not supported for the ${connector} connector: this service reads whole tables or delta-column windows. Remove the filters parameter and try again.`),
  objectTypeInvalid: (given?: string) =>
    source(
      "1358",
      400,
      `The provided param 'objectType' is invalid${given === undefined ? " (it is missing)" : ` ('${given}')`}: it is one of root, folder or table. Please provide a valid objectType and try again.`,
      { objectType: given ?? null },
    ),
  /** `editable`: the top-level fields a PATCH of this resource may change, named in the message */
  patchPathInvalid: (path: string, editable?: readonly string[]) =>
    source(
      "1365",
      400,
      `The path ${path} provided in ops is invalid.${editable ? ` A PATCH may change ${editable.map((field) => `/${field}`).join(", ")} and what is inside them.` : ""} Please provide a valid path and try again.`,
      { path },
    ),

  // Schema Registry, Catalog, Data Prep (their codes are not public: ours, see docs/decisions.md)
  schemaNotFound: (id: string) => neighbour("XDM", "1010", 404, `The schema ${id} is not found in this sandbox.`, { id }),
  xdmResourceInvalid: (label: string, detail: string) => neighbour("XDM", "1000", 400, `The ${label} is not valid: ${detail}`),
  /** a PUT or PATCH that would change a member the registry sets (`why`: what it is, what to do instead) */
  xdmReadOnlyMember: (label: string, member: string, why: string) =>
    neighbour("XDM", "1000", 400, `The ${label} is not valid: ${member} cannot be changed: ${why}`, { property: member }),
  xdmReferenceNotFound: (id: string, referrer: string) =>
    neighbour(
      "XDM",
      "1001",
      400,
      id.startsWith(STANDARD_XDM_NAMESPACE)
        ? `${referrer} refers to ${id}, a standard XDM resource this service does not include. ` +
            "GET /data/foundation/schemaregistry/global/classes, /global/fieldgroups or /global/datatypes lists the ones it does: use one of those, or define the fields you need in a field group or data type of your own (POST /tenant/fieldgroups)."
        : `${referrer} refers to ${id}, which is neither a standard resource nor one of this sandbox. Create it first or correct the $ref.`,
      { id },
    ),
  xdmClassCount: (found: readonly string[]) =>
    neighbour(
      "XDM",
      "1002",
      400,
      found.length === 0
        ? "A schema built of field groups must extend exactly one class: add the class's $id to allOf."
        : `A schema extends exactly one class, and this one names ${found.length}: ${found.join(", ")}. Keep one of them in allOf.`,
      { classes: found },
    ),
  xdmNotIntendedFor: (fieldGroup: string, intendedFor: readonly string[], classId: string) =>
    neighbour(
      "XDM",
      "1003",
      400,
      `The field group ${fieldGroup} is meant for ${intendedFor.join(", ")} (its meta:intendedToExtend), not for the class ${classId}. Use a field group made for this class, or add the class to the field group's meta:intendedToExtend.`,
      { fieldGroup, classId },
    ),
  xdmFieldConflict: (path: string, first: string, second: string) =>
    neighbour("XDM", "1004", 400, `The field ${path} is defined twice with different types (${first} and ${second}). Rename one of them or give both the same type.`, { path }),
  xdmCircularReference: (trail: readonly string[]) =>
    neighbour("XDM", "1005", 400, `The resources refer to each other in a circle: ${trail.join(" → ")}. Remove one of the references.`),
  /** `cause`: what would make `resource` too large (a body sent, a change of a resource it is built on); without it, a stored `resource` is */
  xdmResolvedTooLarge: (resource: string, id: string, limit: number, cause?: string, measure: "fields" | "parts" = "fields") => {
    const most = limit.toLocaleString("en-US");
    const bound =
      measure === "fields"
        ? `more than ${most} fields once the data types its fields use are expanded (each counts again wherever a field uses it); the registry resolves at most ${most}`
        : `more than ${most} parts once the data types its fields use are expanded (a part is a resource, or an allOf entry of one, and counts again wherever a field uses its data type); the registry resolves at most ${most}`;
    const remedy =
      measure === "fields"
        ? "Flatten nested data types (data types whose fields are data types multiply their fields at every level) or reduce nesting, or split the fields into smaller resources."
        : "Move the fields of a data type's allOf entries into its own properties, and drop allOf entries that add no field, or flatten nested data types.";
    const message = cause
      ? `${capitalized(cause)} would make ${resource} resolve to ${bound}, so nothing is written. ${remedy}`
      : `${capitalized(resource)} resolves to ${bound}: it (or what it is made of) was stored before that bound, and its stored view (Accept application/vnd.adobe.xed+json) still answers. ${remedy}`;
    return neighbour("XDM", "1007", 400, message, { id, limit, measure });
  },
  xdmAcceptNotSupported: (accept: string, supported: string) =>
    neighbour("XDM", "1006", 406, `The Accept header ${JSON.stringify(accept)} is not supported here. Send ${supported}.`, { accept }),
  xdmNotFound: (label: keyof typeof XDM_NOT_FOUND_CODES, id: string) =>
    neighbour("XDM", XDM_NOT_FOUND_CODES[label], 404, `The ${label} ${id} is not found in this sandbox.`, { id }),
  xdmNamespaceViolation: (label: string, path: string, tenantNamespace: string) =>
    neighbour(
      "XDM",
      "1021",
      400,
      `Namespace validation error: all custom fields of a ${label} must be defined under a top-level field named ${tenantNamespace}, and ${path} is not. Move it under ${tenantNamespace}.`,
      { path, tenantNamespace },
    ),
  xdmBreakingChange: (label: string, id: string, path: string, change: string, schema: string, dataSets: ReadonlyArray<{ id: string; name: string }>) =>
    neighbour(
      "XDM",
      "1000",
      400,
      `Only additive changes are allowed once a schema is used by a dataset holding data: with this change of the ${label} ${id}, the field ${path} ${change} in the schema ${schema}, which the dataset${dataSets.length > 1 ? "s" : ""} ${dataSets.map((d) => `${d.id} (${JSON.stringify(d.name)})`).join(", ")} hold${dataSets.length > 1 ? "" : "s"} data of. Add a new field instead, or build a new schema (and dataset) for the new shape.`,
      { path, schema, dataSets: dataSets.map((d) => d.id) },
    ),
  xdmWriteConflict: (label: string, id: string) =>
    neighbour("XDM", "1042", 409, `The ${label} ${id} kept changing while this request was changing it. Read it again and send the request again.`, { id }),
  xdmResourceInUse: (label: string, id: string, usedBy: string) =>
    neighbour("XDM", "1040", 400, `The ${label} ${id} cannot be deleted because ${usedBy} uses it. Delete or change that first.`, { id }),
  identityInvalidInput: (detail: string) => identity("1000", 400, "InvalidInput", detail),
  identityNamespaceNotFound: (id: string) =>
    identity("1001", 404, "NotFound", `The identity namespace ${id} is not found in this sandbox. GET /data/core/idnamespace/identities lists its namespaces and their ids.`, { id }),
  identityCodeTaken: (code: string, holder: { id: number; code: string; custom: boolean }) =>
    identity(
      "1002",
      409,
      "Conflict",
      `The code ${code} is taken by the ${holder.custom ? "custom" : "standard"} identity namespace ${holder.code} (id ${holder.id}): codes are unique in a sandbox, whatever their case. Use that namespace, or give this one another code.`,
      { code, existing: holder.id },
    ),
  identityStandardReadOnly: (id: number, code: string) =>
    identity("1003", 400, "InvalidInput", `The identity namespace ${code} (id ${id}) is a standard one, which cannot be changed. Create a custom namespace (POST /data/core/idnamespace/identities) for names of your own.`, { id }),
  xdmDescriptorInvalid: (detail: string) => neighbour("XDM", "1060", 400, `The descriptor is not valid: ${detail}`),
  xdmDescriptorPropertyNotFound: (property: string, schema: string) =>
    neighbour("XDM", "1061", 400, `The xdm:sourceProperty ${property} is not a field of ${schema}. Give the path of one of its fields, as /person/name/firstName.`, { property, schema }),
  xdmSecondPrimaryIdentity: (schema: string, existing: string) =>
    neighbour("XDM", "1062", 400, `The schema ${schema} already has a primary identity (descriptor ${existing}); a schema has at most one. Set xdm:isPrimary to false, or change that descriptor first.`, { schema, existing }),
  xdmTitleNotUnique: (title: string, label: string, holder: string) =>
    neighbour("XDM", "1521", 400, `Title not unique: ${JSON.stringify(title)} is already the title of the ${label} ${holder} in this sandbox. A title is given to one ${label} of a sandbox; choose another.`, { title }),
  xdmUnionMergeConflict: (path: string, detail: string) =>
    neighbour("XDM", "1413", 400, `Merge Schema Error: the field ${path} has different types across the schemas of the union (${detail}).`, { path }),
  xdmUnionReferenceIdentityMissing: (schema: string, property: string) =>
    neighbour(
      "XDM",
      "1526",
      400,
      `If a schema contains properties that are associated with an xdm:descriptorOneToOne descriptor, those properties must also have a xdm:descriptorReferenceIdentity descriptor for that schema to participate in a union. ${schema} has none on ${property}: add one (with xdm:identityNamespace) first.`,
      { schema, property },
    ),
  xdmUnionIdentityMissing: (schema: string) =>
    neighbour("XDM", "1528", 400, `To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor. ${schema} has neither.`, { schema }),
  dataSetInvalid: (detail: string) => neighbour("CAT", "1000", 400, `The dataset is not valid: ${detail}`),
  validateOnlyUnsupported: () =>
    neighbour(
      "CAT",
      "1000",
      400,
      "The header Pragma: validate-only is not offered here: this service has no validation without saving, and a POST or PATCH saves. Nothing was saved; send the request without it to save.",
    ),
  dataSetNotFound: (id: string) => neighbour("CAT", "1010", 404, `The dataSet ${id} is not found in this sandbox.`, { id }),
  catalogQueryValueInvalid: (name: string, value: string, expected: string) =>
    neighbour("CAT", "1001", 400, `The query parameter ${name}=${value} is not valid: ${expected}. Please correct it and try again.`, { name, value }),
  dataSetSchemaNotProfileEnabled: (tag: string, schemaId: string) =>
    neighbour(
      "CAT",
      "1002",
      400,
      `The dataSet cannot be enabled for ${tag}: its schema ${schemaId} is not enabled for Profile (its meta:immutableTags has no "union"). Enable the schema for Profile first, with PATCH /data/foundation/schemaregistry/tenant/schemas/{schema $id, URL-encoded} and the body [{"op":"add","path":"/meta:immutableTags","value":["union"]}], then try again.`,
      { tag, schemaId },
    ),
  dataSetInUse: (id: string, users: { targetConnections: readonly string[]; flows: readonly string[] }) =>
    neighbour(
      "CAT",
      "1003",
      400,
      `The dataSet ${id} cannot be deleted because it is in use by ${[
        ...(users.flows.length > 0 ? [`the flows ${users.flows.join(", ")}`] : []),
        ...(users.targetConnections.length > 0 ? [`the target connections ${users.targetConnections.join(", ")}`] : []),
      ].join(" and ")}. Delete those flows (DELETE /data/foundation/flowservice/flows/{id}) and then those target connections (DELETE /data/foundation/flowservice/targetConnections/{id}) before deleting the dataSet.`,
      { id, flows: users.flows, targetConnections: users.targetConnections },
    ),
  mappingSetInvalid: (detail: string) => neighbour("DATAPREP", "1000", 400, `The mapping set is not valid: ${detail}`),
  mappingSetNotFound: (id: string) => neighbour("DATAPREP", "1010", 404, `The mapping set ${id} is not found in this sandbox.`, { id }),
  mappingNotFound: (mappingSetId: string, id: string) =>
    neighbour("DATAPREP", "1013", 404, `The mapping set ${mappingSetId} has no mapping ${id} in its latest version; GET /data/foundation/conversion/mappingSets/${mappingSetId}/mappings lists them.`, { mappingSetId, id }),
  mappingSetInUse: (id: string, flows: readonly string[]) =>
    neighbour(
      "DATAPREP",
      "1012",
      400,
      `The mapping set ${id} cannot be deleted because the flows ${flows.join(", ")} use it. Delete those flows (DELETE /data/foundation/flowservice/flows/{id}) or give them another mapping set first.`,
      { id, flows },
    ),
  expressionInvalid: (problem: string, where: { position?: number; expected?: string } = {}) =>
    neighbour("DATAPREP", "1020", 400, `The expression is not valid: ${problem}`, { ...(where.position !== undefined ? { position: where.position } : {}), ...(where.expected ? { expected: where.expected } : {}) }),
  expressionRequestInvalid: (problem: string) => neighbour("DATAPREP", "1021", 400, `The validation request is not valid: ${problem}`),
  mappingSetVersionNotFound: (id: string, version: string, latest: number) =>
    neighbour("DATAPREP", "1011", 404, `The mapping set ${id} has no version ${version}; its versions are 0 to ${latest}.`, { id, version }),

  // Data Landing Zone (the Sources errors page, "Data Landing Zone errors")
  /** `types`: the landing zone types there are, named in the message */
  landingZoneTypeNotSupported: (type: string, types: readonly string[]) =>
    source(
      "1710",
      400,
      `The provided landing zone of type: ${type === "" ? "(none: the type query parameter is missing)" : type} is not supported. Please provide a valid landing zone type and try again: type=${types.join(", type=")}.`,
      { type },
    ),
  /** `action` "(none)": a POST without one */
  landingZoneActionNotSupported: (action: string) =>
    source(
      "1705",
      400,
      `The provided data landing zone action${action === "(none)" ? " (none: the action query parameter is missing)" : ` : ${action}`} is unsupported. Please provide a valid action and try again: action=refresh (a POST refreshes the credentials with it; a GET without an action reads them).`,
      { action },
    ),
  landingZoneActionNotAllowed: (action: string) =>
    source(
      "1712",
      400,
      `The provided landing zone action : ${action} is not allowed. Please provide a valid data landing zone action and try again: this endpoint takes none; to refresh the credentials, POST /data/foundation/connectors/landingzone/credentials?type=<type>&action=refresh.`,
      { action },
    ),

  // Dataflows and runs (the Sources errors page, 1360–1404)
  stateNotAllowedOnCreate: () => flow("1410", 400, "The state field is not allowed in the create request. Remove it and try again."),
  /** `latest`: the mapping set's latest version; its versions are 0 to it */
  mappingVersionInvalid: (version: string, mappingSetId: string, latest: number) =>
    flow(
      "1412",
      400,
      `The mapping version ${version} is invalid: the mapping set ${mappingSetId} has ${latest === 0 ? "one version, 0" : `the versions 0 to ${latest}`}. Please provide a valid mapping version and try again.`,
      { mappingId: mappingSetId, latestVersion: latest },
    ),
  mappingSchemaMismatch: (mappingSchema: string, dataSetSchema: string) =>
    flow("1425", 400, `The schema ${mappingSchema} of the mapping set does not match the schema ${dataSetSchema} of the target dataset.`),
  mappingRequiredFieldsMissing: (paths: string[], reason: string) =>
    flow("1427", 400, `The mapping set maps no value to ${paths.join(", ")}: ${reason}. Add a mapping to each and try again.`, { paths }),
  /** `earliest`, `now`: epoch seconds; the message says how far back a start time may lie and what time it is */
  startTimeInPast: (earliest: number, now: number, toleranceSeconds: number) =>
    source(
      "1360",
      400,
      `The start time cannot be set in the past: it may lie at most ${toleranceSeconds} seconds before now, so from ${earliest} (${isoSeconds(earliest)}); the current time is ${now} (${isoSeconds(now)}), both in epoch seconds. Please provide a valid start time and try again.`,
      { earliest, now },
    ),
  intervalWithOnce: () =>
    source("1361", 400, "Interval is not allowed with one time ingestion. Please remove interval or change frequency and then try again."),
  intervalTooSmall: (min: number) =>
    source("1362", 400, `Interval cannot be less than ${min}. Please provide a valid interval value and try again.`, { minInterval: min }),
  /** `minimum`: the least interval the frequency takes */
  intervalNotAllowed: (interval: string, frequency: string, minimum: number) =>
    source(
      "1363",
      400,
      `Interval ${interval} is not allowed with frequency: ${frequency}: it is a whole number of ${frequency}s, at least ${minimum}, as a number or a string of digits. Please provide a valid interval value and try again.`,
    ),
  backfillWithOnce: () =>
    source("1364", 400, "The backfill flag is not allowed when frequency is set to once. Please remove the backfill flag when frequency is set to once and try again."),
  startTimePassedNoUpdate: () => source("1366", 400, "The start time has passed and the update operation is no longer allowed."),
  deltaColumnRequired: () =>
    source("1367", 400, "The delta column is required in copy transformation when creating a dataflow with a recurring schedule. Please provide delta column and try again."),
  deltaColumnWithOnce: () =>
    source("1369", 400, "The delta column in copy transform is not allowed when frequency is set to once. Please remove the delta column and try again."),
  /** Several problems of one request, answered at once: the first one's type, every message listed. */
  severalProblems: (problems: readonly ApiError[]) =>
    new ApiError({
      family: problems[0].family,
      code: problems[0].code,
      status: problems[0].status,
      title: problems[0].title,
      message: `The request has ${problems.length} problems: ${problems.map((p, i) => `(${i + 1}) ${p.message}`).join(" ")}`,
      report: { problems: problems.map((p) => ({ type: p.typeUri, message: p.message, ...p.report })) },
    }),
  mappingNeverConverts: (detail: string) =>
    flow("1428", 400, `The mapping set cannot map this source: ${detail}. Change the mapping or the schema and try again.`),
  changeKeyMissing: (detail: string) =>
    flow("1429", 400, `A change-data-capture flow needs a key to net its changes and to find deleted rows: ${detail}.`),
  mappingTransformationMissing: () =>
    source("1370", 400, "The source columns could not be fetched for ingestion because the mapping transformation is missing. Please add the mapping transformation and try again."),
  flowRunCreationFailed: (message: string) => source("1380", 400, `Failed to create flow run. Error message: ${message}`),
  windowEndBeforeStart: (end: string, start: string) =>
    source("1381", 400, `WindowEndTime=${end} cannot be before Window StartTime=${start}. Please provide a valid end time and try again.`),
  runDeltaColumnMismatch: (given: string, flowColumn: string) =>
    source(
      "1382",
      400,
      `The delta column ${given} should match the value present in the flow's Copy transformations, ${flowColumn}: once set (by the flow's creation or by the first run that named one) it stays the flow's. Please provide ${flowColumn}, or leave deltaColumn out, and try again.`,
      { deltaColumn: given, flowDeltaColumn: flowColumn },
    ),
  /** fullReload is offered only while the flow has put no row in its dataset: after that it is refused (SRC-1380) */
  runContinuationNeedsDeltaColumn: (flowId: string, lastRunId: string, canReload: boolean) =>
    source(
      "1383",
      400,
      `The flow=${flowId} has no delta column yet: a run without a window continues after its last run ${lastRunId}, and only a delta column tells which rows come after it. Please provide params.deltaColumn (a column whose values grow as rows are written; it then stays the flow's)${canReload ? ", or params.fullReload to read the whole table," : ""} and try again.`,
    ),
  runDeltaColumnMissing: () =>
    source("1383", 400, "The delta column is missing in the params received for creating a flow run. Please provide delta column in params and try again."),
  runParamsInvalid: (params: string, reason?: string) =>
    source("1384", 400, `The params=${params} provided for creating flow run are invalid or empty.${reason ? ` ${reason}.` : ""} Please provide valid params and try again.`),
  runFrequencyNotSupported: (flowId: string, frequency: string) =>
    source("1386", 400, `The flowId=${flowId} with scheduleParams frequency=${frequency} is not supported for creating flow runs. Please provide a valid frequency and try again.`),
  runStateNotRetriggerable: (runId: string, state: string, flowId: string, recurring: boolean) =>
    source(
      "1387",
      400,
      state === "success"
        ? `The flowRunId=${runId} cannot be re-triggered because it succeeded: its rows are in the dataset already. Only a failed run can be re-triggered; to read new rows, ${
            recurring
              ? `wait for the flow's next window, or run its current window now: POST /runs with {"flowId": "${flowId}", "params": {"runNow": true}}`
              : `create a run: POST /runs with {"flowId": "${flowId}"}`
          }.`
        : `The flowRunId=${runId} cannot be re-triggered because it is ${state === "inProgress" ? "running" : "waiting to run"} (state=${state}). Only a failed run can be re-triggered; this one needs nothing from you.`,
    ),
  flowNotEnabledForRun: (flowId: string, state: string) =>
    source("1388", 400, `The flow=${flowId} is in state=${state} and cannot run. Enable it (POST /flows/${flowId}/action?op=enable) and try again.`),
  flowNotEnabledForRetrigger: (flowId: string, state: string) =>
    source(
      "1388",
      400,
      `The flow=${flowId} is in state=${state} and cannot be re-triggered. The flow must be in enabled state for re-triggering${state === "deleted" ? "" : `: enable it (POST /flows/${flowId}/action?op=enable) and try again`}.`,
    ),
  frequencyInvalid: (frequency: string, frequencies: readonly string[]) =>
    source("1397", 400, `The provided frequency : ${frequency} is invalid. Please provide a valid frequency and try again: ${frequencies.join(", ")}.`, { frequencies }),
  flowOperationUnsupported: (action: string, operations: readonly string[]) =>
    source("1398", 400, `The provided operation : ${action} is unsupported. Please check the operation provided and try again: op=${operations.join(", op=")}.`, { operations }),
  runActionUnsupported: (action: string) =>
    source("1401", 400, `The provided flow run action=${action} is not supported. Please provide a valid flow run action and try again: op=re-trigger, for a failed run, or op=cancel, for one waiting or running.`),
  runNotCancellable: (runId: string, state: string, phase: string | undefined, promoted: boolean) =>
    source(
      "1402",
      409,
      state === "success" || state === "failed"
        ? `The flowRunId=${runId} cannot be cancelled because it has ended (state=${state}). Only a run waiting or running can be cancelled.`
        : promoted
          ? `The flowRunId=${runId} cannot be cancelled: an earlier attempt of it began writing its window to the dataset, and the run finishes from what it wrote (a window is written once). Wait for it to finish.`
          : `The flowRunId=${runId} cannot be cancelled: it is ${phase ? `in its ${phase} phase, ` : ""}writing its window to the dataset, which it ends in moments (a run is cancelled before that, while it waits for its compute, exports or downloads). Wait for it to finish.`,
    ),
  frequencyToOnceAfterStart: () => source("1403", 400, "The start time has passed and you can no longer change the frequency to once."),
  backfillAfterStart: () => source("1404", 400, "The start time has passed and you can no longer update backfill."),

  // Catalog batches and Data Access (the lake)
  batchNotFound: (id: string) => neighbour("CAT", "1011", 404, `The batch ${id} is not found in this sandbox.`, { id }),
  /** `listing`: the call that lists the files `path` may name */
  batchFileNotFound: (id: string, path: string, listing: string) =>
    neighbour("CAT", "1012", 404, `The file ${path} of ${id} is not found: GET ${listing} lists the names path takes.`, { id, path }),
  dataSetFileNotFound: (id: string) =>
    neighbour("CAT", "1012", 404, `The dataset file ${id} is not found: a dataSetFileId is <batchId>-1, as GET /data/foundation/export/batches/{batchId}/files lists it.`, { id }),
  metaPathInvalid: (path: string) =>
    neighbour(
      "CAT",
      "1013",
      400,
      path === ""
        ? "The meta call needs a path: path=row_errors lists the batch's row error files, path=row_errors/<name> gives one."
        : `The meta path ${path} is not supported; use path=row_errors.`,
      { path },
    ),
  byteRangeNotSatisfiable: (id: string, path: string, range: string, size: number) =>
    new ApiError({
      family: "CAT",
      code: "1014",
      status: 416,
      title: TITLES[416],
      message:
        size === 0
          ? `The range ${range} of the file ${path} of ${id} holds no byte: the file is empty. Download it without a range.`
          : `The range ${range} of the file ${path} of ${id} holds no byte: the file has ${size} bytes, so a range starts at most at byte ${size - 1} (bytes=0-${size - 1} is the whole file), and bytes=-n asks for n > 0 last bytes.`,
      report: { id, path, range, size },
      headers: { "content-range": `bytes */${size}` },
    }),

  // IMS (its own error shape)
  imsInvalidClient: () => ims(401, "invalid_client", "invalid client_id or client_secret parameter"),
  imsInvalidRequest: (detail: string) => ims(400, "invalid_request", detail),
  imsUnsupportedGrant: (grant: string) => ims(400, "unsupported_grant_type", `unsupported grant_type: ${grant}`),
  imsTooManyFailedAttempts: (retryAfterSeconds: number) =>
    ims(
      429,
      "too_many_requests",
      `too many failed attempts for this client_id or from this address; retry after ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`,
      { "retry-after": String(retryAfterSeconds) },
    ),
};

/** One entry of a run's `metrics.errors` / `errors` (docs/api/runs.md): what failed, and for how many rows. */
export interface RunError {
  code: string;
  message: string;
  recordCount?: number;
}

/**
 * A run's failure: the code GET /runs shows, and whether the worker tries the run again
 * (cluster, storage and network trouble may pass; a mapping or data problem will not).
 */
export class RunFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "RunFailure";
  }

  toRunError(): RunError {
    return { code: this.code, message: this.message };
  }
}

/** The failures of runs and the row errors of their batches. Codes follow AEP's run errors: FAMILY-number-status. */
export const RunErrors = {
  /** anything unexpected on the way: a network error, storage trouble */
  unexpected: (message: string) => new RunFailure("CONNECTOR-2000-500", message, true),
  /** the workspace or cluster refused or failed a step */
  workspaceFailed: (message: string) => new RunFailure("CONNECTOR-2001-500", message, true),
  changeFeedGap: (tableName: string, flowId: string, from: number, to: number, detail: string) =>
    new RunFailure(
      "CONNECTOR-2002-400",
      `The change data feed of ${tableName} no longer covers versions ${from} to ${to} (${detail}). ` +
        `If the feed is off now (SHOW TBLPROPERTIES ${tableName} has no delta.enableChangeDataFeed = true), turn it on first: ` +
        `ALTER TABLE ${tableName} SET TBLPROPERTIES (delta.enableChangeDataFeed = true); without it every later window fails the same way. ` +
        `Then resync the flow: POST /data/foundation/flowservice/flows/${flowId}/action?op=resync, and re-trigger this run; ` +
        "its window then reads the whole table once, as upserts.",
      false,
    ),
  /** the source table was dropped and created again (or replaced) since the flow last ingested it: its versions start over */
  tableReplaced: (message: string) => new RunFailure("CONNECTOR-2015-400", message, false),
  /** a column's type changed so that the values an earlier version holds cannot be compared with the rows now (replaced with another type, or restored to a narrower one) */
  columnTypeChanged: (message: string) => new RunFailure("CONNECTOR-2020-400", message, false),
  mappingFailed: (message: string) => new RunFailure("MAPPER-3701-400", message, false),
  /** the staged files hold dates or timestamps Spark's legacy calendar moved (src/lake/legacy-calendar.ts), or the cluster refused to write them: the same cluster settings give the same files */
  legacyCalendar: (message: string) => new RunFailure("CONNECTOR-2018-400", message, false),
  /** the connection names a workspace the allow-list no longer holds: its token is not sent there */
  workspaceNotAllowed: (message: string) => new RunFailure("CONNECTOR-2003-400", message, false),
  /** a Delta Sharing server refused the read (an expired profile, a refused token, a table it cannot share): a retry cannot help */
  sharingRefused: (message: string) => new RunFailure("CONNECTOR-2011-400", message, false),
  /** several rows of a change-data flow's table share a key in the window's versions: netting one change per key would lose changes */
  repeatedKey: (message: string) => new RunFailure("CONNECTOR-2014-400", message, false),
  /** a SQL warehouse named a result link at an address the service does not fetch from (the metadata service, an internal one): the same statement names the same link again */
  resultLinkRefused: (message: string) => new RunFailure("CONNECTOR-2017-400", message, false),
  /** the user cancelled the run (POST /runs/{id}/action?op=cancel): its window waits to be re-triggered */
  cancelled: (by: string, at: number, flowId: string, runId: string, recurring: boolean) =>
    new RunFailure(
      "CONNECTOR-2019-400",
      `Cancelled by ${by} at ${new Date(at).toISOString()}: nothing of this run's window was written to the dataset. Re-trigger it (POST /runs/${runId}/action?op=re-trigger) to read its window again${
        recurring ? `; the later windows of flow ${flowId} wait until it succeeds` : ""
      }.`,
      false,
    ),
  /** the cluster's Spark config holds no usable SAS for the staging container (missing, revoked, expired): a retry cannot help */
  clusterSasUnusable: (message: string) => new RunFailure("CONNECTOR-2010-400", message, false),
  /**
   * more rows failed than the flow accepts: nothing was written. The share that would have let this run commit is offered, as the
   * flow's own option (a PATCH of this flow, not another flow, which would ingest the rows a second time)
   */
  tooManyRowsFailed: (failed: number, input: number, partialIngestionPercent: number, flowId: string): RunError => {
    const accepting = Math.min(100, Math.ceil((failed / input) * 100));
    const patch = `PATCH /flows/${flowId} with [{"op":"add","path":"/options","value":{"partialIngestionPercent":${accepting}}}] (the flow's other options kept in that value)`;
    const why = partialIngestionPercent > 0 ? `more than the flow's partialIngestionPercent (${partialIngestionPercent}%)` : "and the flow accepts none (it has no partialIngestionPercent)";
    const accept = partialIngestionPercent > 0 ? "raise its threshold" : "let it ingest the valid rows and keep the failed ones";
    return {
      code: "INGEST-1212-400",
      message: `${failed} of ${input} rows failed validation, ${why}: nothing was written. Fix those rows (the run's failed records say why each failed) or the flow's mapping, or ${accept}: ${patch}; then re-trigger this run`,
    };
  },
  rowsFailed: (firstError: string | undefined, failed: number): RunError => ({
    code: "MAPPER-3700-400",
    message: firstError ?? "rows failed validation",
    recordCount: failed,
  }),
};

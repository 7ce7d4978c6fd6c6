/** What a connection reads and how it signs in, in words, whatever its connection spec. */
import { DELTA_SHARING_SPEC } from "../../api/client";
import type { Connection } from "../../api/flowservice";

export interface ConnectionSummary {
  kind: "All-purpose cluster" | "SQL warehouse" | "Delta Sharing";
  /** what it points at: the database and compute on a workspace, or the sharing server */
  readsFrom: string;
  signsInWith: string;
  /** a sharing profile past its expirationTime: every call is refused until it is renewed */
  expired: boolean;
  /** only a cluster stages through the landing zone (a warehouse and Delta Sharing need no SAS) */
  usesLandingZone: boolean;
  /** what the first part of a table's three-part name is */
  topLevel: "catalog" | "share";
  /** the Unity Catalog catalog the connection names, whose schemas are its top level when browsing */
  catalog?: string;
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

export function isSharing(connection: Connection): boolean {
  return connection.connectionSpec?.id === DELTA_SHARING_SPEC;
}

export function describeConnection(connection: Connection, now = Date.now()): ConnectionSummary {
  const params = connection.auth.params;
  if (isSharing(connection)) {
    const expiry = text(params.expirationTime);
    const expired = expiry !== undefined && Date.parse(expiry) <= now;
    return {
      kind: "Delta Sharing",
      readsFrom: `the shares of ${text(params.endpoint) ?? "(no endpoint)"}`,
      signsInWith: `a recipient's bearer token, ${expiry ? `${expired ? "expired" : "expires"} ${new Date(expiry).toISOString()}` : "no expiry"}`,
      expired,
      usesLandingZone: false,
      topLevel: "share",
    };
  }
  const database = [text(params.catalog), text(params.database)].filter(Boolean).join(".");
  const warehouse = text(params.warehouseId);
  const compute = warehouse ? `SQL warehouse ${warehouse}` : `cluster ${text(params.clusterId) ?? "(none)"}`;
  const clientId = text(params.clientId);
  return {
    kind: warehouse ? "SQL warehouse" : "All-purpose cluster",
    readsFrom: `${database} on ${compute} at ${text(params.domain) ?? "(no workspace)"}`,
    signsInWith: clientId ? `service principal ${clientId} (OAuth)` : "a personal access token",
    expired: false,
    usesLandingZone: !warehouse,
    topLevel: "catalog",
    catalog: text(params.catalog),
  };
}

/** One line for a list box: name, kind, what it reads. */
export function connectionLine(connection: Connection): string {
  const summary = describeConnection(connection);
  return `${connection.name} — ${summary.kind}: ${summary.readsFrom}`;
}

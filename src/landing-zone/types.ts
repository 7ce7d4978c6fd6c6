/** The landing-zone types (docs/api/landing-zone.md#types) and what each container looks like. */
export interface LandingZoneKind {
  /** the container name AEP's examples show for this type */
  containerBase: string;
  /** a folder created with the container (WASB-style zero-byte marker blob) */
  folder?: string;
}

export const LANDING_ZONE_KINDS: Readonly<Record<string, LandingZoneKind>> = {
  dlz_databricks_source: { containerBase: "dlz-databricks-container", folder: "adobe-managed-staging" },
  user_drop_zone: { containerBase: "dlz-user-container" },
  dlz_destination: { containerBase: "dlz-destination" },
};

export function landingZoneKind(type: string): LandingZoneKind | undefined {
  return Object.hasOwn(LANDING_ZONE_KINDS, type) ? LANDING_ZONE_KINDS[type] : undefined;
}

/** The staging container a Databricks cluster exports to. */
export const DATABRICKS_STAGING = "dlz_databricks_source";

/** Beyond AEP: what became of a new SAS on a cluster whose connection opted in to receive it. */
export interface ClusterUpdate {
  connectionId: string;
  clusterId: string;
  /** updated: the SAS is in the cluster's Spark config (a running cluster restarts); unchanged: it already was (no restart); failed: it is not */
  status: "updated" | "unchanged" | "failed";
  message: string;
}

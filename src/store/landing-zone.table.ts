/** One Azure Blob container per (org, sandbox, landing-zone type). */
export interface LandingZoneContainerTable {
  id: string;
  ims_org_id: string;
  sandbox_name: string;
  type: string;
  container_name: string;
  created_at: number;
}

/**
 * The stored access policies of a container. The SAS token itself is never stored: it is
 * re-derived from the policy id and the account key, so nothing secret sits in this table.
 */
export interface LandingZonePolicyTable {
  policy_id: string;
  container_id: string;
  created_at: number;
  /** the policy's Expiry as written to the container ACL (epoch ms) */
  expires_at: number;
  /** set when a refresh replaced this policy; its expires_at then holds the end of the grace window */
  superseded_at: number | null;
}

/**
 * Which stored access policies a container keeps after a refresh: pure, "now" passed in.
 *
 * AEP revokes the previous token at once. Beyond AEP, a grace window keeps exactly the previous
 * current policy alive until now + grace: its Expiry in the container ACL is moved to the end of
 * the window, so the storage service itself ends it, with no timer of ours. Older policies are
 * revoked, expired ones pruned, and the list never exceeds Azure's limit of 5.
 */
import type { PolicyRecord } from "../store/landing-zone.repository.js";

export interface RefreshPlan {
  current: PolicyRecord;
  /** every policy that stays in the ACL, the new current one first */
  keep: PolicyRecord[];
  /** policies to forget (revoked now) */
  drop: PolicyRecord[];
}

export const MAX_POLICIES_PER_CONTAINER = 5;

export function planRefresh(
  existing: readonly PolicyRecord[],
  options: { now: number; newPolicyId: string; ttlMs: number; graceMs: number },
): RefreshPlan {
  const { now, newPolicyId, ttlMs, graceMs } = options;
  const current: PolicyRecord = { policyId: newPolicyId, createdAt: now, expiresAt: now + ttlMs, supersededAt: null };
  const previous = currentPolicy(existing, now);
  const keep: PolicyRecord[] = [current];
  if (previous && graceMs > 0) {
    keep.push({ ...previous, supersededAt: now, expiresAt: Math.min(previous.expiresAt, now + graceMs) });
  }
  const kept = new Set(keep.slice(0, MAX_POLICIES_PER_CONTAINER).map((p) => p.policyId));
  return {
    current,
    keep: keep.filter((p) => kept.has(p.policyId)),
    drop: existing.filter((p) => !kept.has(p.policyId)),
  };
}

/** The policy whose token GET hands out: the newest not superseded and not expired. */
export function currentPolicy(policies: readonly PolicyRecord[], now: number): PolicyRecord | undefined {
  return policies
    .filter((p) => p.supersededAt === null && p.expiresAt > now)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

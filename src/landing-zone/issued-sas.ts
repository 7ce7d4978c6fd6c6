/**
 * The credentials last derived for each container, reused while the container's current stored
 * access policy is the same one. A SAS depends only on the container, the policy (its id; its
 * expiry is part of the answer) and the account key, none of which change while the policy is
 * current, so deriving it again (an HMAC and a URL) per GET is waste.
 *
 * The cache never decides which policy is current: the caller reads that from the store on every
 * call and asks for exactly that policy. A refresh made by any process writes a new policy id to
 * the store, so the next GET anywhere misses here and derives the new SAS: a stale answer cannot
 * outlive the store's version, whatever this process remembers.
 */
import type { PolicyRecord } from "../store/landing-zone.repository.js";

interface Entry<T> {
  policyId: string;
  expiresAt: number;
  value: Readonly<T>;
}

export class IssuedSasCache<T> {
  /** one entry per container: a new policy replaces the old one, so the size is bounded by the containers */
  private readonly byContainer = new Map<string, Entry<T>>();

  /** The value derived for exactly this policy of the container, or a new one from `derive`. */
  forPolicy(containerId: string, policy: PolicyRecord, derive: () => T): Readonly<T> {
    const entry = this.byContainer.get(containerId);
    if (entry && entry.policyId === policy.policyId && entry.expiresAt === policy.expiresAt) return entry.value;
    const value = Object.freeze(derive());
    this.byContainer.set(containerId, { policyId: policy.policyId, expiresAt: policy.expiresAt, value });
    return value;
  }
}

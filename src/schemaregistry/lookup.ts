/**
 * What a `$ref` may name, for one caller: a standard resource of the global container, or a class,
 * field group, data type or schema of the caller's tenant in its sandbox.
 */
import type { CallerSandbox } from "../aep-conventions/caller.js";
import type { Store } from "../store/database.js";
import { findResource } from "../store/resources.repository.js";
import { tenantOf, tenantResourceOf, XDM_KINDS } from "./ids.js";
import { type ResolveOptions, type ResourceLookup, SchemaResolver } from "./resolver.js";
import type { GlobalContainer } from "./standard/container.js";

export function registryLookup(store: Store, global: GlobalContainer, caller: CallerSandbox): ResourceLookup {
  const tenant = tenantOf(caller.imsOrgId);
  return async ($id) => {
    const standard = global.get($id);
    if (standard) return standard;
    const owned = tenantResourceOf($id);
    if (!owned || owned.tenant !== tenant) return undefined;
    return (await findResource(store.db, XDM_KINDS[owned.resourceType].storeKind, caller, owned.hex))?.document;
  };
}

/** A resolver for the caller's resources, its tenant namespace sorted first. */
export function registryResolver(store: Store, global: GlobalContainer, caller: CallerSandbox, options: ResolveOptions = {}): SchemaResolver {
  return new SchemaResolver(registryLookup(store, global, caller), { tenantNamespace: tenantNamespaceOf(caller), ...options });
}

export function tenantNamespaceOf(caller: CallerSandbox): string {
  return `_${tenantOf(caller.imsOrgId)}`;
}

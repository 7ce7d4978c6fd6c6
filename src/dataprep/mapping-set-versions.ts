/**
 * A mapping set's versions as stored: the document is the latest version, and the versions before
 * it ride along under `priorVersions` (never shown), so a flow naming an older `mappingVersion`
 * keeps mapping with it after a PUT.
 */
import { isObject, type Json } from "../aep-conventions/request-body.js";
import type { MappingRule } from "./mapping-types.js";

const PRIOR_VERSIONS = "priorVersions";

/** The latest version as the API shows it. */
export function latestVersion(stored: Json): Json {
  const { [PRIOR_VERSIONS]: _prior, ...latest } = stored;
  return latest;
}

/** One version as the API shows it (the latest when `version` is undefined), or undefined when there is no such version. */
export function mappingSetVersion(stored: Json, version?: number): Json | undefined {
  const latest = latestVersion(stored);
  if (version === undefined || Number(latest.version ?? 0) === version) return latest;
  const prior = Array.isArray(stored[PRIOR_VERSIONS]) ? stored[PRIOR_VERSIONS].filter(isObject) : [];
  return prior.find((p) => Number(p.version ?? 0) === version);
}

/** The stored document once `next` replaces the latest version, which joins the prior ones. */
export function withNewVersion(stored: Json, next: Json): Json {
  const prior = Array.isArray(stored[PRIOR_VERSIONS]) ? stored[PRIOR_VERSIONS] : [];
  return { ...next, [PRIOR_VERSIONS]: [...prior, latestVersion(stored)] };
}

/** The mappings of one version of a mapping set, as stored. */
export function mappingsOf(version: Json | undefined): Json[] {
  return version && Array.isArray(version.mappings) ? version.mappings.filter(isObject) : [];
}

/** The rules of one version of a mapping set, as the mapping plan takes them. */
export function mappingRulesOf(version: Json | undefined): MappingRule[] {
  return mappingsOf(version).map((m) => ({
    sourceAttribute: String(m.sourceAttribute ?? m.source),
    destinationXdmPath: String(m.destinationXdmPath ?? m.destination),
    sourceType: m.sourceType === "STATIC" || m.sourceType === "EXPRESSION" ? m.sourceType : "ATTRIBUTE",
  }));
}

/**
 * Profile and Identity enablement of a dataset: the tags `unifiedProfile` and `unifiedIdentity`
 * holding "enabled:true" (AEP writes it with or without a space). A dataset may carry them only when
 * its schema is enabled for Profile, i.e. the schema's `meta:immutableTags` holds "union".
 */
import type { Caller } from "../aep-conventions/caller.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { Json } from "../aep-conventions/request-body.js";
import type { Schemas } from "../schemaregistry/schemas.js";

const PROFILE_TAGS = ["unifiedProfile", "unifiedIdentity"] as const;
const ENABLED = /^enabled\s*:\s*true$/i;

function enabledProfileTags(tags: unknown): string[] {
  const byName = (tags ?? {}) as Record<string, unknown>;
  return PROFILE_TAGS.filter((name) => Array.isArray(byName[name]) && (byName[name] as unknown[]).some((v) => typeof v === "string" && ENABLED.test(v.trim())));
}

/** Whether a dataset's tags enable it for Profile (`unifiedProfile` holds "enabled:true"). */
export function isProfileEnabled(tags: unknown): boolean {
  return enabledProfileTags(tags).includes("unifiedProfile");
}

/** Refuses tags that newly enable Profile or Identity when the dataset's schema is not enabled for Profile. */
export async function requireProfileSchemaFor(schemas: Schemas, caller: Caller, schemaId: string, tags: unknown, previousTags?: unknown): Promise<void> {
  const before = new Set(enabledProfileTags(previousTags));
  const newlyEnabled = enabledProfileTags(tags).filter((name) => !before.has(name));
  if (newlyEnabled.length === 0) return;
  const schema = await schemas.find(caller, schemaId);
  const immutableTags = (schema?.document as Json | undefined)?.["meta:immutableTags"];
  if (!Array.isArray(immutableTags) || !immutableTags.includes("union")) throw Errors.dataSetSchemaNotProfileEnabled(newlyEnabled[0], schemaId);
}

/** What the account forms read from an authSpec's JSON schema beyond its plain fields. */
import type { JsonSchema } from "../../api/flowservice";

/** fields that mean something with one alternative only: a warehouse has no Spark config to push a SAS into */
const ONLY_WITH: Record<string, string> = { pushSasToCluster: "clusterId" };

/** The alternatives of `oneOf: [{required: [a]}, {required: [b]}]` (clusterId or warehouseId): [a, b]. */
export function computeChoices(schema: JsonSchema): string[] {
  return (schema.oneOf ?? []).flatMap((alternative) => (alternative.required?.length === 1 ? alternative.required : []));
}

/**
 * A field's description as the form's hint: a sentence naming every alternative by its API name
 * ("Give either clusterId or warehouseId.") tells an API caller what the form's Compute choice does already.
 */
export function formHint(schema: JsonSchema, description: string | undefined): string | undefined {
  const choices = computeChoices(schema);
  if (!description || choices.length < 2) return description;
  return description
    .split(/(?<=\.)\s+/)
    .filter((sentence) => !choices.every((key) => sentence.includes(key)))
    .join(" ");
}

/** The fields to leave out of the form and the request when `chosen` is the alternative picked. */
export function hiddenFields(schema: JsonSchema, chosen: string | undefined): Set<string> {
  const notChosen = computeChoices(schema).filter((key) => key !== chosen);
  const tied = Object.entries(ONLY_WITH).filter(([, needs]) => notChosen.includes(needs));
  return new Set([...notChosen, ...tied.map(([key]) => key)]);
}

/** The params a Delta Sharing profile file (config.share, JSON) gives: its fields the schema has. */
export function profileParams(schema: JsonSchema, fileText: string): Record<string, unknown> {
  let profile: unknown;
  try {
    profile = JSON.parse(fileText);
  } catch {
    throw new Error("The profile file is not JSON: choose the config.share file the data provider sent.");
  }
  if (!profile || typeof profile !== "object" || Array.isArray(profile)) throw new Error("The profile file is not a JSON object with endpoint and bearerToken.");
  const known = new Set(Object.keys(schema.properties ?? {}));
  return Object.fromEntries(Object.entries(profile).filter(([key, value]) => known.has(key) && typeof value === "string"));
}

/** The fields a renewal replaces: the secrets (format password) and when they expire (format date-time). */
export function renewableFields(schema: JsonSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, field]) => field.format === "password" || field.format === "date-time")
    .map(([key]) => key);
}

/**
 * The settings a renewal may change beside the credentials, as the create form offers them: the
 * yes-or-no fields of the alternative the connection uses (pushSasToCluster for a cluster, none
 * for a warehouse), each as the connection has it (the service keeps `true` or "true").
 */
export function renewableSettings(schema: JsonSchema, params: Record<string, unknown>): Record<string, boolean> {
  const chosen = computeChoices(schema).find((key) => typeof params[key] === "string" && params[key] !== "");
  const hidden = hiddenFields(schema, chosen);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([key, field]) => field.type === "boolean" && !hidden.has(key))
      .map(([key]) => [key, params[key] === true || params[key] === "true"]),
  );
}

/**
 * The `delta-sharing-capabilities` request header (PROTOCOL.md, "Delta Sharing Capabilities
 * Header"): `responseformat=delta,parquet;readerfeatures=deletionvectors`, keys and values
 * case-insensitive. No header means the parquet format only.
 */
export const CAPABILITIES_HEADER = "delta-sharing-capabilities";

export interface Capabilities {
  /** the response formats the client reads, lower-cased */
  formats: ReadonlySet<string>;
  /** the Delta reader features it applies in the delta format, lower-cased */
  readerFeatures: ReadonlySet<string>;
}

export function parseCapabilities(header: string | string[] | undefined): Capabilities {
  const values = new Map<string, Set<string>>();
  for (const part of (Array.isArray(header) ? header.join(";") : (header ?? "")).split(";")) {
    const [key, list = ""] = part.split("=", 2);
    if (key.trim() === "") continue;
    values.set(key.trim().toLowerCase(), new Set(list.split(",").map((v) => v.trim().toLowerCase()).filter((v) => v !== "")));
  }
  return { formats: values.get("responseformat") ?? new Set(["parquet"]), readerFeatures: values.get("readerfeatures") ?? new Set() };
}

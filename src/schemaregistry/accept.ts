/**
 * The Accept header of Schema Registry reads (docs/api/schemaregistry.md#accept-headers):
 * `application/vnd.adobe.{xed|xdm}[-<modifier>…]+json[; version=1]`. Modifiers: `id` (list
 * summaries), `full` (resolved fields), `notext` (no titles or descriptions), `desc` (with the
 * descriptors), `flat` (resolved leaves keyed by their path), `deprecatedfield` (also spelled
 * `deprecatefield` and `deprecated`: keep deprecated fields), and for descriptors `link` and `v2`.
 * Both notations answer compatibility-mode bodies. No Accept, `*\/*`, `application/json` and
 * `application/*` read as `application/vnd.adobe.xed+json`. Anything else is 406 (XDM-1006).
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";

export type AcceptModifier = "id" | "full" | "notext" | "desc" | "flat" | "deprecated" | "link" | "v2";

export interface AcceptFormat {
  notation: "xed" | "xdm";
  modifiers: ReadonlySet<AcceptModifier>;
}

const MEDIA = /^application\/vnd\.adobe\.(xed|xdm)((?:-[a-z0-9]+)*)\+json$/;
const LENIENT = new Set(["", "*/*", "application/json", "application/*"]);
const SPELLINGS: Record<string, AcceptModifier> = {
  id: "id",
  full: "full",
  notext: "notext",
  desc: "desc",
  flat: "flat",
  deprecated: "deprecated",
  deprecatefield: "deprecated",
  deprecatedfield: "deprecated",
  link: "link",
  v2: "v2",
};

/** What lists and lookups of classes, field groups, data types, schemas and unions take. */
export const RESOURCE_LOOKUP: ReadonlySet<AcceptModifier> = new Set(["full", "notext", "desc", "flat", "deprecated"]);
export const RESOURCE_LIST: ReadonlySet<AcceptModifier> = new Set(["id", "full", "notext", "deprecated"]);
export const DESCRIPTOR_LIST: ReadonlySet<AcceptModifier> = new Set(["id", "link", "v2"]);
export const DESCRIPTOR_LOOKUP: ReadonlySet<AcceptModifier> = new Set();

/** The first of the header's media types that is allowed here; 406 when none is. */
export function parseAccept(header: string | undefined, allowed: ReadonlySet<AcceptModifier>): AcceptFormat {
  const candidates = (header ?? "").split(",").map((part) => part.trim());
  for (const candidate of candidates) {
    const format = readMediaType(candidate, allowed);
    if (format) return format;
  }
  const modifiers = [...allowed].map((m) => `-${m === "deprecated" ? "deprecatedfield" : m}`).join(", ");
  throw Errors.xdmAcceptNotSupported(header ?? "", `application/vnd.adobe.xed+json or application/vnd.adobe.xdm+json${modifiers ? `, with ${modifiers} before +json` : ""}, and optionally ; version=1`);
}

function readMediaType(text: string, allowed: ReadonlySet<AcceptModifier>): AcceptFormat | undefined {
  const [type, ...parameters] = text.split(";").map((part) => part.trim());
  if (LENIENT.has(type.toLowerCase())) return { notation: "xed", modifiers: new Set() };
  const m = MEDIA.exec(type.toLowerCase());
  if (!m) return undefined;
  for (const parameter of parameters) {
    const [name, value] = parameter.split("=").map((part) => part.trim());
    if (name.toLowerCase() === "version" && !/^1(\.\d+)?$/.test(value ?? "")) return undefined;
  }
  const modifiers = new Set<AcceptModifier>();
  for (const token of m[2].split("-").filter(Boolean)) {
    const modifier = SPELLINGS[token];
    if (!modifier || !allowed.has(modifier) || modifiers.has(modifier)) return undefined;
    modifiers.add(modifier);
  }
  return { notation: m[1] as "xed" | "xdm", modifiers };
}

/**
 * A resource as one Accept variant shows it (docs/api/schemaregistry.md#accept-headers): as stored
 * (`allOf`, `$ref`s, titles), resolved (`-full`, and `-deprecatefield` alone as AEP documents it:
 * one `properties` tree, no `allOf` or `definitions`), flat (`-flat`: the resolved leaves keyed by their slash path), with its
 * descriptors (`-desc`: `meta:descriptors`), without titles and descriptions (`-notext`), or as a
 * list summary (`-id`).
 */
import type { AcceptFormat } from "./accept.js";
import type { ResolvedFields } from "./resolver.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

export interface RenderSources {
  /** the resource's resolved fields, deprecated ones kept or not */
  resolve(deprecated: boolean): Promise<ResolvedFields>;
  /** the descriptors whose source is the resource */
  descriptors(): Promise<Json[]>;
}

const SOURCE_MEMBERS = ["allOf", "definitions", "properties", "required"];

export async function render(document: Json, format: AcceptFormat, sources: RenderSources): Promise<Json> {
  const { modifiers } = format;
  let body: Json = document;
  if (modifiers.has("full") || modifiers.has("flat") || modifiers.has("deprecated")) {
    const resolved = await sources.resolve(modifiers.has("deprecated"));
    const kept = Object.fromEntries(Object.entries(document).filter(([key]) => !SOURCE_MEMBERS.includes(key)));
    body = {
      ...kept,
      properties: modifiers.has("flat") ? flatLeaves(resolved.properties) : resolved.properties,
      ...(resolved.required.length > 0 && !modifiers.has("flat") ? { required: resolved.required } : {}),
    };
  }
  if (modifiers.has("desc")) body = { ...body, "meta:descriptors": await sources.descriptors() };
  if (modifiers.has("notext")) body = withoutText(body);
  return body;
}

/** What an `-id` list shows of each resource. */
export function summary(document: Json): Json {
  return { $id: document.$id, "meta:altId": document["meta:altId"], version: document.version, title: document.title };
}

/** `{person: {properties: {name: {properties: {firstName}}}}}` → `{"person/name/firstName": {…}}` */
function flatLeaves(properties: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(properties)) {
    if (!isObject(field)) continue;
    const path = prefix ? `${prefix}/${name}` : name;
    if (isObject(field.properties) && field["meta:xdmType"] !== "map") Object.assign(out, flatLeaves(field.properties, path));
    else out[path] = field;
  }
  return out;
}

/** Every schema node without `title` and `description`; a field that happens to be named so stays. */
function withoutText(node: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "title" || key === "description") continue;
    if ((key === "properties" || key === "definitions") && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isObject(child) ? withoutText(child) : child]));
    } else if ((key === "items" || key === "additionalProperties") && isObject(value)) out[key] = withoutText(value);
    else if (key === "allOf" && Array.isArray(value)) out[key] = value.map((entry) => (isObject(entry) ? withoutText(entry) : entry));
    else out[key] = value;
  }
  return out;
}

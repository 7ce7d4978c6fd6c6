/**
 * Shorthands the standard definitions are written with: each builds one JSON-schema field in
 * AEP's compatibility-mode names (`firstName`, `_id`, `_repo.createDate`). `meta:xdmField` and
 * `meta:xdmType` are added when the global container is built (container.ts), not written here.
 */
export type Field = Record<string, unknown>;
export type Fields = Record<string, Field>;

export const text = (title: string, more: Field = {}): Field => ({ title, type: "string", ...more });
export const dateTime = (title: string, more: Field = {}): Field => text(title, { format: "date-time", ...more });
export const date = (title: string, more: Field = {}): Field => text(title, { format: "date", ...more });
export const uri = (title: string, more: Field = {}): Field => text(title, { format: "uri-reference", ...more });
export const number = (title: string, more: Field = {}): Field => ({ title, type: "number", ...more });
export const integer = (title: string, more: Field = {}): Field => ({ title, type: "integer", ...more });
export const boolean = (title: string, more: Field = {}): Field => ({ title, type: "boolean", ...more });
export const object = (title: string, properties: Fields, more: Field = {}): Field => ({ title, type: "object", properties, ...more });
export const array = (title: string, items: Field, more: Field = {}): Field => ({ title, type: "array", items, ...more });
/** the object AEP makes of a namespace prefix (`repo:createDate` → `_repo.createDate`): no title of its own */
export const wrapper = (properties: Fields): Field => ({ type: "object", properties });
/** an object keyed by free names (`identityMap.<namespace>`) */
export const map = (title: string, values: Field, more: Field = {}): Field => ({ title, type: "object", additionalProperties: values, ...more });
/** a field whose value is a data type, by its `$id` */
export const dataType = (title: string, $ref: string, more: Field = {}): Field => ({ title, $ref, ...more });

/** a string restricted to these values (`enum`), with their display names (`meta:enum`) */
export const oneOf = (title: string, values: Record<string, string>, more: Field = {}): Field =>
  text(title, { enum: Object.keys(values), "meta:enum": values, ...more });
/** a string with suggested values (`meta:enum` only: others are allowed) */
export const suggested = (title: string, values: Record<string, string>, more: Field = {}): Field => text(title, { "meta:enum": values, ...more });

/** An AEP "measure": how many times something happened. */
export const measure = (title: string): Field =>
  object(title, { id: text("Unique identifier"), value: number("Value") }, { required: ["value"] });

/**
 * The fields `meta:auditable` resources carry (the Profile class, the person and postal address
 * data types): when and by which batch a record was created and last changed.
 */
export const AUDITABLE_FIELDS: Fields = {
  _repo: wrapper({
    createDate: dateTime("Create date", { "meta:immutable": true, "meta:usereditable": false }),
    modifyDate: dateTime("Modify date", { "meta:usereditable": false }),
  }),
  createdByBatchID: uri("Created by batch identifier"),
  modifiedByBatchID: uri("Modified by batch identifier"),
  repositoryCreatedBy: text("Created by user identifier"),
  repositoryLastModifiedBy: text("Modified by user identifier"),
};

/**
 * What a list's number, time and true/false fields take in a `property` filter
 * (docs/api/conventions.md#property-filters). Such a field compared with text that is none of its
 * values (`createdAt>yesterday`, `created==2024-01-01`, `isValid==yes`) would match no item and
 * answer an empty list, as if nothing matched; the list refuses it instead, naming the field, the
 * value and the form the field takes. The forms are read from the item's JSON schema, so each list
 * that declares its item gets the check.
 */
import type { JsonSchema } from "../openapi-schemas.js";
import { Errors } from "../errors/catalogue.js";
import type { PropertyFilter } from "./property-filter.js";

export type FieldForm = "time" | "number" | "boolean";

export interface TypedField {
  form: FieldForm;
  /** the field may be null: `==null` and `!=null` are comparisons it takes */
  nullable: boolean;
}

/** Each typed field by its path, the names joined with dots (`[]` left out: `errors.recordCount`). */
export type FieldForms = ReadonlyMap<string, TypedField>;

/** A field name that holds a time in AEP's items: createdAt, updated, startedAtUTC, lastModifiedDate… */
const TIME_NAME = /^(?:.*:)?(?:created|updated|started|completed|lastModified)(?:At|AtUTC|Date)?$/;

/** The number, time and true/false fields of an item, as its JSON schema declares them (objects and array items visited). */
export function fieldFormsOf(item: JsonSchema): FieldForms {
  const forms = new Map<string, TypedField>();
  const visit = (schema: JsonSchema | undefined, prefix: string) => {
    if (!schema || typeof schema !== "object") return;
    const items = schema.items as JsonSchema | undefined;
    if (items) visit(items, prefix);
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    for (const [name, field] of Object.entries(properties ?? {})) {
      const path = prefix === "" ? name : `${prefix}.${name}`;
      const form = formOf(name, field);
      if (form) forms.set(path, form);
      visit(field, path);
    }
  };
  visit(item, "");
  return forms;
}

/** Typed fields named outright (items no schema describes: the Schema Registry's documents). */
export function fieldForms(entries: Record<string, FieldForm>, nullable = false): FieldForms {
  return new Map(Object.entries(entries).map(([path, form]) => [path, { form, nullable }]));
}

function formOf(name: string, field: JsonSchema): TypedField | undefined {
  const types = [field.type].flat().filter((t) => t !== undefined) as string[];
  const nullable = types.includes("null");
  const rest = types.filter((t) => t !== "null");
  if (rest.length === 0) return undefined;
  if (rest.every((t) => t === "integer" || t === "number")) {
    const time = TIME_NAME.test(name) || (typeof field.description === "string" && field.description.includes("epoch milliseconds"));
    return { form: time ? "time" : "number", nullable };
  }
  if (rest.every((t) => t === "boolean")) return { form: "boolean", nullable };
  return undefined;
}

/**
 * What is wrong with a filter on a typed field, said plainly ("created is a time in epoch
 * milliseconds, and x is not one: …"), or undefined. `simple`: the filter is Catalog's
 * `<field>=<value>` parameter, which the example is written as.
 */
export function filterValueProblem(filter: PropertyFilter, forms: FieldForms, written: "property" | "simple" = "property"): string | undefined {
  const field = forms.get(filter.path.map((step) => step.name).join("."));
  // said as the client wrote it: `activities[].updatedAtUTC`
  const path = filter.path.map((step) => `${step.name}${step.each ? "[]" : ""}`).join(".");
  if (!field || filter.op === "exists" || filter.op === "!exists") return undefined;
  const what = formText(path, field);
  const example = (path: string, form: FieldForm) => (written === "simple" ? `${path}=${SIMPLE_EXAMPLE[form]}` : propertyExample(path, form));
  if (filter.op === "~") return `${what}, which a regular expression (~, over text) never matches: compare it with ==, !=, <, >, <= or >=, as ${example(path, field.form)}`;
  const equality = filter.op === "==" || filter.op === "!=";
  const wrong = filter.values.find((value) => !(field.nullable && equality && value.trim() === "null") && !fits(value, field.form));
  if (wrong === undefined) return undefined;
  return `${what}, and ${wrong} is ${field.form === "boolean" ? "neither" : "not one"}: send it as ${example(path, field.form)}`;
}

/** Refuses (FLOW-1453-400) a filter that compares a number, time or true/false field with text that is none of its values. */
export function checkFilterValues(filters: readonly PropertyFilter[], forms: FieldForms | undefined): void {
  if (!forms) return;
  for (const filter of filters) {
    const problem = filterValueProblem(filter, forms);
    if (problem) throw Errors.filterExpressionInvalid(filter.source, problem);
  }
}

function fits(value: string, form: FieldForm): boolean {
  if (form === "boolean") return ["true", "false"].includes(value.trim().toLowerCase());
  return value.trim() !== "" && Number.isFinite(Number(value));
}

function formText(path: string, field: TypedField): string {
  const form = field.form === "time" ? "a time in epoch milliseconds" : field.form === "number" ? "a number" : "true or false";
  return `${path} is ${form}${field.nullable ? " (or null)" : ""}`;
}

const SIMPLE_EXAMPLE: Record<FieldForm, string> = { time: "1796049000000", number: "10", boolean: "true" };

function propertyExample(path: string, form: FieldForm): string {
  return form === "time" ? `property=${path}>1796049000000` : form === "number" ? `property=${path}>=10` : `property=${path}==true`;
}

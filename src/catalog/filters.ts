/**
 * The filters of Catalog's lists (docs/api/catalog.md#property-filters and #simple-filters), as
 * AEP's "Filter Catalog data" guide writes them: `property=<field><op><value>` (Flow Service's
 * operators and Catalog's own) and simple filters, a field of the objects given as a parameter of
 * its own (`name=Customers,Orders`, `status=!failed`). Both become property filters over each
 * object as it is answered (the store applies in SQL those it can). A field the objects do not
 * have is refused naming those they have: it would answer `{}` (or, with `!`, every object) as if
 * the filter had been applied.
 */
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { type FilterSyntax, type PropertyFilter, propertyFilterParser } from "../aep-conventions/listing/property-filter.js";
import { checkFilterValues, filterValueProblem } from "../aep-conventions/listing/field-forms.js";
import { type Json, queryString, queryValues } from "../aep-conventions/request-body.js";
import type { ObjectFields } from "./object-schemas.js";

/**
 * What AEP's Catalog reads in `property` besides Flow Service's operators: `name~<regex>`, `name`
 * (it exists), `!name` (it does not), and `*` in a name's == and != values (`**`: an asterisk).
 */
export const CATALOG_FILTER_SYNTAX: FilterSyntax = { regex: true, existence: true, wildcardFields: ["name"] };

const parse = propertyFilterParser(CATALOG_FILTER_SYNTAX);

/** The `property` filters (repeated: ANDed), each on a field the objects have. */
export function propertyFilters(query: Json, fields: ObjectFields): PropertyFilter[] {
  const filters = queryValues(query, "property").map(parse);
  requireKnownFields(filters, fields);
  return filters;
}

/**
 * Refuses a filter on a field the objects do not have, naming the fields they have, and one that
 * compares a number, time or true/false field with text that is none of its values (`created>yesterday`).
 */
export function requireKnownFields(filters: readonly PropertyFilter[], fields: ObjectFields): void {
  for (const filter of filters) if (!fields.all.includes(filter.path[0].name)) throw Errors.filterFieldInvalid(filter.path[0].name, fields.all);
  checkFilterValues(filters, fields.forms);
}

/**
 * The simple filters of a list: every parameter other than `listParams` must name a field of one
 * value, and is read as `<field>==<values>`, or `<field>!=<values>` after a `!`. This is the list's
 * one check of its parameter names: anything else is refused naming the parameters and fields it takes.
 */
export function simpleFilters(query: Json, listParams: readonly string[], fields: ObjectFields): PropertyFilter[] {
  const filters: PropertyFilter[] = [];
  for (const name of Object.keys(query)) {
    if (listParams.includes(name)) continue;
    if (!fields.values.includes(name)) {
      if (fields.all.includes(name)) {
        throw Errors.catalogQueryValueInvalid(name, queryValues(query, name).join(","), `${name} holds an object or a list, which a simple filter cannot compare: filter inside it with property=${name}.<field>==<value>`);
      }
      throw Errors.queryParamInvalid(name, [...listParams, ...fields.values]);
    }
    const text = queryString(query, name)!;
    const filter = simpleFilter(name, text);
    // created=yesterday would match no object, answered as {}
    const problem = filterValueProblem(filter, fields.forms, "simple");
    if (problem) throw Errors.catalogQueryValueInvalid(name, text, problem);
    filters.push(filter);
  }
  return filters;
}

function simpleFilter(field: string, text: string): PropertyFilter {
  const negated = text.trimStart().startsWith("!");
  const values = negated ? text.trimStart().slice(1) : text;
  try {
    return parse(`${field}${negated ? "!=" : "=="}${values}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw Errors.catalogQueryValueInvalid(
      field,
      text,
      `write a value, several comma-separated (any of them), or ! before them (none of them), as ${field}=a,b or ${field}=!a; a value holding a comma, or starting with one of = ! < > ~, goes in quotes ("a,b"); leave the parameter out to list them all`,
    );
  }
}

/**
 * Takes out of `filters` a simple `<field>==<value>` of one value, which the store can apply in
 * SQL: its value, or undefined when there is none.
 */
export function takeEquality(filters: PropertyFilter[], field: string): string | undefined {
  const index = filters.findIndex((f) => f.path.length === 1 && f.path[0].name === field && !f.path[0].each && f.op === "==" && f.values.length === 1 && !f.patterns);
  if (index < 0) return undefined;
  return filters.splice(index, 1)[0].values[0];
}

/**
 * AEP's Catalog `tags` filter (docs/api/catalog.md#tag-filters), on datasets and batches:
 * `tags=<name>:<value>`, several pairs comma-separated and ANDed (`tags=sampleTag:123456,secondTag:*`).
 * The name is what comes before the first colon, so a value may hold colons
 * (`unifiedProfile:enabled:true`); `*` in a value stands for any characters (`test*`), `**` for one
 * asterisk (as in a `property` filter on `name`: listing/wildcard.ts), and `*` alone asks only that
 * the object has the tag. A tag's values are an array of strings: the pair holds when
 * any of them matches, the whole value, case and all. Each pair becomes a property filter on the tag,
 * tested on each object as it is read.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import type { PropertyFilter } from "../aep-conventions/listing/property-filter.js";
import { wildcardValue } from "../aep-conventions/listing/wildcard.js";
import { type Json, queryValues } from "../aep-conventions/request-body.js";

const FORM = "write <name>:<value>, several comma-separated (each must hold), as tags=sampleTag:123456,secondTag:*; * in a value stands for any characters, ** for one asterisk, and <name>:* for any value of the tag";

/** The `tags` parameter's filters (repeated: all of them ANDed); a pair of another form is refused saying how to write it. */
export function tagFilters(query: Json): PropertyFilter[] {
  return queryValues(query, "tags").flatMap((text) => text.split(",").map((pair) => tagFilter(pair.trim(), text)));
}

function tagFilter(pair: string, text: string): PropertyFilter {
  const colon = pair.indexOf(":");
  const name = colon < 0 ? pair : pair.slice(0, colon);
  const value = colon < 0 ? "" : pair.slice(colon + 1);
  if (name === "") throw Errors.catalogQueryValueInvalid("tags", text, pair === "" ? `an empty pair; ${FORM}` : `${pair} names no tag before its colon; ${FORM}`);
  if (value === "") throw Errors.catalogQueryValueInvalid("tags", text, `${name} has no value: write ${name}:<value>, or ${name}:* for the objects with the tag whatever its value`);
  return { source: `tags=${pair}`, path: [{ name: "tags", each: false }, { name, each: false }], op: "==", values: [value], patterns: [wildcardValue(value).pattern] };
}

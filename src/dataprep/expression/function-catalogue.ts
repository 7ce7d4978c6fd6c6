/**
 * GET …/languages/el/functions in AEP's shape: a list of `{category, function, description, syntax,
 * example, result, params}`, `result` the example's value as JSON text and each parameter
 * `{name, description, position}`. AEP's `returns`, `returnType` and `since` (Java class names and
 * versions of AEP's own implementation) and a parameter's Java `type`/`dataType` are left out: this
 * service has nothing true to put there. `aliases`, the example's `sampleData`, `note` and
 * `resultPattern` are this service's additions.
 */
import { type Category, type ElFunction, FUNCTIONS } from "./functions/index.js";

export interface CatalogueEntry {
  category: string;
  function: string;
  aliases?: readonly string[];
  description: string;
  syntax: string;
  example: string;
  result: string;
  params: Array<{ name: string; description: string; position: number }>;
  sampleData?: Record<string, unknown>;
  note?: string;
  resultPattern?: string;
}

/**
 * AEP's category names: `Date / Time` and `Hierarchies - Arrays` are the values its API reference
 * shows; the others are spelled the same way, as its functions page names the sections.
 */
const CATEGORY_NAMES: Record<Category, string> = {
  string: "String",
  "regular expression": "Regular Expression",
  hashing: "Hashing",
  URL: "URL",
  "date and time": "Date / Time",
  "hierarchies - objects": "Hierarchies - Objects",
  "hierarchies - map": "Hierarchies - Map",
  "hierarchies - arrays": "Hierarchies - Arrays",
  logical: "Logical",
  aggregation: "Aggregation",
  "type conversion": "Type Conversion",
  JSON: "JSON",
  special: "Special",
};

export const FUNCTION_CATALOGUE: readonly CatalogueEntry[] = FUNCTIONS.map(catalogueEntry);

function catalogueEntry(fn: ElFunction): CatalogueEntry {
  const { expression, result, sampleData, note, resultPattern } = fn.example;
  return {
    category: CATEGORY_NAMES[fn.category],
    function: fn.name,
    ...(fn.aliases ? { aliases: fn.aliases } : {}),
    description: fn.description,
    syntax: fn.syntax,
    example: expression,
    result: JSON.stringify(result),
    params: fn.parameters.map((text, i) => parameter(text, i + 1)),
    ...(sampleData ? { sampleData } : {}),
    ...(note ? { note } : {}),
    ...(resultPattern ? { resultPattern } : {}),
  };
}

/** `"STRING: The strings that will be concatenated."` → its name and description. */
function parameter(text: string, position: number): CatalogueEntry["params"][number] {
  const colon = text.indexOf(": ");
  return colon < 0 ? { name: text, description: "", position } : { name: text.slice(0, colon), description: text.slice(colon + 2), position };
}

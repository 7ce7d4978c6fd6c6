/**
 * A saved schema keeps its class (docs/api/schemaregistry.md#replacing-and-patching): its datasets
 * were made of it (an ExperienceEvent one is time-series, a Profile one a record), their tables hold
 * rows of its class's fields, and AEP itself never lets a schema change class. A PUT or PATCH whose
 * allOf names another class, or none, is refused. Its commonest cause is a PUT of the `-full`
 * view (fields resolved, allOf gone) read back from GET, as aepp's getSchema answers by default:
 * that body is named as such, with the body to send instead.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { isObject } from "./xdm-types.js";

type Json = Record<string, unknown>;

/** The class a stored schema extends; undefined for a schema of inline fields only. */
export function storedClassOf(schema: Json): string | undefined {
  const classId = schema["meta:class"];
  return typeof classId === "string" && Array.isArray(schema["meta:extends"]) && schema["meta:extends"].includes(classId) ? classId : undefined;
}

/** Throws XDM-1000-400 when the body (`sent`, composed to `newClass`) would change the stored schema's class. */
export function checkClassKept(stored: Json, sent: unknown, newClass: string | undefined): void {
  const oldClass = storedClassOf(stored);
  if (oldClass === newClass) return;
  const $id = String(stored.$id);
  const was = oldClass ? `of the class ${oldClass}` : "of no class (its fields are inline)";
  const now = newClass ? `gives it the class ${newClass}` : "names no class in allOf";
  const fullView = oldClass !== undefined && newClass === undefined && isObject(sent) && sent["meta:class"] === oldClass && !Array.isArray(sent.allOf);
  const why = fullView
    ? ` The body is the schema's -full view (its class's and field groups' fields resolved into properties, no allOf), which stands for no class and no field group.`
    : "";
  const keep = oldClass
    ? `To change the schema, send it as GET answers with Accept application/vnd.adobe.xed+json;version=1 (aepp: getSchema(…, full=False)), whose allOf names {"$ref": "${oldClass}"} and its field groups, or change it with PATCH`
    : "To change the schema, send its inline fields without a class";
  const other = newClass ? `; for data of the class ${newClass}, create a new schema (and dataset) of that class` : "";
  throw Errors.xdmResourceInvalid("schema", `the schema ${$id} is ${was}, and this body ${now}: a saved schema keeps its class.${why} ${keep}${other}.`);
}

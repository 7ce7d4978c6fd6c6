/**
 * The members the registry sets (docs/api/schemaregistry.md#replace-and-patch). A PUT body may carry
 * them as a GET answered them, and they are recomputed; but a change to one would be answered 200
 * with nothing changed, so it is refused naming the member: a PUT whose $id or meta:altId is not the
 * resource's (the body of another resource), and a PATCH that changes any of them.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { deepEqual, type Json } from "../aep-conventions/request-body.js";
import { isObject } from "./xdm-types.js";

const WHY: Record<string, string> = {
  $id: "the registry gives each resource its $id when it is created, and every reference names it by it; for another $id, create a new resource",
  "meta:altId": "it is the $id's other spelling, which the registry derives from it; for another one, create a new resource",
  "meta:resourceType": "it is the kind of resource the path names (schemas, classes, fieldgroups, datatypes)",
  version: "the registry counts it up by itself on every PUT or PATCH",
  "meta:registryMetadata": "the registry records in it who created and changed the resource, and when",
};
/** A PUT of a body read with GET carries an older version and metadata: those two are recomputed, not compared. */
const PUT_MEMBERS = ["$id", "meta:altId"];

export function checkReadOnlyKept(label: string, stored: Json, sent: unknown, how: "PUT" | "PATCH"): void {
  if (!isObject(sent)) return;
  for (const member of how === "PUT" ? PUT_MEMBERS : Object.keys(WHY)) {
    if (how === "PUT" && sent[member] === undefined) continue;
    if (!deepEqual(sent[member], stored[member])) {
      const was = typeof stored[member] === "string" ? ` (the ${label}'s is ${stored[member]})` : "";
      const instead = how === "PATCH" ? `Take the operation on /${member} out of the PATCH` : `Leave ${member} out of the PUT, or send it as GET answers it`;
      throw Errors.xdmReadOnlyMember(label, member, `${WHY[member]}${was}. ${instead}`);
    }
  }
}

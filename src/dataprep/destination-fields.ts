/**
 * The schema field a destination path lands on. A name steps into an object's field or, under a
 * map (an object of `additionalProperties`, such as `identityMap`), names one of its keys and steps
 * into the map's value: `identityMap.Email[0].id` is the `id` of the first identity under the key
 * Email. An array step steps into an array's items.
 */
import { type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";
import { closestName } from "../util/closest-name.js";
import { formatPath, type PathStep } from "./source-path.js";

/** The field a name reaches from `node`: its field of that name, or a map's value under that key. */
export function namedField(node: XdmProperty | undefined, name: string): XdmProperty | undefined {
  if (node && xdmKind(node) === "map") return node.additionalProperties ?? { type: "string" };
  return node?.properties && Object.hasOwn(node.properties, name) ? node.properties[name] : undefined;
}

/** The field along the names (array steps left out), or undefined when the schema has none there. */
export function fieldAlong(root: XdmProperty, names: readonly string[]): XdmProperty | undefined {
  let node: XdmProperty | undefined = root;
  for (const name of names) node = namedField(node, name);
  return node;
}

/**
 * Why the steps reach no field of the schema (array steps only on arrays), or undefined with the
 * field they reach. A name the schema does not have is answered with the path of the closest field
 * at that level, if one is closest (`person.emial` → did you mean person.email?).
 */
export function destinationField(root: XdmProperty, steps: readonly PathStep[]): { field: XdmProperty } | { problem: string } {
  let node: XdmProperty | undefined = root;
  for (const [at, step] of steps.entries()) {
    if (step.kind === "field") {
      const parent = node;
      node = namedField(parent, step.name);
      if (!node) return { problem: `is not a field of the schema${closestFieldAdvice(parent, steps.slice(0, at), step.name)}` };
    } else {
      if (node?.type !== "array" || !node.items) return { problem: "has an array step on a field that is not an array" };
      node = node.items;
    }
  }
  return { field: node };
}

/** "; did you mean <path>?" naming the field of `parent` closest to `name`, along the steps before it; or nothing. */
function closestFieldAdvice(parent: XdmProperty | undefined, before: readonly PathStep[], name: string): string {
  const closest = closestName(name, Object.keys(parent?.properties ?? {}));
  return closest === undefined ? "" : `; did you mean ${formatPath([...before, { kind: "field", name: closest }])}?`;
}

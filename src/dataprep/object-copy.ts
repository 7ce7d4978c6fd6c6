/**
 * AEP's object copy: an object mapped whole from a struct (`address` → `addr`) beside mappings
 * inside it (`address.line1` → `addr.addrLine1`) is each field of `addr` copied from the member of
 * the same name, with the mappings inside on top. A field a mapping names is that mapping's; one a
 * mapping reaches further inside gets the rest of its member copied the same way. Members with no
 * field of their name are left out, as an object mapped whole leaves them (conversion.ts).
 */
import { type DuckType, parseDuckDbType } from "../delta/index.js";
import { type DatasetSchema, type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";
import { fieldAlong } from "./destination-fields.js";
import { copiesNothing, MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";
import { formatPath, parsePath, type PathStep } from "./source-path.js";
import { sourceValue, type SourceWords } from "./source-value.js";

/** The rules with each object mapped whole and inside replaced by the copies of its members and the mappings inside it. */
export function withObjectCopies(rules: readonly MappingRule[], schema: DatasetSchema, columns: readonly SourceColumn[], words?: SourceWords): MappingRule[] {
  const destinations = rules.map((rule) => parsePath(rule.destinationXdmPath));
  return rules.flatMap((rule, i) => {
    const inside = destinations.filter((steps) => steps.length > destinations[i].length && startsWith(steps, destinations[i]));
    if (inside.length === 0) return [rule];
    const struct = copiedStruct(rule, destinations[i], schema, columns, words);
    return memberCopies(rule.sourceAttribute, struct, destinations[i], struct.property, inside);
  });
}

/** Whether mappings may go inside the one mapping `destination` whole: an attribute into an XDM object of fields (not a map, not in an array). */
export function canCopyMembers(rule: MappingRule, destination: readonly PathStep[], schema: { properties?: Record<string, unknown> }): boolean {
  if ((rule.sourceType ?? "ATTRIBUTE") !== "ATTRIBUTE" || !destination.every((step) => step.kind === "field")) return false;
  return objectOfFields(destination, schema) !== undefined;
}

function objectOfFields(destination: readonly PathStep[], schema: { properties?: Record<string, unknown> }): XdmProperty | undefined {
  const property = fieldAlong({ properties: schema.properties ?? {} } as XdmProperty, destination.map((step) => (step as { name: string }).name));
  return property && xdmKind(property) === "object" && property.properties ? property : undefined;
}

function copiedStruct(rule: MappingRule, destination: PathStep[], schema: DatasetSchema, columns: readonly SourceColumn[], words?: SourceWords) {
  if (!canCopyMembers(rule, destination, schema)) {
    const outer = rule.destinationXdmPath;
    throw new MappingError(`mappings go inside ${outer}, which is mapped whole from ${rule.sourceAttribute}: map ${outer} whole or what it holds, not both`);
  }
  const property = objectOfFields(destination, schema)!;
  const type = parseDuckDbType(sourceValue(rule, columns, words).type);
  if (type.kind !== "struct") {
    throw new MappingError(`${rule.destinationXdmPath} is mapped whole from ${rule.sourceAttribute} and mappings go inside it, but ${rule.sourceAttribute} is not a struct whose members could be copied by name: map ${rule.destinationXdmPath} whole or what it holds, not both`);
  }
  // as an object mapped whole alone (conversion.ts): a struct that copies nothing is a mistake
  if (type.fields.length > 0 && !type.fields.some((f) => Object.hasOwn(property.properties ?? {}, f.name))) {
    throw copiesNothing(rule.sourceAttribute, type.fields.map((f) => f.name), rule.destinationXdmPath);
  }
  return { ...type, property };
}

function memberCopies(
  source: string,
  struct: Extract<DuckType, { kind: "struct" }>,
  destination: PathStep[],
  object: XdmProperty,
  inside: PathStep[][],
): MappingRule[] {
  const copies: MappingRule[] = [];
  for (const [name, field] of Object.entries(object.properties ?? {})) {
    const member = struct.fields.find((f) => f.name === name);
    if (!member) continue;
    const to: PathStep[] = [...destination, { kind: "field", name }];
    const from = formatPath([...parsePath(source), { kind: "field", name }]);
    const under = inside.filter((steps) => startsWith(steps, to));
    if (under.length === 0) copies.push({ sourceAttribute: from, destinationXdmPath: formatPath(to) });
    // a field a mapping names is its own; one reached further inside is copied around what is mapped there
    else if (under.every((steps) => steps.length > to.length) && member.type.kind === "struct" && xdmKind(field) === "object") {
      copies.push(...memberCopies(from, member.type, to, field, under));
    }
  }
  return copies;
}

function startsWith(steps: readonly PathStep[], prefix: readonly PathStep[]): boolean {
  return prefix.every((step, i) => JSON.stringify(step) === JSON.stringify(steps[i]));
}

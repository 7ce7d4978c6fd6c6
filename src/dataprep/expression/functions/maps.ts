/** Hierarchies - map (AEP: map_get_values, map_has_keys, add_to_map, object_to_map, array_to_map): a MAP column, or an object's members by their literal names. */
import { duckTypeToString, parseDuckDbType, quoteLiteral } from "../../../delta/index.js";
import { ExpressionError } from "../errors.js";
import { exactJsonElements, exactJsonMember, markedEntries, markedMembers, restored } from "../json-text.js";
import { asText, constantText, isList, isMap, isNull, isStruct, memberType, text, type Typed, typed, aValueOf } from "../typed.js";
import { type CallContext, type ElFunction, MANY } from "./function.js";
import { firstOfEachKey, valueAt } from "./objects.js";

const category = "hierarchies - map" as const;

/** The type an object's members share, or text. */
function structValueType(object: Typed): string {
  const type = parseDuckDbType(object.type);
  return sharedType((type.kind === "struct" ? type.fields : []).map((f) => typed("", duckTypeToString(f.type))));
}

const BOOK = { book_details: { author: "George R. R. Martin", price: 17.99, ISBN: "ISBN-978-0553801477" } };

function mapValueType(map: Typed): string {
  const type = parseDuckDbType(map.type);
  return type.kind === "map" ? duckTypeToString(type.value) : "VARCHAR";
}

/** `key` as a list of keys: a list as it is, one key as a list of one. */
function keyList(key: Typed, fn: string): string {
  if (isList(key)) return key.sql;
  if (isMap(key) || isStruct(key)) throw new ExpressionError(`${fn}: the key is ${aValueOf(key.type)}, not a string or an array of strings`);
  return `[${asText(key)}]`;
}

/** The values `at` each of the keys finds in `map`, each once, in the keys' order, keys without a value left out; null for a null map. */
function valuesAt(map: string, keys: string, at: (key: string) => string, context: CallContext): string {
  const [key, value, index] = ["map_key", "map_value", "map_value_index"].map(context.parameter);
  const found = `list_filter(list_transform(${keys}, ${key} -> ${at(key)}), ${value} -> ${value} IS NOT NULL)`;
  return `(CASE WHEN ${map} IS NULL THEN NULL ELSE list_filter(${found}, (${value}, ${index}) -> list_position(${found}, ${value}) = ${index}) END)`;
}

/** A JSON object's member at the text `key`: its own key, whatever characters it holds. */
const jsonMember = (object: string, key: string) => `(${object} -> ('$."' || replace(${key}, '"', '\\"') || '"'))`;

/** For an object (a STRUCT): whether its member of that literal name holds a value. */
function structHasKey(object: Typed, key: Typed, fn: string): Typed {
  const name = constantText(key, `the key of ${fn} on an object that is not a map`);
  const type = parseDuckDbType(object.type);
  const present = type.kind === "struct" && type.fields.some((f) => f.name === name);
  return typed(present ? `coalesce(${valueAt(object, key).sql} IS NOT NULL, false)` : "false", "BOOLEAN");
}

export const MAP_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "map_get_values",
    category,
    syntax: "map_get_values(MAP, KEY)",
    description:
      "Takes a map and a key input. If the input is a single key, then the function returns the value associated with that key. If the input is a string array, then the function returns all values corresponding to the keys provided. If the incoming map has duplicate keys, the return value must de-duplicate the keys and return unique values.",
    parameters: ["MAP: Required The input map data.", "KEY: Required The key can be a single string or a string array. If any other primitive type (data / number) is provided, then it is treated as a string."],
    arity: [2, 2],
    example: { expression: 'map_get_values(book_details, "author")', result: "George R. R. Martin", sampleData: BOOK },
    compile: ([map, key], context) => {
      if (isNull(map)) return typed("NULL", "NULL");
      if (map.type === "JSON" && isList(key)) return typed(valuesAt(map.sql, key.sql, (one) => exactJsonMember(map.sql, one), context), "JSON[]");
      if (!isMap(map)) {
        if (isList(key)) throw new ExpressionError(`map_get_values: an array of keys needs a map, and ${aValueOf(map.type)} is not one`);
        return valueAt(map, key);
      }
      if (isList(key)) return typed(valuesAt(map.sql, key.sql, (one) => `map_extract_value(${map.sql}, ${one})`, context), `${mapValueType(map)}[]`);
      return typed(`map_extract_value(${map.sql}, ${asText(key)})`, mapValueType(map));
    },
  },
  {
    name: "map_has_keys",
    category,
    syntax: "map_has_keys(MAP, KEY)",
    description: "If one or more input keys are provided, then the function returns true. If a string array is provided as input, then the function returns true on the first key that is found.",
    parameters: ["MAP: Required The input map data.", "KEY: Required The key can be a single string or a string array. If any other primitive type (data / number) is provided, then it is treated as a string."],
    arity: [2, 2],
    example: { expression: 'map_has_keys(book_details, "author")', result: true, sampleData: BOOK },
    compile: ([map, key], context) => {
      if (isNull(map)) return typed("false", "BOOLEAN");
      const one = context.parameter("map_key");
      const anyKey = (has: string) => typed(`coalesce(list_bool_or(list_transform(${keyList(key, "map_has_keys")}, ${one} -> ${has})), false)`, "BOOLEAN");
      if (map.type === "JSON") return anyKey(`${jsonMember(map.sql, one)} IS NOT NULL`);
      if (!isMap(map)) {
        if (!isStruct(map)) throw new ExpressionError(`map_has_keys: ${aValueOf(map.type)} is not a map`);
        if (isList(key)) throw new ExpressionError(`map_has_keys: an array of keys needs a map, and ${aValueOf(map.type)} is not one`);
        return structHasKey(map, key, "map_has_keys");
      }
      return anyKey(`map_contains(${map.sql}, ${one})`);
    },
  },
  {
    name: "add_to_map",
    category,
    syntax: "add_to_map(MAP, MAP, ...)",
    description:
      "Accepts at least two inputs. Any number of maps can be provided as inputs. Data Prep returns a single map that has all key-value pairs from all the inputs. If one or more keys are repeated (in the same map or across maps), Data Prep de-duplicates the keys so that the first key-value pair persists in the order that they were passed in the input.",
    parameters: ["MAP: Required The input map data."],
    arity: [2, MANY],
    example: { expression: "add_to_map(first_map, second_map)", result: { author: "George R. R. Martin", price: "17.99" }, sampleData: { first_map: { author: "George R. R. Martin" }, second_map: { author: "someone else", price: "17.99" } }, note: "AEP's page shows no example; the maps here are read as maps of strings" },
    compile: (maps, context) => {
      const given = maps.filter((map) => !isNull(map));
      const notMaps = given.filter((map) => !isMap(map) && !isStruct(map) && map.type !== "JSON");
      if (notMaps.length > 0) throw new ExpressionError(`add_to_map: ${aValueOf(notMaps[0].type)} is not a map`);
      if (given.length === 0) return typed("NULL", "NULL");
      // a JSON object among them: one JSON object of all their members, a key's first value kept whole (null too), numbers as written
      if (given.some((map) => map.type === "JSON")) return typed(jsonMerged(given, context), "JSON");
      // an object's members are as many keys of the map; every value as text when the maps' values differ in type
      const valueTypes = new Set(given.map((map) => (isMap(map) ? mapValueType(map) : structValueType(map))));
      const valueType = valueTypes.size === 1 ? [...valueTypes][0] : "VARCHAR";
      const entries = given.map((map) => `coalesce(map_entries(${asMap(map, valueType, context)}), [])`);
      return typed(`(${firstOfEachKey(`list_concat(${entries.join(", ")})`, context)})::MAP(VARCHAR, ${valueType})`, `MAP(VARCHAR, ${valueType})`);
    },
  },
  {
    name: "object_to_map",
    category,
    syntax: "object_to_map(KEY, VALUE, KEY, VALUE, ...) / object_to_map(OBJECT) / object_to_map(OBJECT[], ATTRIBUTE_IN_OBJECT_TO_BE_USED_AS_A_KEY)",
    description: "Creates a map from key/value pairs, from an object's members, or from an array of objects keyed by the value of one of their attributes.",
    parameters: [
      "KEY: The keys, each followed by its VALUE (an even number of arguments); a key repeated keeps its first value.",
      "OBJECT: An object whose members become the map's entries.",
      "OBJECT[], ATTRIBUTE_IN_OBJECT_TO_BE_USED_AS_A_KEY: An array of objects, each the value at the key its attribute holds.",
    ],
    arity: [1, MANY],
    example: { expression: 'object_to_map("firstName", "John", "lastName", "Doe")', result: { firstName: "John", lastName: "Doe" } },
    compile: (args, context) => {
      if (args.length === 1) {
        const [object] = args;
        if (isMap(object) || object.type === "JSON" || isNull(object)) return object;
        if (!isStruct(object)) throw new ExpressionError(`object_to_map: ${aValueOf(object.type)} is not an object`);
        const valueType = structValueType(object);
        return typed(asMap(object, valueType, context), `MAP(VARCHAR, ${valueType})`);
      }
      if (args.length === 2 && isList(args[0])) return mapByAttribute(args[0], args[1], "object_to_map", context);
      if (args.length % 2 !== 0) throw new ExpressionError("object_to_map: each key needs its value (an even number of arguments), or one object, or an array of objects and the attribute that keys them");
      const pairs = Array.from({ length: args.length / 2 }, (_, i) => ({ key: args[2 * i], value: args[2 * i + 1] }));
      const valueType = sharedType(pairs.map((pair) => pair.value));
      return typed(mapOfPairs(pairs, valueType, context), `MAP(VARCHAR, ${valueType})`);
    },
  },
  {
    name: "array_to_map",
    category,
    syntax: "array_to_map(OBJECT[] INPUTS, KEY)",
    description: "Takes an array of objects and a key as input and returns a map of key's field with the value as key and the array element as value.",
    parameters: ["INPUTS: Required The array of objects.", "KEY: Required The name of the objects' attribute whose value keys each object."],
    arity: [2, 2],
    example: {
      expression: 'array_to_map(addresses, "id")',
      result: { a: { id: "a", city: "Paris" }, b: { id: "b", city: "Rome" } },
      sampleData: { addresses: [{ id: "a", city: "Paris" }, { id: "b", city: "Rome" }] },
      note: "AEP's page shows no example of its own",
    },
    compile: ([objects, key], context) => (isNull(objects) ? typed("NULL", "NULL") : mapByAttribute(objects, key, "array_to_map", context)),
  },
];

/**
 * add_to_map with a JSON object among the maps: each map's members in order (a MAP's and a JSON
 * object's null values too; an object's members that hold a value), the first value of a key kept
 * as it is (never merged with a later one's), in one JSON object; a JSON value that is no object
 * makes it null. The members are moved marked (json-text.ts), so every number keeps its spelling.
 */
function jsonMerged(maps: readonly Typed[], context: CallContext): string {
  const entry = context.parameter("map_entry");
  const entries = maps.map((map) => {
    const members = `coalesce(${map.type === "JSON" ? markedEntries(map.sql) : markedMembers(map.sql, map.type)}, [])`;
    return isStruct(map) ? `list_filter(${members}, ${entry} -> struct_extract(${entry}, 'value') IS NOT NULL AND CAST(struct_extract(${entry}, 'value') AS VARCHAR) <> 'null')` : members;
  });
  const notObjects = maps.filter((map) => map.type === "JSON").map((map) => `json_type(${map.sql}) <> 'OBJECT'`);
  return `(CASE WHEN ${notObjects.join(" OR ")} THEN NULL ELSE ${restored(`to_json(${firstOfEachKey(`list_concat(${entries.join(", ")})`, context)})`)} END)`;
}

/** A map of text keys and `valueType` values: a map cast, an object's members that hold a value as its entries. */
function asMap(map: Typed, valueType: string, context: CallContext): string {
  if (isMap(map)) return `CAST(${map.sql} AS MAP(VARCHAR, ${valueType}))`;
  const type = parseDuckDbType(map.type);
  const members = (type.kind === "struct" ? type.fields : []).map((f) => ({ key: text(f.name), value: typed(`struct_extract(${map.sql}, ${quoteLiteral(f.name)})`, duckTypeToString(f.type)) }));
  return `(CASE WHEN ${map.sql} IS NULL THEN NULL ELSE ${mapOfPairs(members, valueType, context)} END)`;
}

/** The type a map of these values holds: theirs when they share one, else text. */
const sharedType = (values: readonly Typed[]) => {
  const types = new Set(values.filter((v) => !isNull(v)).map((v) => v.type));
  return types.size === 1 ? [...types][0] : "VARCHAR";
};

/** A MAP of the pairs whose value is not null, a repeated key's first value kept, each value as `valueType` (text: as asText writes it). */
function mapOfPairs(pairs: ReadonlyArray<{ key: Typed; value: Typed }>, valueType: string, context: CallContext): string {
  const entry = context.parameter("map_entry");
  const value = (v: Typed) => (valueType === "VARCHAR" ? asText(v) : `CAST(${v.sql} AS ${valueType})`);
  const entries = pairs.map((pair) => `{'key': ${asText(pair.key)}, 'value': ${value(pair.value)}}`);
  const listed = `list_filter([${entries.join(", ")}]::STRUCT(key VARCHAR, value ${valueType})[], ${entry} -> struct_extract(${entry}, 'key') IS NOT NULL AND struct_extract(${entry}, 'value') IS NOT NULL)`;
  return `(${firstOfEachKey(listed, context)})::MAP(VARCHAR, ${valueType})`;
}

/** A MAP of the array's objects by the value of their member `attribute` as text (the first object of a value kept). */
function mapByAttribute(objects: Typed, attribute: Typed, fn: string, context: CallContext): Typed {
  if (objects.type === "JSON") return jsonByAttribute(objects, constantText(attribute, `the key attribute of ${fn}`), context);
  const element = objects.type.slice(0, -2);
  if (!isList(objects) || !element.startsWith("STRUCT(")) throw new ExpressionError(`${fn}: ${aValueOf(objects.type)} is not an array of objects`);
  const name = constantText(attribute, `the key attribute of ${fn}`);
  const keyType = memberType(element, name);
  if (!keyType) throw new ExpressionError(`${fn}: the objects have no member "${name}"`);
  const item = context.parameter("map_item");
  const entries = `list_filter(list_transform(${objects.sql}, ${item} -> {'key': ${asText(typed(`struct_extract(${item}, ${quoteLiteral(name)})`, keyType))}, 'value': ${item}}), ${item} -> struct_extract(${item}, 'key') IS NOT NULL)`;
  return typed(`(${firstOfEachKey(entries, context)})`, `MAP(VARCHAR, ${element})`);
}

/** mapByAttribute of a JSON array of objects: each object's member `name` as text keys it. */
function jsonByAttribute(objects: Typed, name: string, context: CallContext): Typed {
  const item = context.parameter("map_item");
  const key = `CAST(${exactJsonMember(item, quoteLiteral(name))} AS VARCHAR)`;
  // a string key without its quotes; a number, true or false as written
  const keyText = `CASE WHEN json_type(${key}) = 'VARCHAR' THEN json_extract_string(${key}, '$') WHEN json_type(${key}) <> 'NULL' THEN ${key} END`;
  const entries = `list_filter(list_transform(${exactJsonElements(objects.sql, item)}, ${item} -> {'key': ${keyText}, 'value': ${item}}), ${item} -> struct_extract(${item}, 'key') IS NOT NULL)`;
  return typed(`(${firstOfEachKey(entries, context)})`, "MAP(VARCHAR, JSON)");
}

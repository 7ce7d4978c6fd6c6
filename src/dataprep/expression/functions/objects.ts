/** Hierarchies - objects (AEP: is_empty, arrays_to_objects, to_object, str_to_object, contains_key, nullify, get_keys, get_values, get). */
import { duckTypeToString, parseDuckDbType, quoteIdent, quoteLiteral } from "../../../delta/index.js";
import { ExpressionError } from "../errors.js";
import { exactJsonElement, exactJsonMember } from "../json-text.js";
import { asText, constantText, isInteger, isList, isMap, isNull, isStruct, isText, memberType, type Typed, typed, aValueOf } from "../typed.js";
import { type CallContext, type ElFunction, MANY } from "./function.js";

const category = "hierarchies - objects" as const;

/** SQL: `"k1" v1, "k2" v2` of a STRUCT type from literal keys */
function structType(keys: readonly string[], types: readonly string[]): string {
  return `STRUCT(${keys.map((key, i) => `${quoteIdent(key)} ${types[i] === "NULL" ? "VARCHAR" : types[i]}`).join(", ")})`;
}

function keysOf(args: readonly Typed[], fn: string): string[] {
  const keys = args.map((arg) => constantText(arg, `every key of ${fn}`));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new ExpressionError(`${fn}: the key "${key}" is given twice`);
    seen.add(key);
  }
  return keys;
}

/** A MAP(VARCHAR, VARCHAR) of "key<value delimiter>value<field delimiter>…", trimmed; the first value of a repeated key wins. */
export function delimitedPairs(input: string, valueDelimiter: string, fieldDelimiter: string, context: CallContext): string {
  const pair = context.parameter("pair");
  const pairs = `list_filter(string_split(${input}, ${fieldDelimiter}), ${pair} -> instr(${pair}, ${valueDelimiter}) > 0 AND trim(split_part(${pair}, ${valueDelimiter}, 1)) <> '')`;
  const entries = `list_transform(${pairs}, ${pair} -> {'key': trim(split_part(${pair}, ${valueDelimiter}, 1)), 'value': trim(substr(${pair}, instr(${pair}, ${valueDelimiter}) + length(${valueDelimiter})))})`;
  return firstOfEachKey(entries, context);
}

/** A MAP of key/value entries (a list of STRUCT(key, value)), the first entry of a repeated key kept. */
export function firstOfEachKey(entries: string, context: CallContext): string {
  const [entry, index, other] = ["entry", "entry_index", "other"].map(context.parameter);
  const key = (struct: string) => `struct_extract(${struct}, 'key')`;
  return `map_from_entries(list_filter(${entries}, (${entry}, ${index}) -> list_position(list_transform(${entries}, ${other} -> ${key(other)}), ${key(entry)}) = ${index}))`;
}

const delimiter = (arg: Typed | undefined, fallback: string) => (arg ? `coalesce(nullif(${asText(arg)}, ''), '${fallback}')` : `'${fallback}'`);

/** the value at a key of an object (STRUCT with a literal key, MAP, or JSON: an array's element at an integer, as a typed array's) */
export function valueAt(object: Typed, key: Typed): Typed {
  if (isStruct(object)) {
    const name = constantText(key, "the key of a structured object");
    const type = memberType(object.type, name);
    if (!type) throw new ExpressionError(`the object has no key "${name}"`);
    return typed(`struct_extract(${object.sql}, ${quoteLiteral(name)})`, type);
  }
  if (isMap(object)) {
    const valueType = parseDuckDbType(object.type);
    return typed(`map_extract_value(${object.sql}, ${asText(key)})`, valueType.kind === "map" ? duckTypeToString(valueType.value) : "ANY");
  }
  if (object.type === "JSON") {
    const member = exactJsonMember(object.sql, asText(key));
    return typed(isInteger(key) ? `(CASE WHEN json_type(${object.sql}) = 'ARRAY' THEN ${exactJsonElement(object.sql, key.sql)} ELSE ${member} END)` : member, "JSON");
  }
  if (isNull(object)) return typed("NULL", "NULL");
  throw new ExpressionError(`${aValueOf(object.type)} has no keys`);
}

export const OBJECT_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "is_empty",
    category,
    syntax: "is_empty(INPUT)",
    description: "Checks whether or not an object is empty (null, an empty string, an empty array or an empty object).",
    parameters: ["INPUT: Required The object that you're trying to check is empty."],
    arity: [1, 1],
    example: { expression: "is_empty([1, null, 2, 3])", result: false },
    compile: ([input]) => {
      if (isList(input)) return typed(`coalesce(len(${input.sql}) = 0, true)`, "BOOLEAN");
      if (isMap(input)) return typed(`coalesce(cardinality(${input.sql}) = 0, true)`, "BOOLEAN");
      if (isText(input)) return typed(`coalesce(${input.sql} = '', true)`, "BOOLEAN");
      // an object with no members is JSON (a STRUCT has at least one): `{}` and `[]`, `""` and null are empty
      if (input.type === "JSON") {
        const kinds = `CASE json_type(${input.sql}) WHEN 'OBJECT' THEN len(json_keys(${input.sql})) = 0 WHEN 'ARRAY' THEN json_array_length(${input.sql}) = 0 WHEN 'VARCHAR' THEN (${input.sql} ->> '$') = '' WHEN 'NULL' THEN true ELSE false END`;
        return typed(`coalesce(${kinds}, true)`, "BOOLEAN");
      }
      return typed(`(${input.sql} IS NULL)`, "BOOLEAN");
    },
  },
  {
    name: "arrays_to_objects",
    aliases: ["arrays_to_object"],
    category,
    syntax: "arrays_to_objects(KEY_1, ARRAY_1, KEY_2, ARRAY_2, …)",
    description: "Creates a list of objects: the nth object holds the nth element of every array under its key.",
    parameters: ["INPUT: Required A grouping of key and array pairs."],
    arity: [2, MANY],
    example: {
      expression: "arrays_to_objects('sku', explode(\"id1|id2\", '\\\\|'), 'price', [22.5,14.35])",
      result: [
        { sku: "id1", price: 22.5 },
        { sku: "id2", price: 14.35 },
      ],
    },
    compile: (args, context) => {
      if (args.length % 2 !== 0) throw new ExpressionError("arrays_to_objects takes pairs of a key and an array");
      const keys = keysOf(args.filter((_, i) => i % 2 === 0), "arrays_to_objects");
      const arrays = args.filter((_, i) => i % 2 === 1);
      for (const array of arrays) if (!isList(array)) throw new ExpressionError(`arrays_to_objects: ${aValueOf(array.type)} is not an array`);
      const elementTypes = arrays.map((a) => a.type.slice(0, -2));
      const longest = `greatest(${arrays.map((a) => `coalesce(len(${a.sql}), 0)`).join(", ")})`;
      const n = context.parameter("n");
      const fields = keys.map((key, i) => `${quoteIdent(key)} := (${arrays[i].sql})[${n}]`).join(", ");
      return typed(`list_transform(range(1, ${longest} + 1), ${n} -> struct_pack(${fields}))`, `${structType(keys, elementTypes)}[]`);
    },
  },
  {
    name: "to_object",
    category,
    syntax: "to_object(KEY_1, VALUE_1, KEY_2, VALUE_2, …)",
    description: "Creates an object based on the flat key/value pairs given.",
    parameters: ["INPUT: Required A flat list of key/value pairs."],
    arity: [2, MANY],
    rowSafe: true,
    example: { expression: 'to_object("firstName", "John", "lastName", "Doe")', result: { firstName: "John", lastName: "Doe" } },
    compile: (args) => {
      if (args.length % 2 !== 0) throw new ExpressionError("to_object takes pairs of a key and a value");
      const keys = keysOf(args.filter((_, i) => i % 2 === 0), "to_object");
      const values = args.filter((_, i) => i % 2 === 1);
      const fields = keys.map((key, i) => `${quoteIdent(key)} := ${isNull(values[i]) ? "NULL::VARCHAR" : values[i].sql}`).join(", ");
      return typed(`struct_pack(${fields})`, structType(keys, values.map((v) => v.type)));
    },
  },
  {
    name: "str_to_object",
    category,
    syntax: "str_to_object(STRING, VALUE_DELIMITER, FIELD_DELIMITER)",
    description: 'Creates an object from the input string. The default value delimiter is ":" and the default field delimiter ",". Use get() to read a key.',
    parameters: [
      "STRING: Required The string that is being parsed to create an object.",
      "VALUE_DELIMITER: Optional The delimiter that separates a field from the value. The default delimiter is :.",
      "FIELD_DELIMITER: Optional The delimiter that separates field value pairs. The default delimiter is ,.",
    ],
    arity: [1, 3],
    example: {
      expression: 'str_to_object("firstName - John ; lastName - Doe ; phone - 123 456 7890", "-", ";")',
      result: { firstName: "John", lastName: "Doe", phone: "123 456 7890" },
      note: "AEP's page leaves lastName's value and phone's key out of its input but not of its output",
    },
    compile: (args, context) => typed(delimitedPairs(asText(args[0]), delimiter(args[1], ":"), delimiter(args[2], ","), context), "MAP(VARCHAR, VARCHAR)"),
  },
  {
    name: "get",
    category,
    syntax: "OBJECT.get(KEY)",
    description: "The value of a key of an object (for example of str_to_object).",
    parameters: ["OBJECT: Required The object.", "KEY: Required The key."],
    arity: [2, 2],
    example: { expression: 'str_to_object("firstName - John ; lastName - Doe ; phone - 123 456 7890", "-", ";").get("firstName")', result: "John" },
    compile: ([object, key]) => valueAt(object, key),
  },
  {
    name: "contains_key",
    aliases: ["is_set"],
    category,
    syntax: "contains_key(INPUT)",
    description: "Checks if the object exists within the source data (a field at that path, with a value).",
    parameters: ["INPUT: Required The path to be checked if it exists within the source data."],
    arity: [1, 1],
    rowSafe: true,
    example: { expression: 'contains_key("evars.evar.field1")', result: true, sampleData: { evars: { evar: { field1: "x" } } } },
    compile: ([path], context) => {
      const field = context.field(constantText(path, "the path of contains_key"));
      return typed(field ? `(${field.sql} IS NOT NULL)` : "false", "BOOLEAN");
    },
  },
  {
    name: "nullify",
    category,
    syntax: "nullify()",
    description: "Sets the value of the attribute to null. This should be used when you do not want to copy the field to the target schema.",
    parameters: [],
    arity: [0, 0],
    rowSafe: true,
    example: { expression: "nullify()", result: null },
    compile: () => typed("NULL", "NULL"),
  },
  {
    name: "get_keys",
    category,
    syntax: "get_keys(OBJECT)",
    description: "Parses the key/value pairs and returns all the keys.",
    parameters: ["OBJECT: Required The object where the keys will be extracted from."],
    arity: [1, 1],
    example: { expression: 'get_keys({"book1": "Pride and Prejudice", "book2": "1984"})', result: ["book1", "book2"] },
    compile: ([object]) => {
      if (isMap(object)) return typed(`map_keys(${object.sql})`, "VARCHAR[]");
      if (object.type === "JSON") return typed(`json_keys(${object.sql})`, "VARCHAR[]");
      const type = isStruct(object) ? parseDuckDbType(object.type) : undefined;
      if (type?.kind !== "struct") throw new ExpressionError(`get_keys: ${aValueOf(object.type)} is not an object`);
      return typed(`(CASE WHEN ${object.sql} IS NULL THEN NULL ELSE [${type.fields.map((f) => quoteLiteral(f.name)).join(", ")}]::VARCHAR[] END)`, "VARCHAR[]");
    },
  },
  {
    name: "get_values",
    category,
    syntax: "get_values(STRING, KEY, VALUE_DELIMITER, FIELD_DELIMITER)",
    description: "Parses the key/value pairs and returns the value of the string, based on the given key.",
    parameters: [
      "STRING: Required The string that you want to parse.",
      "KEY: Required The key for which the value has to be extracted.",
      "VALUE_DELIMITER: Required The delimiter that separates the field and the value. If either a null or an empty string are provided, this value is :.",
      "FIELD_DELIMITER: Optional The delimiter that separates field and value pairs. If either a null or an empty string are provided, this value is ,.",
    ],
    arity: [3, 4],
    example: { expression: 'get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",")', result: "John" },
    compile: (args, context) => typed(`map_extract_value(${delimitedPairs(asText(args[0]), delimiter(args[2], ":"), delimiter(args[3], ","), context)}, ${asText(args[1])})`, "VARCHAR"),
  },
];

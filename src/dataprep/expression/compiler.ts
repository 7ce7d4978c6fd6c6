/**
 * An expression's tree as one DuckDB SQL expression over the row's columns. Operators follow JEXL:
 * `+` joins when either side is a string, `/` between integers divides whole, `==` compares.
 * Arithmetic whose result its type cannot hold is null in the value and, in `checks`, a message
 * naming the part of the expression, its type and its operands' values: the row's error, never a
 * silent null.
 */
import { holdsPrimitive, parseDuckDbType, quoteIdent, quoteLiteral } from "../../delta/index.js";
import type { SourceColumn } from "../mapping-types.js";
import type { Node } from "./ast.js";
import { ExpressionError } from "./errors.js";
import { type CallContext, FUNCTION_NAMES, functionNamed, NOT_OFFERED } from "./functions/index.js";
import { lambdaParameter } from "./lambda-parameter.js";
import { isVolatile } from "./null-on-error.js";
import { sizeOf } from "./functions/arrays.js";
import { wholeNumber } from "./functions/conversion.js";
import { conditional } from "./functions/logical.js";
import { valueAt } from "./functions/objects.js";
import { listOf } from "./functions/arrays.js";
import { comparison } from "./comparison.js";
import { didYouMean } from "../../util/closest-name.js";
import { textOf } from "./print.js";
import { holdsNonFinite } from "./json-text.js";
import { asBoolean, asInteger, asNumber, asText, commonType, decimalShape, elementOf, isInteger, isList, isNumber, isStruct, isText, memberType, nullOnError, text, TIMESTAMPTZ, type Typed, typed, typeWords } from "./typed.js";

const ZONES_NOT_KEPT =
  "the dates of an array in different zones, or of an object, are held in UTC: each keeps its instant, not its zone's offset (AEP keeps each date's zone)";

/** An arithmetic result: null where its type cannot hold it, which is an overflow when every one of `inputs` is not null. */
type Arithmetic = Typed & { inputs?: string[] };

export class Compiler {
  private readonly columns: Map<string, SourceColumn>;

  constructor(columns: readonly SourceColumn[]) {
    this.columns = new Map(columns.map((c) => [c.name, c]));
  }

  private readonly context: CallContext = { field: (path) => this.fieldAt(path.split(".")), parameter: (base) => lambdaParameter(base, this.columns.keys()) };
  private readonly overflows: string[] = [];
  /** the lambda parameters readingOnce has named so far, so that nested ones differ */
  private drawnCount = 0;
  /** the conditions under which the part being compiled is evaluated (a branch of `? :`, the right of `&&`) */
  private readonly guards: string[] = [];

  /** SQL expressions giving, for a row, the message of an arithmetic overflow in the expression, or NULL */
  get checks(): readonly string[] {
    return this.overflows;
  }

  /** How the expression's value differs from AEP's, which validate's answer says. */
  get notes(): readonly string[] {
    return [...this.differences];
  }

  private readonly differences = new Set<string>();

  /**
   * The value, noted when it holds dates (an array's, an object's) whose zones it does not keep:
   * an array keeps only a zone its dates share, an object none (zoned-date.ts).
   */
  private zonesKept(value: Typed, inputs: readonly Typed[]): Typed {
    if (value.type !== TIMESTAMPTZ && value.type.includes(TIMESTAMPTZ) && !value.zone && inputs.some((input) => input.zone)) this.differences.add(ZONES_NOT_KEPT);
    return value;
  }

  private fieldAt(path: readonly string[]): Typed | undefined {
    const column = this.columns.get(path[0]);
    if (!column) return undefined;
    let result: Typed = typed(quoteIdent(column.name), column.type);
    for (const name of path.slice(1)) {
      const type = isStruct(result) ? memberType(result.type, name) : undefined;
      if (!type) return undefined;
      result = typed(`struct_extract(${result.sql}, ${quoteLiteral(name)})`, type);
    }
    return result;
  }

  compile(node: Node): Typed {
    try {
      return this.node(node);
    } catch (error) {
      if (error instanceof ExpressionError && error.position === undefined) throw new ExpressionError(error.message, node.position);
      throw error;
    }
  }

  /** How to read a column whose name holds a dot and starts with the field read (Full of Full.Name), or nothing. */
  private dottedAdvice(field: string): string {
    const dotted = [...this.columns.keys()].find((name) => name.startsWith(`${field}.`));
    return dotted === undefined ? "" : `; the column ${dotted} is one name holding a dot: write it as \${${dotted.replaceAll(".", "\\.")}}`;
  }

  private node(node: Node): Typed {
    switch (node.kind) {
      case "literal":
        if (node.value === null) return { sql: "NULL", type: "NULL", constant: { value: null } };
        if (typeof node.value === "boolean") return { sql: String(node.value), type: "BOOLEAN", constant: { value: node.value } };
        return text(node.value);
      case "number":
        return numberLiteral(node.text);
      case "field": {
        const column = this.columns.get(node.name);
        if (!column) throw new ExpressionError(`the field ${node.name} is not a column of the source data${this.dottedAdvice(node.name) || didYouMean(node.name, this.columns.keys())}`, node.position, "a field of the source data");
        return typed(quoteIdent(column.name), column.type);
      }
      case "member": {
        const target = this.compile(node.target);
        return this.at(() => valueAt(target, { sql: quoteLiteral(node.name), type: "VARCHAR", constant: { value: node.name } }), node.position);
      }
      case "index": {
        const target = this.compile(node.target);
        const index = this.compile(node.index);
        // an index read from the row may be any BIGINT: +1 on the largest overflows, which is null here
        if (isList(target)) {
          // a negative index is no element (Java's List.get refuses it), not one counted from the end as DuckDB's
          const at = `(${target.sql})[(${asInteger(index)}) + 1]`;
          const known = index.constant?.value;
          // an index past BIGINT (which DuckDB cannot bind) is past the end of any list
          if (typeof known === "number") return elementOf(target, known >= 0 && Number.isSafeInteger(known) ? at : "NULL");
          return elementOf(target, nullOnError(`(CASE WHEN (${asInteger(index)}) >= 0 THEN ${at} END)`));
        }
        return this.at(() => valueAt(target, index), node.position);
      }
      case "call":
        return this.call(node);
      case "array": {
        const items = node.items.map((item) => this.compile(item));
        return this.at(() => this.zonesKept(listOf(items), items), node.position);
      }
      case "object": {
        // a STRUCT cannot be empty: an object without members is JSON, as an empty object of the source data is
        if (node.entries.length === 0) return typed("'{}'::JSON", "JSON");
        const values = node.entries.map(([key, value]) => [key, this.compile(value)] as const);
        const fn = functionNamed("to_object")!;
        const object = () => fn.compile(values.flatMap(([key, value]) => [{ sql: quoteLiteral(key), type: "VARCHAR", constant: { value: key } }, value]), this.context);
        return this.at(() => this.zonesKept(object(), values.map(([, value]) => value)), node.position);
      }
      case "unary": {
        const operand = this.compile(node.operand);
        return this.at(() => this.checked(node, this.unary(node.operator, operand), [[node.operand, operand]]), node.position);
      }
      case "binary":
        return this.at(() => {
          const left = this.compile(node.left);
          // JEXL evaluates the right of && only after a true left, of || only after a false one
          const guard = node.operator === "&&" ? `(${asBoolean(left)}) IS TRUE` : node.operator === "||" ? `(${asBoolean(left)}) IS NOT TRUE` : undefined;
          const right = this.within(guard, () => this.compile(node.right));
          return this.checked(node, binary(node.operator, left, right), [[node.left, left], [node.right, right]]);
        }, node.position);
      case "conditional":
        return this.at(() => {
          const [test, then, otherwise] = this.branches(node.test, node.then, node.otherwise);
          return conditional(test, then, otherwise);
        }, node.position);
    }
  }

  /** A test and its two branches, each branch's checks only where it is taken. */
  private branches(testNode: Node, thenNode: Node, otherwiseNode: Node): [Typed, Typed, Typed] {
    const test = this.compile(testNode);
    const condition = booleanOrUndefined(test);
    const guard = (taken: string) => condition && `(${condition}) ${taken}`;
    return [test, this.within(guard("IS TRUE"), () => this.compile(thenNode)), this.within(guard("IS NOT TRUE"), () => this.compile(otherwiseNode))];
  }

  private within(guard: string | undefined, work: () => Typed): Typed {
    if (guard) this.guards.push(guard);
    try {
      return work();
    } finally {
      if (guard) this.guards.pop();
    }
  }

  /** The result, and for arithmetic the check that a null result comes from a null operand, not an overflow. */
  private checked(node: Node, result: Arithmetic, operands: Array<[Node, Typed]>): Typed {
    const { inputs, ...value } = result;
    if (!inputs) return value;
    const shown = operands.filter(([, operand]) => !operand.constant).map(([part, operand]) => `${quoteLiteral(`${textOf(part)} = `)} || ${asText(operand)}`);
    const message = [quoteLiteral(`${textOf(node)} overflows ${value.type}${shown.length > 0 ? ": " : ""}`), shown.join(` || ', ' || `)].filter(Boolean).join(" || ");
    const condition = [...this.guards, ...inputs.map((sql) => `(${sql}) IS NOT NULL`), `(${value.sql}) IS NULL`].join(" AND ");
    this.overflows.push(`CASE WHEN ${condition} THEN ${message} END`);
    return value;
  }

  /** an error without a position gets the position of the node it was raised for */
  private at(work: () => Typed, position: number): Typed {
    try {
      return work();
    } catch (error) {
      if (error instanceof ExpressionError && error.position === undefined) throw new ExpressionError(error.message, position);
      throw error;
    }
  }

  private call(node: Extract<Node, { kind: "call" }>): Typed {
    const fn = functionNamed(node.name);
    if (!fn) {
      const why = NOT_OFFERED.get(node.name);
      throw new ExpressionError(why ? `the function ${node.name} is not supported: ${why}` : `the function ${node.name} does not exist${didYouMean(node.name, FUNCTION_NAMES)}`, node.position, "a Data Prep function (GET …/languages/el/functions)");
    }
    const [min, max] = fn.arity;
    if (node.args.length < min || node.args.length > max) {
      const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
      throw new ExpressionError(`the function ${node.name} takes ${expected} argument${expected === "1" ? "" : "s"}, not ${node.args.length}`, node.position, fn.syntax);
    }
    const args = fn.name === "iif" ? this.branches(node.args[0], node.args[1], node.args[2]) : node.args.map((arg) => this.compile(arg));
    return this.at(() => {
      try {
        // what only a row's value can break (an invalid percent sequence, a bad regex from the row,
        // a length past DuckDB's range) is null for that row, never a failed run: AEP nullifies a failed transformation
        const result = this.zonesKept(this.readingOnce(args, (read) => fn.compile(read, this.context)), args);
        const value = result.constant || fn.rowSafe ? result : { ...result, sql: nullOnError(result.sql) };
        return args.some(holdsFloat) ? this.finiteJson(node, value) : value;
      } catch (error) {
        if (error instanceof ExpressionError && !error.message.includes(node.name)) throw new ExpressionError(`${node.name}: ${error.message}`, error.position);
        throw error;
      }
    }, node.position);
  }

  /**
   * `compile` of `args`, an argument that draws a new value each time it is evaluated (uuid()) read
   * once where the function's SQL reads it more than once: extract_regex(uuid(), …) would otherwise
   * take its match from one uuid and its groups from others. Such an argument is the one element of
   * a list whose lambda is the function's SQL.
   */
  private readingOnce(args: Typed[], compile: (args: Typed[]) => Typed): Typed {
    const drawn = args.map((arg) => (isVolatile(arg.sql) ? this.context.parameter(`drawn_${++this.drawnCount}`) : undefined));
    if (drawn.every((name) => name === undefined)) return compile(args);
    const result = compile(
      args.map((arg, i) => {
        const name = drawn[i];
        return name ? { ...arg, sql: name } : arg;
      }),
    );
    const usesOf = (name: string) => result.sql.match(new RegExp(`\\b${name}\\b`, "g"))?.length ?? 0;
    if (drawn.every((name) => name === undefined || usesOf(name) <= 1)) return compile(args);
    const sql = drawn.reduce<string>((body, name, i) => (name ? `list_transform([${args[i].sql}], ${name} -> ${body})[1]` : body), result.sql);
    return { ...result, sql };
  }

  /**
   * A JSON value made of values holding a double, and the check that it holds no NaN or ±Infinity
   * (add_to_map writes a DOUBLE's so): JSON has no such number, so the row fails naming the value rather than store text that is
   * no JSON, or a number turned into a string.
   */
  private finiteJson(node: Node, value: Typed): Typed {
    if (value.type !== "JSON" || value.constant) return value;
    const text = `CAST(${value.sql} AS VARCHAR)`;
    const condition = [...this.guards, holdsNonFinite(text)].join(" AND ");
    this.overflows.push(`CASE WHEN ${condition} THEN ${quoteLiteral(`${textOf(node)} holds NaN or Infinity, which JSON has no number for: `)} || ${text} END`);
    return value;
  }

  private unary(operator: string, operand: Typed): Arithmetic {
    switch (operator) {
      case "-": {
        // an integer negates in BIGINT at least, as it adds: -(-2147483648) is no overflow
        if (isInteger(operand)) {
          const type = widerInteger(operand, operand);
          // a literal is never the smallest integer, the only one whose negation overflows
          if (operand.constant) return { ...typed(`(-CAST(${operand.sql} AS ${type}))`, type), ...negated(operand) };
          return { sql: nullOnError(`(-CAST(${operand.sql} AS ${type}))`), type, inputs: [operand.sql], ...negated(operand) };
        }
        return { ...typed(`(-${asNumber(operand)})`, isNumber(operand) ? operand.type : "DOUBLE"), ...negated(operand) };
      }
      case "!":
        return typed(`(NOT ${truth(operand)})`, "BOOLEAN");
      case "~":
        return complement(operand);
      case "size":
        return sizeOf(operand);
      default: {
        const fn = functionNamed("is_empty")!;
        return fn.compile([operand], this.context);
      }
    }
  }
}

/** Whether a value holds a FLOAT or DOUBLE at any depth: the only values whose JSON can hold NaN or ±Infinity (json_to_object reads none). */
function holdsFloat(value: Typed): boolean {
  return isNumber(value) ? value.type === "DOUBLE" || value.type === "FLOAT" : /\b(DOUBLE|FLOAT)\b/.test(value.type) && holdsPrimitive(parseDuckDbType(value.type), (name) => name === "DOUBLE" || name === "FLOAT");
}

/** the test as a boolean; undefined for one that is none (the conditional says so) */
function booleanOrUndefined(test: Typed): string | undefined {
  try {
    return asBoolean(test);
  } catch (error) {
    if (error instanceof ExpressionError) return undefined;
    throw error;
  }
}

/**
 * JEXL's `~`, the bitwise complement of a long (`~44` is -45), always a BIGINT: of an integer, a
 * string holding one, or a boolean, which JEXL's arithmetic reads as 1 or 0 (`~true` is -2). A
 * number with a fraction or a string holding no integer is null, as to_integer's, never rounded.
 * An integer past BIGINT (a string of any number of digits too), which JEXL's long would wrap to its
 * low 64 bits, fails the row as an overflow rather than become another number. A null is null, as
 * for `-` and the other arithmetic: JEXL's lenient arithmetic would read it as 0 (`~null` is -1)
 * and its strict one refuse it, which AEP makes a null field.
 */
function complement(operand: Typed): Arithmetic {
  const value = operand.constant?.value;
  if (typeof value === "boolean") return { ...typed(`(~CAST(${operand.sql} AS BIGINT))`, "BIGINT"), constant: { value: value ? -2 : -1 } };
  if (operand.type === "BOOLEAN") return typed(`(~CAST(${operand.sql} AS BIGINT))`, "BIGINT");
  if (typeof value === "number" && Number.isSafeInteger(value)) return { ...typed(`(~CAST(${operand.sql} AS BIGINT))`, "BIGINT"), constant: { value: -value - 1 } };
  // the whole number at any size: one past BIGINT (a string of 50 digits too) is the overflow check's to name
  const whole = wholeNumber(operand);
  return { sql: `(~TRY_CAST(${whole} AS BIGINT))`, type: "BIGINT", inputs: [whole] };
}

/** a negated number literal is still a constant (it names no value in a message) */
function negated(operand: Typed): Pick<Typed, "constant"> {
  return typeof operand.constant?.value === "number" ? { constant: { value: -operand.constant.value } } : {};
}

function numberLiteral(text: string): Typed {
  if (/^[0-9]+$/.test(text)) {
    const value = BigInt(text);
    const type = value <= 2147483647n ? "INTEGER" : value <= 9223372036854775807n ? "BIGINT" : "HUGEINT";
    if (value > 170141183460469231731687303715884105727n) throw new ExpressionError(`the number ${text} is too large`);
    return { sql: `${text}::${type}`, type, constant: { value: Number(text) } };
  }
  if (/^[0-9]+\.[0-9]+$/.test(text)) {
    const [whole, fraction] = text.split(".");
    const digits = whole.replace(/^0+(?=.)/, "").length + fraction.length;
    if (digits <= 38) {
      const type = `DECIMAL(${Math.max(digits, fraction.length + 1)},${fraction.length})`;
      return { sql: `${text}::${type}`, type, constant: { value: Number(text) } };
    }
  }
  return { sql: `${text}::DOUBLE`, type: "DOUBLE", constant: { value: Number(text) } };
}

/** a value as the logical operators read it: a null (or a string that is no boolean) is false, as JEXL reads it, so `!`, `&&` and `||` are never null */
function truth(t: Typed): string {
  return `coalesce(${asBoolean(t)}, false)`;
}

const COMPARISONS: Record<string, string> = { "==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

function binary(operator: string, left: Typed, right: Typed): Arithmetic {
  switch (operator) {
    case "&&":
      return typed(`(${truth(left)} AND ${truth(right)})`, "BOOLEAN");
    case "||":
      return typed(`(${truth(left)} OR ${truth(right)})`, "BOOLEAN");
    case "+":
      if (isText(left) || isText(right)) return typed(`concat(${asText(left)}, ${asText(right)})`, "VARCHAR");
      return arithmetic("+", left, right);
    case "-":
    case "*":
    case "%":
      return arithmetic(operator, left, right);
    case "/":
      // integers divide whole, as in Java; by zero is null
      if (isInteger(left) && isInteger(right)) {
        const divisor = `nullif(${right.sql}, 0)`;
        return { sql: nullOnError(`(${left.sql} // ${divisor})`), type: commonType([left, right]), inputs: [left.sql, divisor] };
      }
      return typed(`(${asNumber(left)}::DOUBLE / nullif(${asNumber(right)}, 0))`, "DOUBLE");
    default:
      return comparison(COMPARISONS[operator], left, right);
  }
}

function arithmetic(operator: string, left: Typed, right: Typed): Arithmetic {
  const both = isNumber(left) && isNumber(right);
  const type = both ? (isInteger(left) && isInteger(right) ? widerInteger(left, right) : exactType(operator, left, right)) : "DOUBLE";
  const inputs = [asNumber(left), operator === "%" ? `nullif(${asNumber(right)}, 0)` : asNumber(right)];
  // a DECIMAL product is computed from its operands as they are (scales add up), then held in its type;
  // everything else in the result's type. Beyond its range the value is null and the row's check says so
  if (operator === "*" && type.startsWith("DECIMAL")) return { sql: nullOnError(`CAST(${asNumber(left)} * ${asNumber(right)} AS ${type})`), type, inputs };
  const operand = (t: Typed) => `CAST(${asNumber(t)} AS ${type})`;
  if (operator !== "%") return { sql: nullOnError(`${operand(left)} ${operator} ${operand(right)}`), type, inputs };
  // by a constant integer other than 0 and -1 an integer's remainder always fits and never fails: no check, no try
  if (isInteger({ sql: "", type }) && left.type !== "UHUGEINT" && isInteger(right) && typeof right.constant?.value === "number" && ![0, -1].includes(right.constant.value)) {
    return typed(`(${operand(left)} % ${operand(right)})`, type);
  }
  // DuckDB refuses the smallest integer % -1, though the remainder (0) fits
  const remainder = `${operand(left)} % nullif(${operand(right)}, 0)`;
  const sql = isInteger({ sql: "", type }) ? `(CASE WHEN ${operand(right)} = -1 THEN ${operand(left)} * 0 ELSE ${remainder} END)` : remainder;
  return { sql: nullOnError(sql), type, inputs };
}

/**
 * DECIMAL arithmetic keeps every digit its result can have: 9.9 + 9.9 is DECIMAL(3,1), 1.5 * 1.25
 * DECIMAL(5,3). Past the 38 digits a DECIMAL holds, the result keeps its scale in DECIMAL(38, scale):
 * exact whenever its value fits, the row's overflow error when it does not, as for an integer — never
 * a double rounding away digits. A product with more than 38 decimal places cannot be exact and is refused.
 */
function exactType(operator: string, left: Typed, right: Typed): string {
  const common = commonType([left, right]);
  if (!common.startsWith("DECIMAL")) return common;
  const [a, b] = [decimalShape(left.type), decimalShape(right.type)];
  const shape =
    operator === "*"
      ? { precision: a.precision + b.precision, scale: a.scale + b.scale }
      : operator === "%"
        ? decimalShape(common)
        : { precision: Math.max(a.precision - a.scale, b.precision - b.scale) + 1 + Math.max(a.scale, b.scale), scale: Math.max(a.scale, b.scale) };
  if (shape.scale > 38) {
    throw new ExpressionError(`${typeWords(left.type)} ${operator} ${typeWords(right.type)} has ${shape.scale} decimal places, more than the 38 digits a DECIMAL holds, so it cannot be computed exactly; multiply a value with fewer decimal places`);
  }
  return `DECIMAL(${Math.min(shape.precision, 38)},${shape.scale})`;
}

const WIDE_INTEGERS = new Set(["HUGEINT", "UBIGINT", "UHUGEINT"]);

/** integer arithmetic in BIGINT at least (2147483647 + 1 does not overflow), in HUGEINT beside one past BIGINT's range */
function widerInteger(left: Typed, right: Typed): string {
  return WIDE_INTEGERS.has(left.type) || WIDE_INTEGERS.has(right.type) ? "HUGEINT" : "BIGINT";
}

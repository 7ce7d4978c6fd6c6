/**
 * Spark SQL query text → DuckDB SQL. The translation is token by token; only what differs is
 * rewritten:
 * - table references after FROM / JOIN / a FROM-list comma become the Delta scan relation of the
 *   snapshot they name (`VERSION AS OF n`, `TIMESTAMP AS OF ts`, `@vN`), table_changes(…) becomes
 *   the change-data relation, range(…) becomes Spark's single `id` column;
 * - Spark literals: "double-quoted strings", backticked identifiers, 10L / 1.5BD / 2D suffixes,
 *   X'0A', TIMESTAMP '…' (an instant: TIMESTAMPTZ) and TIMESTAMP_NTZ '…';
 * - Spark types inside CAST(… AS t) and ::t, operators (<=>, ==, !, DIV), `* EXCEPT (…)`, MINUS;
 * - Spark functions DuckDB lacks or spells differently: renamed (engine/spark-functions.ts) or rewritten,
 *   by name, by sql/call-rewrites.ts (struct(a, b) with Spark's field names, date_format's pattern…);
 *   LEFT ANTI / LEFT SEMI joins;
 * - `x[i]`, element_at and the generators (explode, posexplode, their _outer forms), whose meaning
 *   depends on whether x is an ARRAY, a MAP or a STRUCT, are decided by DuckDB's binder once the whole
 *   query is translated (subscripts.ts); inline and inline_outer unnest an array of structs, stack a
 *   list of one struct per row; LATERAL VIEW becomes a lateral subquery (lateral-view.ts);
 * - higher-order functions with Spark's lambdas (transform, filter, exists, forall, aggregate; zip_with,
 *   map_filter, transform_keys, transform_values with two parameters) as DuckDB's list functions, an
 *   index lambda parameter counting from 0; array_sort with a comparator (higher-order-calls.ts);
 * - the divisor of `/`, DIV and `%` guarded to fail on zero as ANSI mode does (ansi-division.ts);
 * - inline tables (`VALUES 1, 2`, columns col1, col2, …; values-rows.ts) and percentiles (percentile, median,
 *   percentile_approx, percentile_cont between DOUBLEs; percentile-calls.ts) as Spark reads and computes them,
 *   a window function's IGNORE NULLS inside its call (null-treatment.ts);
 *   reverse of an ARRAY or a STRING decided by DuckDB's binder, as a subscript is;
 * - a set operation that compares rows (UNION [DISTINCT], EXCEPT, INTERSECT, MINUS) whose rows hold a
 *   MAP is refused as Spark refuses it: DuckDB would compare the maps; so is any set operation whose
 *   operands' columns have no common type in Spark (structs of other fields): DuckDB would fill them.
 * What DuckDB then cannot run comes back as an error result with DuckDB's text as the cause.
 */
import { sqlErrors } from "../errors.js";
import { Cursor } from "./cursor.js";
import { FUNCTION_RENAMES, castMacro, castMacroFor, castMacroType, widenedDecimalNull } from "../engine/spark-functions.js";
import { parseSparkType, quoteIdent, quoteString, type SparkType, sparkSqlType, sparkToDuckDb, stringExpression } from "./spark-types.js";
import type { Name, TimeTravel, Tokens } from "./statements.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";
import { INLINE, newSite, nativeSites, resolveSites, splitCall } from "./subscripts.js";
import { guardDivisors, isDivOperator } from "./ansi-division.js";
import { concatOperators } from "./concat-operator.js";
import { decimalOperators } from "./decimal-operators.js";
import { stringNumberComparisons } from "./string-number-comparisons.js";
import { literalCastMacro, typedLiteralCall } from "./datetime-literals.js";
import { datetimeArguments } from "./datetime-arguments.js";
import { stringNumberBranches } from "./string-number-branches.js";
import { stringNumberArguments } from "./string-number-arguments.js";
import { textArguments } from "./text-arguments.js";
import { regexCalls } from "./regex-calls.js";
import { assertTrueCalls } from "./assert-true.js";
import { timeWindows } from "./time-window.js";
import { SET_OPERATIONS, startsFromClause } from "./relation-words.js";
import { tableQueries } from "./table-queries.js";
import { sortAndDistributeBy } from "./sort-distribute-by.js";
import { stringAggregates } from "./string-aggregates.js";
import { duckdbCollation } from "./collations.js";
import { javaNamedGroups } from "./java-regex.js";
import { conditionlessJoins } from "./join-conditions.js";
import { jsonPathOperators } from "./json-path-operator.js";
import { bindsAlone } from "./promotions.js";
import { DUCKDB_UNRESERVED_KEYWORDS } from "./duckdb-keywords.js";
import { caseKeyComparisons, nullifComparisons } from "./implied-comparisons.js";
import { inlineTables } from "./values-rows.js";
import { nullTreatmentInCalls } from "./null-treatment.js";
import { PERCENTILE_FUNCTIONS, percentileSql, withinGroupAsDouble } from "./percentile-calls.js";
import { DATETIME_LITERAL_WORDS, endsOperandAt, isClauseWordAsName, isNameAt } from "./operand-words.js";
import { lateralViews } from "./lateral-view.js";
import { ARRAY_FUNCTIONS, type CallContext, type CallRewrite, splitArgs } from "./call.js";
import { CALL_REWRITES, namedConstantSql, WRAPPED_AGGREGATES } from "./call-rewrites.js";
import { intervalLiterals } from "./interval-literals.js";
import { dateIntervals } from "./date-intervals.js";
import { groupByModifiers } from "./group-by-modifiers.js";
import { filterConditions } from "./filter-conditions.js";
import { groupingIdCalls } from "./grouping-id.js";
import { pivotAlias } from "./pivot-alias.js";
import { likeQuantifiers } from "./like-quantifiers.js";
import { type TypedColumn, widenedOperand } from "./set-operation-types.js";


export interface TranslateContext extends CallContext {
  /** relation SQL for a table (any snapshot); throws SqlError if unknown */
  table(name: Name, travel?: TimeTravel): Promise<string>;
  /** relation SQL for table_changes(name, start[, end]); bounds are versions or timestamp SQL */
  changes(name: string, start: number | string, end?: number | string): Promise<string>;
  /**
   * The first column of a (translated) query whose type holds a MAP at any depth, its type as Spark
   * writes it in a message (`MAP<STRING, BIGINT>`); undefined when none does. Without it set
   * operations are not checked.
   */
  mapColumn?(query: string): Promise<{ name: string; type: string } | undefined>;
  /** The names and Spark types of a (translated) query's columns, typed without reading a row. Without it set operations' operands are not compared. */
  columns?(query: string): Promise<TypedColumn[]>;
  /** DuckDB's binder's message for a (translated) query it refuses, undefined when it binds. Without it `x[i]`, element_at and the generators take DuckDB's meaning (sql/subscripts.ts). */
  bindError?(query: string): Promise<string | undefined>;
  /**
   * `*`, `/`, `%`, `+`, `-` and the comparisons as DuckDB's own operators, not Spark's typed ones (sql/decimal-operators.ts,
   * sql/date-intervals.ts, sql/string-number-comparisons.ts), which DuckDB cannot bind where an operand names an outer query's
   * column (a correlated subquery), an aggregate whose type its macro's binding cannot know (`HAVING max(a) = min(b)`), or nothing
   */
  duckdbOperators?: boolean;
}

interface Frame {
  kind: "query" | "expr" | "cast";
  inFrom: boolean;
  expectTable: boolean;
  /** a query frame: where its text starts in the output */
  start?: number;
  /** a query frame that begins with WITH: where that starts, and its WITH clause once the main query begins */
  withStart?: number;
  withClause?: string;
  /** while in its WITH clause: where the WITH queries before the current one end */
  withDefined?: number;
  /** a cast frame: where its `CAST(` starts in the output, and how long that is */
  castAt?: { start: number; length: number };
  /** text written after the frame's ")": the column alias of an explode(…) that has none */
  afterClose?: string;
  /**
   * a query frame after a set operation: its word, where it starts in the output (its left operand ends there), and whether an
   * earlier one of the frame is in its left operand
   */
  setOperation?: { word: string; at: number; chained: boolean };
  /** a query frame after a set operation: where the clauses of the whole operation's result (ORDER BY, LIMIT, …) start in the output */
  organizationAt?: number;
  /** a query frame between its SELECT and its FROM (or the clause that ends its select list) */
  inSelectList?: boolean;
}

const QUERY_WORDS = new Set(["SELECT", "WITH", "VALUES", "FROM"]);
/** the table functions LATERAL may come before, which read the row's values (upper case) */
const LATERAL_TABLE_FUNCTIONS = new Set(["VARIANT_EXPLODE", "VARIANT_EXPLODE_OUTER"]);

/** the words that make a string after them a literal of their type */
const TYPED_LITERALS = new Set([...DATETIME_LITERAL_WORDS, "INTERVAL"]);
/** the words that start the clause after a FROM (or a WHERE, a GROUP BY, …) */
export const END_OF_FROM: ReadonlySet<string> = new Set([
  "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW",
  "QUALIFY", "SORT", "CLUSTER", "DISTRIBUTE", "OFFSET", "SELECT",
]);
/** words that, right after a table reference, are not its alias */
const NOT_ALIAS = new Set([
  ...END_OF_FROM, "JOIN", "ON", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "OUTER", "NATURAL", "USING",
  "LATERAL", "TABLESAMPLE", "PIVOT", "UNPIVOT", "ANTI", "SEMI", "VERSION", "TIMESTAMP", "FOR",
]);
const TIMESTAMP_END = new Set([...NOT_ALIAS, "AS"]);

/**
 * whether the word at `k` ends a select list: FROM (not that of IS [NOT] DISTINCT FROM), or a clause's word (GROUP and ORDER with
 * their BY: WITHIN GROUP's is none)
 */
function endsSelectList(tokens: Token[], k: number): boolean {
  const word = tokens[k]?.kind === "ident" ? tokens[k].value.toUpperCase() : "";
  if (word === "FROM") return startsFromClause(tokens, k);
  return END_OF_FROM.has(word) && (!["GROUP", "ORDER"].includes(word) || isWord(tokens[k + 1], "BY"));
}

/** whether `word`, `next` after it, starts a clause of a query's result that follows its set operations (Spark's queryOrganization) */
function startsOrganization(word: string, next: string): boolean {
  return word === "LIMIT" || word === "OFFSET" || (["ORDER", "SORT", "CLUSTER", "DISTRIBUTE"].includes(word) && next === "BY");
}
/**
 * Words DuckDB keeps for its own grammar but Spark lets users name columns with (duckdb_keywords()
 * category "column_name", and of "type_function" those Spark's queries never use as syntax). Used as a column they are quoted; followed by "(" (a function) or a
 * literal (TIMESTAMP '…', INTERVAL 1 DAY) they stay syntax.
 */
const DUCKDB_COLUMN_NAME_KEYWORDS = new Set([
  "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists", "extract", "float",
  "grouping", "grouping_id", "inout", "int", "integer", "interval", "national", "nchar", "none", "nullif", "numeric",
  "out", "overlay", "position", "precision", "real", "row", "setof", "smallint", "substring", "time", "timestamp",
  "treat", "trim", "values", "varchar",
  // category "type_function" words that are no syntax of Spark's queries (JOIN, BY, IS, LIKE… are, and stay words)
  "asof", "at", "authorization", "concurrently", "freeze", "glob", "isnull", "notnull", "overlaps", "positional", "similar",
  "unpack", "verbose",
]);

/**
 * A query (or, with `asQuery` making a query of it, an expression) translated, its array-or-map
 * calls decided by DuckDB's binder (sql/subscripts.ts).
 */
export async function translateQuery(tokens: Tokens, ctx: TranslateContext, asQuery?: (sql: string) => string | Promise<string>): Promise<string> {
  return resolveSites(await translateFragment(tokens, ctx), ctx.bindError, asQuery);
}

/** the rewrites of a query's tokens before it is translated, in the order they apply */
const TOKEN_PASSES: readonly ((tokens: Token[]) => Token[])[] = [tableQueries, filterConditions, assertTrueCalls, sortAndDistributeBy, timeWindows, regexCalls, javaNamedGroups, jsonPathOperators, groupByModifiers, groupingIdCalls, pivotAlias, intervalLiterals, lateralViews, conditionlessJoins, inlineTables, likeQuantifiers, nullTreatmentInCalls, stringAggregates, withinGroupAsDouble, guardDivisors, decimalOperators, dateIntervals, concatOperators, caseKeyComparisons, nullifComparisons, stringNumberBranches, stringNumberArguments, textArguments, datetimeArguments, stringNumberComparisons];

/** the passes that write Spark's typed operators, left out where DuckDB's own are asked for (TranslateContext.duckdbOperators) */
const TYPED_OPERATOR_PASSES: readonly ((tokens: Token[]) => Token[])[] = [decimalOperators, dateIntervals, stringNumberBranches, stringNumberArguments, textArguments, datetimeArguments, stringNumberComparisons];

/** part of a query, translated with its array-or-map calls left undecided for the whole query's translation to decide */
function translateFragment(tokens: Tokens, ctx: TranslateContext): Promise<string> {
  const passes = ctx.duckdbOperators ? TOKEN_PASSES.filter((pass) => !TYPED_OPERATOR_PASSES.includes(pass)) : TOKEN_PASSES;
  return new Translator(passes.reduce((passed, pass) => pass(passed), tokens), ctx, cteNames(tokens)).run();
}

class Translator {
  private out = "";
  private i = 0;
  private frames: Frame[] = [{ kind: "query", inFrom: false, expectTable: false, start: 0 }];
  /** where each token read so far starts in the output */
  private starts: number[] = [];
  /** the open subscripts: whether each became a site's call, closed by ")" instead of "]" */
  private subscripts: boolean[] = [];
  /** the operand's first token of each `::` cast, by the cast's type's last token */
  private castStarts = new Map<number, number>();
  /** the ")" tokens after which a call the translator opened closes (wrappedAggregate) */
  private closesAfter = new Map<Token, string>();
  /** the ")" tokens after which the output since a call's name is written anew (typedAggregateCall) */
  private rewritesAfter = new Map<Token, () => void>();

  /** the names the query's relations go by, which qualify its columns (lower-cased) */
  private readonly relations: Set<string>;

  constructor(
    private readonly tokens: Token[],
    private readonly ctx: TranslateContext,
    private readonly ctes: Set<string>,
  ) {
    this.relations = relationNames(tokens, ctes);
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }
  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  private word(offset = 0): string {
    const t = this.peek(offset);
    return t.kind === "ident" ? t.value.toUpperCase() : "";
  }
  private emit(text: string, glue = false): void {
    if (!glue && this.out.length > 0 && !this.out.endsWith("(") && !this.out.endsWith(".")) this.out += " ";
    this.out += text;
  }

  async run(): Promise<string> {
    while (this.peek().kind !== "eof") await this.step();
    for (const frame of this.frames) await this.typeSetOperation(frame);
    return this.out;
  }

  private async step(): Promise<void> {
    this.starts[this.i] = this.out.length;
    const t = this.peek();
    const frame = this.frame;
    if (frame.expectTable) {
      frame.expectTable = false;
      if (t.kind === "op" && t.value === "(") {
        const sub = QUERY_WORDS.has(this.word(1));
        this.i++;
        this.emit("(");
        this.frames.push({ kind: "query", inFrom: false, expectTable: !sub, start: this.out.length });
        return;
      }
      if ((t.kind === "ident" || t.kind === "qident") && !(t.kind === "ident" && t.value.toUpperCase() === "VALUES")) {
        if (t.kind === "ident" && t.value.toUpperCase() === "LATERAL") {
          // a LATERAL VIEW, written as a lateral subquery (sql/lateral-view.ts), or a table function of the row's values
          const generator = LATERAL_TABLE_FUNCTIONS.has(this.word(1)) && this.peek(2).kind === "op" && this.peek(2).value === "(";
          if (!generator && !(this.peek(1).kind === "op" && this.peek(1).value === "(" && this.word(2) === "SELECT")) throw sqlErrors.unsupported("LATERAL");
          this.i++;
          this.emit("LATERAL");
          frame.expectTable = true;
          return;
        }
        if (this.peek(1).kind === "op" && this.peek(1).value === "(") return this.tableFunction();
        return this.tableReference();
      }
    }
    switch (t.kind) {
      case "qident":
        this.i++;
        return this.emit(quoteIdent(t.value));
      case "string": {
        const before = this.tokens[this.i - 1];
        this.i++;
        if (t.prefix === "X") return this.emit(`from_hex(${quoteString(t.value)})`);
        // literals side by side are one in an expression, as in Spark: 'data' ' lake' is 'data lake'
        let value = t.value;
        while (this.peek().kind === "string" && this.peek().prefix !== "X") value += this.tokens[this.i++].value;
        this.emit(stringExpression(value));
        // a LIKE pattern escapes with a backslash in Spark, which DuckDB's LIKE does only when told
        if (value.includes("\\") && (isWord(before, "LIKE") || isWord(before, "ILIKE")) && !isWord(this.peek(), "ESCAPE")) this.emit("ESCAPE '\\'");
        return;
      }
      case "number":
        this.i++;
        return this.emit(numberLiteral(t));
      case "op":
        return this.operator(t);
      case "ident":
        return this.identifier(t);
      default:
        this.i++;
    }
  }

  private async operator(t: Token): Promise<void> {
    this.i++;
    switch (t.value) {
      case "(": {
        const kind = QUERY_WORDS.has(this.word()) ? "query" : "expr";
        // f(x), not f (x)
        const before = this.tokens[this.i - 2];
        this.emit("(", before !== undefined && (before.kind === "ident" || before.kind === "qident"));
        this.frames.push({ kind, inFrom: false, expectTable: false, start: this.out.length });
        return;
      }
      case ")": {
        const frame = this.frames.length > 1 ? this.frames.pop()! : undefined;
        if (frame) await this.typeSetOperation(frame);
        this.emit(")", true);
        if (frame?.afterClose) this.emit(frame.afterClose, true);
        const closing = this.closesAfter.get(t);
        if (closing) this.emit(closing, true);
        this.rewritesAfter.get(t)?.();
        return;
      }
      case "[":
        return this.subscript();
      case "]":
        return this.emit(this.subscripts.pop() ? "))" : "]", true);
      case ".":
        return this.emit(".", true);
      case ",":
        if (this.frame.kind === "query" && this.frame.inFrom && !separatesValuesRows(this.tokens, this.i - 1)) this.frame.expectTable = true;
        if (this.frame.withStart !== undefined && this.frame.withClause === undefined) this.frame.withDefined = this.out.length;
        return this.emit(",", true);
      case "<=>":
        return this.emit("IS NOT DISTINCT FROM");
      case "==":
        return this.emit("=");
      case "!":
        return this.emit("NOT");
      case "::": {
        const start = this.castOperandStart(this.i - 2);
        const c = new Cursor(this.tokens);
        c.i = this.i;
        const type = parseSparkType(c);
        this.i = c.i;
        // a `::` after this one casts the same operand's start
        this.castStarts.set(this.i - 1, start);
        const integral = castMacro(type, this.ctx.duckdbOperators);
        // x::INT as CAST(x AS INT) makes it, where the operand's start is clear; else DuckDB's cast
        if (integral && start >= 0 && this.starts[start] !== undefined) {
          const at = this.starts[start];
          const operand = this.out.slice(at).trim();
          this.out = this.out.slice(0, at);
          return this.emit(`${literalCastMacro(castMacroFor(integral, sqlHoldsCall(operand)), operand)}(${operand}${castMacroType(type)})`);
        }
        return this.emit("::" + sparkToDuckDb(type), true);
      }
      case "*":
        if (this.word() === "EXCEPT" && this.peek(1).value === "(") {
          this.i++;
          return this.emit("* EXCLUDE");
        }
        return this.emit("*");
      case "@":
        throw sqlErrors.unsupported("'@' outside a table reference");
      case "^":
        // Spark's ^ is a bitwise exclusive or, DuckDB's a power: refused rather than answering another value
        throw sqlErrors.unsupported("The ^ operator (Spark's bitwise exclusive or; write (a | b) - (a & b))");
      default:
        return this.emit(t.value);
    }
  }

  private async identifier(t: Token): Promise<void> {
    const word = t.value.toUpperCase();
    const next = this.peek(1);
    const call = next.kind === "op" && next.value === "(";
    this.i++;
    // current_user and session_user without parentheses, SQL's keywords, as the calls they are: not qualified nor an alias, nor in
    // FROM or a parenthesis of it, where the name is a table's or an alias's column (`t(current_user)`); DuckDB's own names its user
    const bare = !call && (word === "CURRENT_USER" || word === "SESSION_USER") && !isOp(next, ".") && !isOp(this.tokens[this.i - 2], ".");
    const inFrom = this.frame.inFrom || (this.frame.kind === "expr" && this.frames.at(-2)?.inFrom);
    if (bare && !isWord(this.tokens[this.i - 2], "AS") && !inFrom) return this.emit(namedConstantSql(`${word.toLowerCase()}()`, this.ctx.currentUser));
    // a column named left, order or window, which DuckDB reserves (its functions left() and right() stay calls)
    if (!call && isClauseWordAsName(this.tokens, this.i - 1)) return this.emit(quoteIdent(t.value));
    if (this.frame.kind === "cast" && word === "AS") {
      const c = new Cursor(this.tokens);
      c.i = this.i;
      const type = parseSparkType(c);
      this.i = c.i;
      if (type === "binary" && this.frame.castAt) return this.castAsCall(this.frame.castAt, "spark_binary");
      const integral = castMacro(type, this.ctx.duckdbOperators);
      if (integral && this.frame.castAt) {
        const tried = this.out.startsWith("TRY_CAST(", this.frame.castAt.start);
        const macro = tried ? integral.replace("spark_cast_", "spark_try_cast_") : integral;
        const operand = this.out.slice(this.frame.castAt.start + this.frame.castAt.length);
        this.castAsCall(this.frame.castAt, literalCastMacro(castMacroFor(macro, sqlHoldsCall(operand)), operand));
        this.out += castMacroType(type);
        return;
      }
      return this.emit(`AS ${sparkToDuckDb(type)}`);
    }
    if ((word === "CAST" || word === "TRY_CAST") && call) {
      this.i++;
      this.emit(`${word}(`);
      this.frames.push({ kind: "cast", inFrom: false, expectTable: false, castAt: { start: this.out.length - word.length - 1, length: word.length + 1 } });
      return;
    }
    const typedLiteral = next.kind === "string" && next.prefix !== "X" ? typedLiteralCall(word, next.value) : undefined;
    if (typedLiteral) {
      this.i++;
      return this.emit(typedLiteral);
    }
    if (next.kind === "string" && (word === "TIMESTAMP" || word === "TIMESTAMP_LTZ")) return this.emit("TIMESTAMPTZ");
    if (next.kind === "string" && word === "TIMESTAMP_NTZ") return this.emit("TIMESTAMP");
    // MINUS after AS is a name (Spark's keyword is not reserved): `SELECT -x AS minus`
    const setOperation = SET_OPERATIONS.has(word) && !(word === "MINUS" && isWord(this.tokens[this.i - 2], "AS"));
    if (this.frame.kind === "query") {
      this.noteWith(word);
      if (word === "SELECT") this.frame.inSelectList = true;
      else if (endsSelectList(this.tokens, this.i - 1)) this.frame.inSelectList = false;
      if (setOperation) {
        const chained = this.frame.setOperation !== undefined;
        await this.typeSetOperation(this.frame);
        this.frame.setOperation = { word: word === "MINUS" ? "EXCEPT" : word, at: this.out.length, chained };
      } else if (this.frame.setOperation && this.frame.organizationAt === undefined && startsOrganization(word, this.word())) {
        this.frame.organizationAt = this.out.length;
      }
      if (setOperation && !(word === "UNION" && this.word() === "ALL")) await this.refuseMapRows();
      if (word === "LEFT" && (this.word() === "ANTI" || this.word() === "SEMI")) return; // DuckDB: ANTI JOIN, SEMI JOIN
      if (word === "FROM" && startsFromClause(this.tokens, this.i - 1)) {
        this.frame.inFrom = true;
        this.frame.expectTable = true;
      } else if (word === "JOIN") {
        this.frame.expectTable = true;
      } else if (END_OF_FROM.has(word)) {
        this.frame.inFrom = false;
      }
    }
    if (word === "MINUS" && setOperation) return this.emit("EXCEPT");
    if (word === "DIV" && isDivOperator(this.tokens, this.i - 1)) return this.emit("//");
    if (word === "NOT" && isRegexOperator(this.peek()) && this.peek(1).kind === "string") {
      this.i++;
      return this.regexMatch(this.tokens[this.i - 1].value.toUpperCase(), "!~");
    }
    if (isRegexOperator(t)) return this.regexMatch(word, "~");
    if (!call && this.isBareKeywordAlias(t)) return this.emit(quoteIdent(t.value));
    // x COLLATE UTF8_LCASE: DuckDB's collation of the name (sql/collations.ts)
    if (word === "COLLATE" && (next.kind === "ident" || next.kind === "qident")) {
      this.i++;
      return this.emit(`COLLATE ${duckdbCollation(next.value)}`);
    }
    if (call) {
      const lower = t.value.toLowerCase();
      const rewrite = CALL_REWRITES.get(lower);
      if (rewrite && this.rewriteCall(t.value, rewrite)) return;
      if (lower === "element_at" || lower === "try_element_at" || lower === "reverse") return this.emit(newSite(lower).name);
      if (lower === "size" || lower === "cardinality") return this.emit(newSite("size").name);
      if (lower === "explode" || lower === "posexplode" || lower === "explode_outer" || lower === "posexplode_outer") {
        const site = newSite(lower);
        return this.generatorCall(site.name, site.after);
      }
      if (lower === "inline" || lower === "inline_outer") return this.generatorCall(INLINE[lower].name, () => INLINE[lower].after);
      // any(x) and some(x) are Spark's bool_or (WRAPPED_AGGREGATES); after a comparison or LIKE they are the quantifier, which DuckDB reads too
      const wrapped = (lower === "any" || lower === "some") && isQuantifierPlace(this.tokens[this.i - 2]) ? undefined : WRAPPED_AGGREGATES.get(lower);
      if (wrapped) return this.wrappedAggregate(wrapped);
      // PIVOT takes one aggregate call, which the typed sum and avg are not: its sum is DuckDB's, an integers' narrowed to Spark's BIGINT
      if ((lower === "sum" || lower === "avg" || lower === "mean") && isPivotAggregate(this.tokens, this.i - 1)) {
        return lower === "sum" ? this.wrappedAggregate({ before: "spark_pivot_sum(", inner: t.value, after: ")" }) : this.emit("avg");
      }
      if ((lower === "avg" || lower === "mean" || lower === "try_avg") && this.averageCall(t.value)) return;
      if ((lower === "sum" || lower === "try_sum") && this.sumCall(t.value)) return;
      if (lower === "skewness" && this.typedAggregateCall(t.value, ({ of }) => `spark_skewness(${of("skewness")}, ${of("count")}, ${of("var_pop")})`)) return;
      if (lower === "kurtosis" && this.typedAggregateCall(t.value, ({ of }) => `spark_kurtosis(${of("kurtosis_pop")}, ${of("count")}, ${of("var_pop")})`)) return;
      if (PERCENTILE_FUNCTIONS.has(lower) && this.percentileCall(t.value)) return;
      const renamed = FUNCTION_RENAMES[lower];
      if (renamed) return this.emit(renamed);
    } else if (
      DUCKDB_COLUMN_NAME_KEYWORDS.has(t.value.toLowerCase()) &&
      next.kind !== "string" &&
      next.kind !== "number" &&
      !(word === "ROW" && isWord(this.tokens[this.i - 2], "CURRENT")) &&
      !(word === "GROUPING" && isWord(next, "SETS"))
    ) {
      return this.emit(quoteIdent(t.value));
    }
    this.emit(t.value);
  }

  /**
   * whether `t`, just read, is a column alias written without AS that DuckDB's grammar takes for its keyword (`SELECT 1 share`,
   * `SELECT concat(a, b) name FROM t`): a word of DUCKDB_UNRESERVED_KEYWORDS in a select list, after an operand and before the
   * end of the item; not a unit of an interval literal (INTERVAL 1 DAY) nor the NULLS of IGNORE NULLS
   */
  private isBareKeywordAlias(t: Token): boolean {
    if (this.frame.kind !== "query" || !this.frame.inSelectList || !DUCKDB_UNRESERVED_KEYWORDS.has(t.value.toLowerCase())) return false;
    const before = this.i - 2;
    if (!endsOperandAt(this.tokens, before) || ["IGNORE", "RESPECT"].some((w) => isWord(this.tokens[before], w))) return false;
    const after = this.tokens[this.i];
    const endsItem = after === undefined || after.kind === "eof" || isOp(after, ",") || isOp(after, ")") || isOp(after, ";") || endsSelectList(this.tokens, this.i);
    return endsItem && !this.tokens.slice(Math.max(0, before - 2), before + 1).some((x) => isWord(x, "INTERVAL"));
  }

  /**
   * `s RLIKE 'pattern'` (REGEXP, NOT RLIKE): whether the pattern matches anywhere in s, as Java's find() does, written with DuckDB's
   * whole-string match operator `op` (`~`, `!~`) of `(?s).*(?:pattern).*`. DuckDB's `~` binds as Spark's RLIKE does, after `||`
   * and arithmetic. A pattern that is not one string literal standing alone is refused: its extent is not clear here.
   */
  private regexMatch(word: string, op: string): void {
    const pattern = this.peek();
    const after = this.peek(1);
    const continues = after.kind === "op" && ["||", "+", "-", "*", "/", "%", "::", "[", ".", "^", "&", "|"].includes(after.value);
    if (pattern.kind !== "string" || pattern.prefix === "X" || after.kind === "string" || continues) {
      throw sqlErrors.unsupported(`The ${word} operator with a pattern other than one string literal (use regexp_like(str, regex))`);
    }
    // a ")" the pattern does not open would close the group around it, and the pattern Spark refuses would match otherwise here
    if (closesUnopenedGroup(pattern.value)) throw sqlErrors.invalidRegex(pattern.value);
    this.i++;
    this.emit(`${op} ${quoteString(`(?s).*(?:${pattern.value}).*`)}`);
  }

  /**
   * The call whose name `name` was just read, its "(" next, as `rewrite` writes it (sql/call-rewrites.ts): its new
   * tokens read in its place, or SQL written in place of the whole call; false, and nothing rewritten, when the rewrite leaves it.
   */
  private rewriteCall(name: string, rewrite: CallRewrite): boolean {
    const close = Cursor.matchParen(this.tokens, this.i);
    const call = {
      name,
      tokens: this.tokens.slice(this.i - 1, close + 1),
      args: splitArgs(this.tokens.slice(this.i + 1, close)),
      pos: this.tokens[this.i].pos,
      windowed: isWord(this.tokens[close + 1], "OVER"),
    };
    const rewritten = rewrite(call, this.ctx);
    if (!rewritten) return false;
    if (!Array.isArray(rewritten)) {
      this.i = close + 1;
      this.emit(rewritten.sql);
      return true;
    }
    // a cast is read again from its CAST, so that its type is written as Spark's (a cast function, double(x); from_json's TRY_CAST)
    if (isWord(rewritten[0], "CAST") || isWord(rewritten[0], "TRY_CAST")) {
      this.tokens.splice(this.i - 1, close - this.i + 2, ...rewritten);
      this.i--;
      return true;
    }
    this.tokens.splice(this.i, close - this.i + 1, ...rewritten.slice(1));
    this.emit(rewritten[0].value);
    return true;
  }

  /**
   * CAST(x AS t) → macro(x), the cast as Spark makes it where DuckDB's differs: to BINARY spark_binary(x),
   * a string's UTF-8 bytes, where DuckDB's cast to BLOB would decode `\xNN` escapes in it (and refuse
   * any other backslash); to an integral type spark_cast_int(x) (TRY_CAST: spark_try_cast_int(x)) and the like, which truncate where DuckDB rounds
   */
  private castAsCall(castAt: { start: number; length: number }, macro: string): void {
    this.out = `${this.out.slice(0, castAt.start)}${macro}(${this.out.slice(castAt.start + castAt.length)}`;
  }

  /** An aggregate call (with any FILTER and OVER clause) as DuckDB's aggregate `inner` written between `before` and `after`, macro(inner(x) …) (sql/call-rewrites.ts WRAPPED_AGGREGATES) */
  private wrappedAggregate({ before, inner, after }: { before: string; inner: string; after: string }): void {
    const extent = aggregateExtent(this.tokens, this.i);
    if (!extent) return this.emit(inner);
    const { end, window } = extent;
    this.emit(`${before}${inner}`);
    if (window === undefined) this.closesAfter.set(this.tokens[end], after);
    // OVER w, a named window, has no ")" to close the call after: it is written after the call's last ")", and closes it
    else this.rewritesAfter.set(this.tokens[end], () => this.emit(`${this.namedWindow(window)}${after}`, true));
  }

  /** ` OVER w`, read: the two tokens after the ")" just read, a named window's clause of a call rewritten as a whole (wrappedAggregate, typedAggregateCall) */
  private namedWindow(window: string): string {
    this.i += 2;
    return ` OVER ${window}`;
  }

  /**
   * avg(x) and mean(x) (with any FILTER and OVER clause) as spark_avg(avg(x) …, sum(spark_avg_addend(x, x)) …, count(x) …,
   * min(spark_avg_type(x, x, w)) FILTER (WHERE false) [OVER …]): of a DECIMAL(p,s) the exact mean, rounded HALF_UP, as a
   * DECIMAL(p+4,s+4) as Spark's, where DuckDB's avg is a DOUBLE; the last argument, of no row, only carries that type.
   * try_avg(x) likewise as spark_try_avg(avg(x) …, …), NULL where a DECIMAL's mean is out of that type.
   */
  private averageCall(name: string): boolean {
    const tried = name.toLowerCase() === "try_avg";
    return this.typedAggregateCall(
      name,
      ({ of, args, distinct, typeOf, overloaded }) =>
        `${tried ? "spark_try_avg" : "spark_avg"}(${of(tried ? "avg" : name)}, ${of("sum", `${distinct}${overloaded("spark_avg_addend")}`)}, ` +
        `${of("count", args)}, ${typeOf("spark_avg_type", [4, 4])})`,
      { numeric: true },
    );
  }

  /**
   * sum(x) (with any FILTER and OVER clause) as spark_sum(sum(x) …, min(spark_sum_type(x, x, w)) FILTER (WHERE false) [OVER …]):
   * Spark's type, a BIGINT of integers (failing beyond its range as ANSI mode does), a DECIMAL(p+10,s) of a DECIMAL(p,s) (at most
   * 38 digits), where DuckDB's are a HUGEINT and a DECIMAL(38,s); sum(NULL) is a DOUBLE.
   * try_sum(x) likewise as spark_try_sum(sum(x) …, …), NULL where the sum leaves its type.
   */
  private sumCall(name: string): boolean {
    const macro = name.toLowerCase() === "try_sum" ? "spark_try_sum" : "spark_sum";
    return this.typedAggregateCall(name, ({ of, typeOf }) => `${macro}(${of("sum")}, ${typeOf("spark_sum_type", [10, 0])})`, { numeric: true });
  }

  /** percentile, median and percentile_approx (with any FILTER and OVER clause) as sql/percentile-calls.ts writes them */
  private percentileCall(name: string): boolean {
    return this.typedAggregateCall(name, ({ of, value, distinct }) =>
      percentileSql(name.toLowerCase(), splitCall(`(${value})`, 0).args, (fn, args) => of(fn, `${distinct}${args}`)),
    );
  }

  /**
   * An aggregate call (with any FILTER and OVER clause) written anew by `write` once its arguments are translated, from
   * `of(fn, arg)`, fn(arg) with the call's clauses, and `typeOf(macro, [dp, ds])`, min(macro(x, x, w)) FILTER (WHERE false) [OVER …], a
   * value of no row whose type macro picks by x's (w a NULL of DECIMAL(p+dp,s+ds) for x a DECIMAL(p,s), engine/spark-functions.ts
   * widenedDecimalNull), a DOUBLE's for the untyped NULL (as Spark's analyzer casts it for a numeric aggregate). x is written once
   * there, as a lambda's list, its parameter standing for it five times: each copy of x is bound anew, which for a long x (a chain of
   * DECIMAL products) took half a second.
   * Over a named window (`OVER w`) each call is `… OVER w`. A `numeric` aggregate's x is read as a number, a string cast to a DOUBLE
   * as Spark's implicit cast does (`sum(s)` of a STRING column, where DuckDB has no sum of VARCHAR).
   */
  private typedAggregateCall(
    name: string,
    write: (parts: {
      of: (fn: string, arg?: string) => string;
      args: string;
      value: string;
      distinct: string;
      typeOf: (macro: string, widened: [number, number]) => string;
      /** the macro's call of the value (macro(value, value)), through a lambda where the value holds an aggregate */
      overloaded: (macro: string) => string;
    }) => string,
    { numeric = false } = {},
  ): boolean {
    const open = this.i;
    const extent = aggregateExtent(this.tokens, open);
    if (!extent || extent.close === open + 1) return false;
    const { close, end, clauseAt, window } = extent;
    // an aggregate's value, in a window's aggregate (sum(count(*)) OVER ()), DuckDB binds after a macro's overloads are chosen: it
    // would take spark_string_as_double's VARCHAR one, and find several for spark_avg_addend's, unless the value comes through a
    // lambda's parameter
    const ofAggregate = !bindsAlone(this.tokens.slice(open + 1, close));
    this.emit(name);
    const nameAt = this.out.length - name.length;
    // the tokens, not their places: a call rewritten among the arguments (sql/call-rewrites.ts) moves the tokens after it
    const [first, last, filterWord, overWord] = [open + 1, close, clauseAt.FILTER, clauseAt.OVER].map((k) => (k === undefined ? undefined : this.tokens[k]));
    this.rewritesAfter.set(this.tokens[end], () => {
      const from = (t: Token | undefined) => (t === undefined ? undefined : this.starts[this.tokens.indexOf(t)]);
      const [argsAt, argsEnd, filterAt, overAt] = [from(first), from(last), from(filterWord), from(overWord)];
      if (argsAt === undefined || argsEnd === undefined) return;
      const written = this.out.slice(argsAt, argsEnd).trim();
      const filter = filterAt === undefined ? "" : ` ${this.out.slice(filterAt, overAt).trim()}`;
      const over = window !== undefined ? this.namedWindow(window) : overAt === undefined ? "" : ` ${this.out.slice(overAt).trim()}`;
      const argument = written.replace(/^DISTINCT\s+/i, "");
      const distinct = written.slice(0, written.length - argument.length);
      const overloaded = (macro: string, of: string, twice = true) =>
        ofAggregate ? `list_transform([${of}], v -> ${macro}(v${twice ? ", v" : ""}))[1]` : `${macro}(${of}${twice ? `, ${of}` : ""})`;
      const value = numeric && !/^NULL$/i.test(argument) ? overloaded("spark_string_as_double", argument, false) : argument;
      const args = `${distinct}${value}`;
      const of = (fn: string, arg = args) => `${fn}(${arg})${filter}${over}`;
      const typed = /^NULL$/i.test(value) ? "CAST(NULL AS DOUBLE)" : value;
      const typeOf = (macro: string, [dp, ds]: [number, number]) => `min(list_transform([${typed}], v -> ${macro}(v, v, ${widenedDecimalNull("v", dp, ds)}))[1]) FILTER (WHERE false)${over}`;
      this.out = `${this.out.slice(0, nameAt)}${write({ of, args, value, distinct, typeOf, overloaded: (macro) => overloaded(macro, value) })}`;
    });
    return true;
  }

  /** where a query frame's WITH clause starts, and what it is once its main query begins */
  private noteWith(word: string): void {
    const frame = this.frame;
    if (word === "WITH" && frame.withStart === undefined && this.out.length - (frame.start ?? 0) <= 1) frame.withStart = this.out.length;
    else if (frame.withStart !== undefined && frame.withClause === undefined && (word === "SELECT" || word === "VALUES" || word === "FROM")) {
      frame.withClause = this.out.slice(frame.withStart);
    }
  }

  /**
   * Spark refuses a set operation that compares rows holding a MAP at any depth (its output is
   * the left operand's columns); DuckDB would compare them. The left operand, translated so far,
   * is typed with the WITH clauses of the enclosing queries it may name.
   */
  private async refuseMapRows(): Promise<void> {
    if (!this.ctx.mapColumn) return;
    const operand = this.withEnclosingClauses(this.out.slice(this.frame.start ?? 0), this.frames.slice(0, -1));
    // an operand that cannot be typed alone is left to DuckDB, which reports what is wrong with the query
    const column = await this.ctx.mapColumn(nativeSites(operand)).catch(() => undefined);
    if (column) throw sqlErrors.setOperationOnMap(column.name, column.type);
  }

  /** `operand` with the WITH clauses of the enclosing query frames it may name */
  private withEnclosingClauses(operand: string, enclosing: Frame[]): string {
    for (const frame of [...enclosing].reverse()) {
      const { withStart, withClause, withDefined } = frame;
      const named = withClause ?? (withStart !== undefined && withDefined !== undefined ? this.out.slice(withStart, withDefined) : undefined);
      if (named !== undefined) operand = `${named} SELECT * FROM (${operand})`;
    }
    return operand;
  }

  /**
   * A set operation once `frame`'s right operand is complete (at the next set operation, the frame's end or the query's), typed
   * by each operand's columns. Spark refuses (UNION ALL too) columns that have no common type: a struct of other fields (other
   * names or more of them) than the struct beside it, at any depth, where DuckDB would fill the missing fields. A string beside
   * another atomic type is cast as Spark widens it (sql/set-operation-types.ts). Operands that cannot be typed alone are left to
   * DuckDB, and so are operands holding a site, whose column names are not known before the sites are.
   */
  private async typeSetOperation(frame: Frame): Promise<void> {
    const operation = frame.setOperation;
    frame.setOperation = undefined;
    if (!operation || !this.ctx.columns) return;
    const enclosing = this.frames.slice(0, this.frames.indexOf(frame) === -1 ? this.frames.length : this.frames.indexOf(frame));
    const leftAt = frame.withClause === undefined ? (frame.start ?? 0) : frame.withStart! + frame.withClause.length;
    const left = this.out.slice(leftAt, operation.at);
    const rightAt = operation.at + /^\s*(UNION|EXCEPT|INTERSECT)(\s+(ALL|DISTINCT))?/i.exec(this.out.slice(operation.at))![0].length;
    const rightEnd = frame.organizationAt ?? this.out.length;
    const right = this.out.slice(rightAt, rightEnd);
    const named = (operand: string) => this.withEnclosingClauses(frame.withClause === undefined ? operand : `${frame.withClause} SELECT * FROM (${operand})`, enclosing);
    const columns = await Promise.all([this.ctx.columns(nativeSites(named(left))), this.ctx.columns(nativeSites(named(right)))]).catch(() => undefined);
    if (!columns) return;
    const [first, second] = columns;
    if (first.length !== second.length) throw sqlErrors.numColumnsMismatch(operation.word, first.length, second.length);
    const k = first.findIndex((column, n) => n < second.length && !commonTypeExists(column.type, second[n].type));
    if (k >= 0) throw sqlErrors.incompatibleColumnType(operation.word, k, sparkSqlType(second[k].type), sparkSqlType(first[k].type));
    // `a UNION b INTERSECT c` is a UNION (b INTERSECT c): its left is no operand of the INTERSECT
    if ((operation.chained && operation.word === "INTERSECT") || nativeSites(left + right) !== left + right) return;
    const widenedLeft = widenedOperand(left, first, second);
    const widenedRight = widenedOperand(right, second, first);
    if (widenedLeft === undefined && widenedRight === undefined) return;
    const operator = this.out.slice(operation.at, rightAt);
    this.out = `${this.out.slice(0, leftAt)} ${widenedLeft ?? left.trim()}${operator} ${widenedRight ?? right.trim()} ${this.out.slice(rightEnd).trimStart()}`.trimEnd();
  }

  /**
   * `x[i]` (the "[" just read) → a site's call `(<site>(x, i))`, decided once the query is translated
   * (sql/subscripts.ts); the array's form at once when x is the call of a function that makes an ARRAY.
   * Anything else before "[" is left to DuckDB.
   */
  private subscript(): void {
    // DuckDB would slice a string literal as text where Spark refuses it, as it refuses a STRING column
    const before = this.tokens[this.i - 2];
    if (before?.kind === "string") {
      throw before.prefix === "X" ? sqlErrors.invalidExtractBase(`X'${before.value}'`, "BINARY") : sqlErrors.invalidExtractBase(before.value, "STRING");
    }
    const start = this.baseStart(this.i - 2);
    if (start < 0 || this.starts[start] === undefined) {
      this.subscripts.push(false);
      return this.emit("[", true);
    }
    const name = this.subscriptsArrayCall() ? "spark_array_at" : newSite("subscript").name;
    const at = this.starts[start];
    const qualifier = this.qualifierParts(start, this.i - 2);
    // spark_unqualified(t.arr, 1) is t.arr, named arr as Spark names it (sql/subscripts.ts sparkColumnName)
    const base = qualifier > 0 ? `spark_unqualified(${this.out.slice(at).trim()}, ${qualifier})` : this.out.slice(at).trim();
    this.out = this.out.slice(0, at);
    this.emit(`(${name}(${base},`);
    this.subscripts.push(true);
  }

  /** how many leading parts of a dotted name from token `start` to `end` (`t.arr`, `db.t.s.tags`) name a relation of the query; 0 for any other expression */
  private qualifierParts(start: number, end: number): number {
    if ((end - start) % 2 !== 0) return 0;
    const parts: string[] = [];
    for (let k = start; k <= end; k += 2) {
      const t = this.tokens[k];
      const dot = this.tokens[k + 1];
      if ((t.kind !== "ident" && t.kind !== "qident") || (k < end && (dot.kind !== "op" || dot.value !== "."))) return 0;
      parts.push(t.value.toLowerCase());
    }
    const k = parts.slice(0, -1).findIndex((p) => this.relations.has(p));
    return k + 1;
  }

  /** the first token of the operand of a `::` whose last token is at `end`: a literal, CASE … END, a call with its FILTER and OVER clauses, an earlier `::`'s operand, or what baseStart finds; -1 when unclear */
  private castOperandStart(end: number): number {
    const last = this.tokens[end];
    // a typed literal (DATE '…', TIMESTAMP '…', INTERVAL '…') starts at its type's word
    if (last?.kind === "string" && this.tokens[end - 1]?.kind === "ident" && TYPED_LITERALS.has(this.tokens[end - 1].value.toUpperCase())) return end - 1;
    if (last?.kind === "number" || last?.kind === "string") return end;
    if (last?.kind === "ident" && last.value.toUpperCase() === "END") return Cursor.matchBack(this.tokens, end);
    // a call's FILTER (…) or OVER (…) clause, or its named window `OVER w`, is part of the call: the cast's operand starts with it
    const clause = isOp(last, ")") ? Cursor.matchBack(this.tokens, end) - 1 : last?.kind === "ident" || last?.kind === "qident" ? end - 1 : -1;
    if ((isWord(this.tokens[clause], "FILTER") || isWord(this.tokens[clause], "OVER")) && isOp(this.tokens[clause - 1], ")")) return this.castOperandStart(clause - 1);
    return this.castStarts.get(end) ?? this.baseStart(end);
  }

  /** the first token of the expression that ends at token `end` and a subscript follows: a (qualified) name, a call, a parenthesis or a subscript */
  private baseStart(end: number): number {
    const t = this.tokens[end];
    let k: number;
    if (t?.kind === "op" && (t.value === ")" || t.value === "]")) {
      k = Cursor.matchBack(this.tokens, end);
      if (k < 0) return -1;
      if (t.value === "]") return this.baseStart(k - 1);
      const name = this.tokens[k - 1];
      // a name calls the parenthesis; syntax (`WHERE (x)[0]`) and the words of a table reference do not
      if (isNameAt(this.tokens, k - 1) && !(name.kind === "ident" && NOT_ALIAS.has(name.value.toUpperCase()))) k--;
    } else if (t?.kind === "ident" || t?.kind === "qident") k = end;
    else return -1;
    const dot = this.tokens[k - 1];
    if (dot?.kind === "op" && dot.value === ".") return this.baseStart(k - 2);
    return k;
  }

  /** whether the `[` just read follows a call of a Spark function that returns an ARRAY: split(s, ',')[0] */
  private subscriptsArrayCall(): boolean {
    const close = this.i - 2;
    if (this.tokens[close]?.kind !== "op" || this.tokens[close].value !== ")") return false;
    const open = Cursor.matchBack(this.tokens, close);
    const name = this.tokens[open - 1];
    const qualified = this.tokens[open - 2]?.kind === "op" && this.tokens[open - 2].value === ".";
    return open > 0 && name?.kind === "ident" && !qualified && ARRAY_FUNCTIONS.has(name.value.toLowerCase());
  }

  /**
   * A generator (explode, posexplode, their _outer forms, inline, inline_outer): `name` before its "(",
   * and after its ")" the text that ends the UNNEST and names its columns (by whether the call has an alias)
   */
  private generatorCall(name: string, after: (aliased: boolean) => string): void {
    const next = this.tokens[Cursor.matchParen(this.tokens, this.i) + 1];
    const aliased = next?.kind === "qident" || (next?.kind === "ident" && !NOT_ALIAS.has(next.value.toUpperCase()) && next.value.toUpperCase() !== "FROM");
    this.emit(name);
    this.i++;
    this.emit("(", true);
    this.frames.push({ kind: "expr", inFrom: false, expectTable: false, start: this.out.length, afterClose: after(aliased) });
  }

  private async tableFunction(): Promise<void> {
    const name = this.peek().value.toLowerCase();
    const open = this.i + 1;
    const close = Cursor.matchParen(this.tokens, open);
    const args = splitArgs(this.tokens.slice(open + 1, close));
    this.i = close + 1;
    if (name === "range") {
      const translated = await Promise.all(args.slice(0, 3).map((a) => translateFragment(a, this.ctx)));
      this.emit(`(SELECT "range" AS id FROM range(${translated.join(", ")}))`);
    } else if (name === "table_changes") {
      if (args.length < 2 || args.length > 3 || args[0].length !== 2 || args[0][0].kind !== "string") {
        throw sqlErrors.syntax("table_changes", "(expected table_changes('table', start[, end]))");
      }
      const bound = async (a: Tokens) =>
        a.length === 2 && a[0].kind === "number" ? Number(a[0].value) : await translateQuery(a, this.ctx, (e) => `SELECT ${e}`);
      const start = await bound(args[1]);
      const end = args[2] ? await bound(args[2]) : undefined;
      this.emit(`(SELECT * FROM ${await this.ctx.changes(args[0][0].value, start, end)})`);
    } else if (name === "variant_explode" || name === "variant_explode_outer") {
      // a row of each member of the VARIANT: its position, its key (an object's) and its value (engine/variant-functions.ts)
      if (args.length !== 1) throw sqlErrors.wrongArgumentCount(name, "1", args.length);
      const members = `spark_variant_member_list(${await translateFragment(args[0], this.ctx)}, ${name.endsWith("_outer")})`;
      this.emit(`(SELECT m.pos AS pos, m.key AS key, variant_bytes_to_variant(m.value) AS value FROM (SELECT unnest(${members}) AS m))`);
    } else if (name === "json_tuple") {
      // json_tuple(…) AS j: the one row of its SELECT-list form (sql/constructor-calls.ts)
      const call = this.tokens.slice(open - 1, close + 1);
      this.emit(`(SELECT ${await translateFragment([...call, madeToken("eof", "", call[0].pos)], this.ctx)})`);
    } else {
      throw sqlErrors.unsupported(`The table-valued function ${name}()`);
    }
    this.aliasIfMissing(name);
  }

  private async tableReference(): Promise<void> {
    const c = new Cursor(this.tokens);
    c.i = this.i;
    const name = c.qualifiedName();
    this.i = c.i;
    if (name.length === 1 && this.ctes.has(name[0].toLowerCase()) && !this.isTimeTravel()) {
      this.emit(quoteIdent(name[0]));
      return;
    }
    const travel = await this.timeTravel();
    const relation = await this.ctx.table(name, travel);
    this.emit(`(SELECT * FROM ${relation}${this.tableSample()})`);
    this.aliasIfMissing(name[name.length - 1]);
  }

  /**
   * TABLESAMPLE (p PERCENT | n ROWS | BUCKET x OUT OF y) [REPEATABLE (seed)] after a table's name, as DuckDB's clause: a fraction of
   * the rows each kept at random (Bernoulli, as Spark samples; a seed makes it the same each time), or the first n rows, as Spark's
   * ROWS is a limit
   */
  private tableSample(): string {
    if (this.word() !== "TABLESAMPLE") return "";
    const c = new Cursor(this.tokens);
    c.i = this.i + 1;
    c.expectOp("(");
    let percent: number;
    if (c.accept("BUCKET")) {
      const x = c.integer();
      c.expect("OUT", "OF");
      const y = c.integer();
      if (y <= 0 || x > y) throw sqlErrors.samplingFraction(y <= 0 ? "a bucket count of 0" : `${x}/${y}`);
      percent = (100 * x) / y;
    } else {
      const t = c.next();
      if (t.kind !== "number") throw c.error("expected a number of PERCENT or ROWS");
      if (c.accept("ROWS")) {
        c.expectOp(")");
        this.i = c.i;
        if (!/^\d+$/.test(t.value)) throw sqlErrors.samplingFraction(`${t.value} ROWS`);
        return ` LIMIT ${t.value}`;
      }
      c.expect("PERCENT");
      percent = Number(t.value);
      if (!(percent >= 0 && percent <= 100)) throw sqlErrors.samplingFraction(String(percent / 100));
    }
    c.expectOp(")");
    const seed = c.accept("REPEATABLE") ? (c.expectOp("("), c.integer()) : undefined;
    if (seed !== undefined) c.expectOp(")");
    this.i = c.i;
    return ` USING SAMPLE ${percent} PERCENT (bernoulli${seed === undefined ? "" : `, ${seed}`})`;
  }

  private isTimeTravel(): boolean {
    return (
      (this.word() === "VERSION" || this.word() === "TIMESTAMP") && this.word(1) === "AS" && this.word(2) === "OF"
    ) || this.word() === "FOR" || (this.peek().kind === "op" && this.peek().value === "@");
  }

  private async timeTravel(): Promise<TimeTravel | undefined> {
    if (this.peek().kind === "op" && this.peek().value === "@") {
      const v = this.peek(1);
      const m = v.kind === "ident" ? /^v(\d+)$/i.exec(v.value) : null;
      if (!m) throw sqlErrors.unsupported("'@' time travel other than @v<version>");
      this.i += 2;
      return { version: Number(m[1]) };
    }
    let kind = "";
    if (this.word() === "FOR" && (this.word(1) === "SYSTEM_VERSION" || this.word(1) === "SYSTEM_TIME") && this.word(2) === "AS" && this.word(3) === "OF") {
      kind = this.word(1) === "SYSTEM_VERSION" ? "VERSION" : "TIMESTAMP";
      this.i += 4;
    } else if ((this.word() === "VERSION" || this.word() === "TIMESTAMP") && this.word(1) === "AS" && this.word(2) === "OF") {
      kind = this.word();
      this.i += 3;
    } else return undefined;
    if (kind === "VERSION") {
      const t = this.peek();
      if (t.kind !== "number" || !/^\d+$/.test(t.value)) throw sqlErrors.syntax(`'${t.value}'`, "(VERSION AS OF takes an integer)");
      this.i++;
      return { version: Number(t.value) };
    }
    // TIMESTAMP AS OF: a string literal, or an expression up to the next clause word
    const start = this.i;
    if (this.peek().kind === "string") this.i++;
    else {
      let depth = 0;
      while (this.peek().kind !== "eof") {
        const t = this.peek();
        if (t.kind === "op" && t.value === "(") depth++;
        if (t.kind === "op" && t.value === ")") {
          if (depth === 0) break;
          depth--;
        }
        if (depth === 0 && ((t.kind === "op" && t.value === ",") || TIMESTAMP_END.has(this.word()))) break;
        this.i++;
      }
    }
    const exprTokens = [...this.tokens.slice(start, this.i), { ...this.tokens[this.tokens.length - 1] }];
    if (exprTokens.length === 1) throw sqlErrors.syntax("TIMESTAMP AS OF", "(expected a timestamp)");
    if (exprTokens.length === 2 && exprTokens[0].kind === "string") {
      return { timestamp: `TIMESTAMPTZ ${quoteString(exprTokens[0].value)}` };
    }
    return { timestamp: await translateQuery(exprTokens, this.ctx, (e) => `SELECT ${e}`) };
  }

  private aliasIfMissing(defaultAlias: string): void {
    const t = this.peek();
    const hasAlias = t.kind === "qident" || (t.kind === "ident" && !NOT_ALIAS.has(t.value.toUpperCase()));
    if (!hasAlias) this.emit(`AS ${quoteIdent(defaultAlias)}`);
  }
}

/** Whether Spark finds a type both can be widened to: structs only of the same fields (by name, in order), at any depth */
function commonTypeExists(a: SparkType, b: SparkType): boolean {
  if (typeof a === "string" || typeof b === "string") return typeof a === "string" && typeof b === "string";
  if (a.type === "struct" && b.type === "struct") {
    return a.fields.length === b.fields.length && a.fields.every((f, k) => f.name.toLowerCase() === b.fields[k].name.toLowerCase() && commonTypeExists(f.type, b.fields[k].type));
  }
  if (a.type === "array" && b.type === "array") return commonTypeExists(a.elementType, b.elementType);
  if (a.type === "map" && b.type === "map") return commonTypeExists(a.keyType, b.keyType) && commonTypeExists(a.valueType, b.valueType);
  return false;
}

function numberLiteral(t: Token): string {
  switch (t.suffix) {
    case "L":
      return `CAST(${t.value} AS BIGINT)`;
    case "S":
      return `CAST(${t.value} AS SMALLINT)`;
    case "Y":
      return `CAST(${t.value} AS TINYINT)`;
    case "D":
      return `CAST(${t.value} AS DOUBLE)`;
    case "F":
      return `CAST(${t.value} AS FLOAT)`;
    case "BD": {
      const [whole, fraction = ""] = t.value.replace(/^0+(?=\d)/, "").split(".");
      const scale = fraction.length;
      const precision = Math.max(whole.length + scale, 1, scale);
      return `CAST('${t.value}' AS DECIMAL(${Math.min(precision, 38)},${scale}))`;
    }
    default:
      return t.value;
  }
}

/**
 * Where an aggregate's call whose "(" is at `open` ends, with its FILTER (…) and OVER (…) clauses: the
 * ")" of its arguments, the first word of each clause, and its last ")"; over a named window (`OVER w`)
 * the last ")" before OVER, and the window's name as DuckDB reads it, the two tokens `OVER w` left after
 * `end`; undefined when a FILTER has no parenthesis.
 */
function aggregateExtent(
  tokens: Token[],
  open: number,
): { close: number; end: number; clauseAt: Partial<Record<"FILTER" | "OVER", number>>; window?: string } | undefined {
  const close = Cursor.matchParen(tokens, open);
  let end = close;
  const clauseAt: Partial<Record<"FILTER" | "OVER", number>> = {};
  for (const clause of ["FILTER", "OVER"] as const) {
    if (!isWord(tokens[end + 1], clause)) continue;
    const name = tokens[end + 2];
    if (clause === "OVER" && (name?.kind === "ident" || name?.kind === "qident")) {
      return { close, end, clauseAt, window: name.kind === "qident" ? quoteIdent(name.value) : name.value };
    }
    if (!isOp(name, "(")) return undefined;
    clauseAt[clause] = end + 1;
    end = Cursor.matchParen(tokens, end + 2);
  }
  return { close, end, clauseAt };
}

/** the names the relations of FROM and JOIN clauses anywhere in the query go by (an alias, else a table's or function's last name part), and the WITH clauses' names; lower-cased */
function relationNames(tokens: Token[], ctes: Set<string>): Set<string> {
  const names = new Set(ctes);
  const isOp = (k: number, op: string) => tokens[k]?.kind === "op" && tokens[k].value === op;
  const isName = (k: number) => tokens[k]?.kind === "ident" || tokens[k]?.kind === "qident";
  const word = (k: number) => (tokens[k]?.kind === "ident" ? tokens[k].value.toUpperCase() : "");
  // per open parenthesis: whether a comma there separates FROM items
  const inFrom: boolean[] = [false];
  for (let k = 0; k < tokens.length; k++) {
    if (isOp(k, "(")) inFrom.push(false);
    else if (isOp(k, ")")) inFrom.pop();
    else if (word(k) === "FROM") inFrom[inFrom.length - 1] = true;
    else if (END_OF_FROM.has(word(k))) inFrom[inFrom.length - 1] = false;
    if (!(word(k) === "FROM" || word(k) === "JOIN" || (isOp(k, ",") && inFrom[inFrom.length - 1]))) continue;
    let j = word(k + 1) === "LATERAL" ? k + 2 : k + 1;
    let name: string | undefined;
    while (isName(j) && !NOT_ALIAS.has(word(j))) {
      name = tokens[j].value;
      j++;
      if (!isOp(j, ".")) break;
      j++;
    }
    if (isOp(j, "(")) j = Cursor.matchParen(tokens, j) + 1;
    if (j <= 0) continue;
    if (word(j) === "AS") j++;
    if (isName(j) && !NOT_ALIAS.has(word(j))) name = tokens[j].value;
    if (name !== undefined) names.add(name.toLowerCase());
  }
  return names;
}

/** names bound by WITH clauses anywhere in the query (lower-cased) */
function cteNames(tokens: Token[]): Set<string> {
  const names = new Set<string>();
  const isWord = (k: number, w: string) => tokens[k]?.kind === "ident" && tokens[k].value.toUpperCase() === w;
  const isOp = (k: number, op: string) => tokens[k]?.kind === "op" && tokens[k].value === op;
  for (let k = 0; k < tokens.length; k++) {
    if (!isWord(k, "WITH")) continue;
    let j = k + 1;
    if (isWord(j, "RECURSIVE")) j++;
    for (;;) {
      const t = tokens[j];
      if (!t || (t.kind !== "ident" && t.kind !== "qident")) break;
      let body = j + 1;
      if (isOp(body, "(")) body = Cursor.matchParen(tokens, body) + 1;
      if (!isWord(body, "AS")) break;
      names.add(t.value.toLowerCase());
      if (!isOp(body + 1, "(")) break;
      j = Cursor.matchParen(tokens, body + 1) + 1;
      if (!isOp(j, ",")) break;
      j++;
    }
  }
  return names;
}

/**
 * Whether the comma at `comma` separates two rows of an inline table in FROM, `VALUES (1, 'a'), (NULL, 'b')`, rather than two
 * tables (a NULL or a call in a later row was read as a table's name): walking back over rows and their commas reaches VALUES.
 */
function separatesValuesRows(tokens: Token[], comma: number): boolean {
  for (let end = comma - 1; isOp(tokens[end], ")"); ) {
    const open = Cursor.matchBack(tokens, end);
    if (isWord(tokens[open - 1], "VALUES")) return true;
    if (!isOp(tokens[open - 1], ",")) return false;
    end = open - 2;
  }
  return false;
}

/** whether ANY or SOME after `before` quantifies a comparison (`x = ANY (…)`, `s LIKE ANY (…)`) rather than calls Spark's aggregate */
function isQuantifierPlace(before: Token | undefined): boolean {
  return ["=", "==", "<>", "!=", "<", ">", "<=", ">="].some((op) => isOp(before, op)) || ["LIKE", "ILIKE"].some((word) => isWord(before, word));
}

const isRegexOperator = (t: Token): boolean => isWord(t, "RLIKE") || isWord(t, "REGEXP");

/** whether translated SQL holds a call, a name before "(" (sql/string-calls.ts holdsCall asks it of a call's tokens) */
const sqlHoldsCall = (sql: string): boolean => /[\w"]\s*\(/.test(sql);

/** whether a regular expression has a ")" that no "(" before it opens, outside escapes and character classes */
function closesUnopenedGroup(pattern: string): boolean {
  let depth = 0;
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k];
    if (c === "\\") k++;
    else if (c === "[") k = classEnd(pattern, k);
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return true;
  }
  return false;
}

/** where the character class opened at `open` ends: its "]", a "]" first in it (after any "^") being one of its characters */
function classEnd(pattern: string, open: number): number {
  let k = open + 1;
  if (pattern[k] === "^") k++;
  if (pattern[k] === "]") k++;
  for (; k < pattern.length && pattern[k] !== "]"; k++) if (pattern[k] === "\\") k++;
  return k;
}

/** whether the call at `k` is PIVOT's aggregate: the parenthesis it stands in opens right after PIVOT */
function isPivotAggregate(tokens: Token[], k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    if (isOp(tokens[j], ")")) depth++;
    else if (isOp(tokens[j], "(") && depth-- === 0) return isWord(tokens[j - 1], "PIVOT");
  }
  return false;
}

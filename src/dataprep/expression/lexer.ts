/**
 * Tokens of the Data Prep expression language (AEP's mapper language, JEXL-like): literals,
 * field names (plain identifiers, `\.` for a dot inside one, or `${…}` escapes), punctuation,
 * symbol and word operators.
 */
import { ExpressionError } from "./errors.js";

export type TokenKind = "number" | "string" | "name" | "escaped-name" | "word" | "punct" | "end";

export interface Token {
  kind: TokenKind;
  /** the text as written (numbers), the unescaped value (strings, names), the operator or punctuation */
  text: string;
  /** 1-based character position in the expression */
  position: number;
  /** escaped-name: the path inside `${…}`, split on its unescaped dots */
  segments?: string[];
}

/** Word operators and literals of the language. */
export const WORD_OPERATORS = ["and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "empty", "size"] as const;
export const LITERAL_WORDS = ["true", "false", "null"] as const;
/** Reserved by AEP: a field with one of these names must be written `${name}`. */
export const RESERVED_WORDS = [
  "new", "mod", "or", "break", "var", "lt", "for", "false", "while", "eq", "gt", "div", "not", "null", "continue",
  "else", "and", "ne", "true", "le", "if", "ge", "return", "_errors", "do", "function", "empty", "size",
] as const;

const WORDS = new Set<string>([...WORD_OPERATORS, ...LITERAL_WORDS]);
const RESERVED = new Set<string>(RESERVED_WORDS);
const SYMBOLS = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "~", "(", ")", "[", "]", "{", "}", ",", ".", ":", "?"];
const IDENTIFIER_START = /[\p{L}$_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}$_]/u;
const ESCAPES = new Map([["n", "\n"], ["t", "\t"], ["r", "\r"], ["b", "\b"], ["f", "\f"], ["\\", "\\"], ['"', '"'], ["'", "'"]]);

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const char = expression[at];
    const position = at + 1;
    if (/\s/.test(char)) {
      at++;
    } else if (char === '"' || char === "'") {
      const { value, end } = readString(expression, at);
      tokens.push({ kind: "string", text: value, position });
      at = end;
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(expression.slice(at))!;
      tokens.push({ kind: "number", text: match[0], position });
      at += match[0].length;
    } else if (char === "$" && expression[at + 1] === "{") {
      const { segments, end } = readEscapedName(expression, at);
      tokens.push({ kind: "escaped-name", text: segments.join("."), segments, position });
      at = end;
    } else if (IDENTIFIER_START.test(char)) {
      let end = at + 1;
      let name = char;
      // `street\.name`: a backslash before a dot makes it part of the name (AEP's escape for a child holding a dot)
      while (end < expression.length) {
        if (IDENTIFIER_PART.test(expression[end])) name += expression[end++];
        else if (expression[end] === "\\" && expression[end + 1] === "." && IDENTIFIER_PART.test(expression[end + 2] ?? "")) {
          name += ".";
          end += 2;
        } else break;
      }
      const word = expression.slice(at, end);
      if (name !== word) tokens.push({ kind: "escaped-name", text: name, segments: [name], position });
      else if (WORDS.has(word)) tokens.push({ kind: "word", text: word, position });
      else if (RESERVED.has(word)) {
        throw new ExpressionError(`"${word}" is a reserved word: write a field of that name as \${${word}}`, position, "a field name, a literal or a function call");
      } else tokens.push({ kind: "name", text: word, position });
      at = end;
    } else {
      const symbol = SYMBOLS.find((s) => expression.startsWith(s, at));
      if (!symbol) throw new ExpressionError(`unexpected character "${char}"`, position, "an operator, a literal, a field or a function call");
      tokens.push({ kind: "punct", text: symbol, position });
      at += symbol.length;
    }
  }
  tokens.push({ kind: "end", text: "", position: expression.length + 1 });
  return tokens;
}

function readString(expression: string, start: number): { value: string; end: number } {
  const quote = expression[start];
  let value = "";
  let at = start + 1;
  while (at < expression.length) {
    const char = expression[at];
    if (char === quote) return { value, end: at + 1 };
    if (char === "\\" && at + 1 < expression.length) {
      const next = expression[at + 1];
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(expression.slice(at + 2, at + 6))) {
        value += String.fromCharCode(parseInt(expression.slice(at + 2, at + 6), 16));
        at += 6;
        continue;
      }
      // an unknown escape keeps its backslash: "\|" is the regular expression \| that explode documents
      value += ESCAPES.get(next) ?? `\\${next}`;
      at += 2;
      continue;
    }
    value += char;
    at++;
  }
  throw new ExpressionError(`the string starting here is not closed`, start + 1, `a closing ${quote}`);
}

/** `${First Name}`, `${First\.Name}` (a backslash makes the next character, a dot too, part of the name), `${a.b}` (a path). */
function readEscapedName(expression: string, start: number): { segments: string[]; end: number } {
  const segments = [""];
  let at = start + 2;
  while (at < expression.length) {
    const char = expression[at];
    if (char === "}") {
      if (segments.some((s) => s === "")) throw new ExpressionError("a field name inside ${…} is empty", start + 1, "a field name inside ${…}");
      return { segments, end: at + 1 };
    }
    if (char === "\\" && at + 1 < expression.length) {
      segments[segments.length - 1] += expression[at + 1];
      at += 2;
      continue;
    }
    if (char === ".") segments.push("");
    else segments[segments.length - 1] += char;
    at++;
  }
  throw new ExpressionError("the field name starting here is not closed", start + 1, "a closing }");
}

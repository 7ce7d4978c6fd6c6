/**
 * Where a body JSON.parse refused stops being JSON, and what JSON takes there. V8's own message
 * quotes the body around the mistake ("Unexpected token 'd', ..."essToken":dapi1234ab"..."), and so
 * a part of a token sent unquoted, into the answer and the log: this one names the line and column,
 * and a character only when it is no letter or digit.
 */

const VALUE = "a value (a string in double quotes, a number, true, false, null, an object or an array)";
const KEY = "a property name in double quotes";
const ESCAPES = "one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX after a backslash";

/** The first place the text is not JSON, and what JSON takes there. */
interface Stop {
  at: number;
  expected: string;
  /** what stands there, when it is not told by the character itself */
  found?: string;
}

export function jsonSyntaxProblem(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) return "it starts with a byte order mark (U+FEFF); send the JSON without it";
  const stop = firstStop(text);
  if (!stop) return "it is not one JSON value";
  return `at ${lineAndColumn(text, stop.at)} ${stop.found ?? found(text, stop.at)} where JSON takes ${stop.expected}`;
}

function firstStop(text: string): Stop | undefined {
  let i = 0;
  const stop = (expected: string, what?: string): Stop => ({ at: i, expected, found: what });
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };

  const value = (): Stop | undefined => {
    skipSpace();
    const char = text[i];
    if (char === "{") return object();
    if (char === "[") return array();
    if (char === '"') return string();
    if (char === "-" || isDigit(char)) return number();
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return undefined;
      }
    }
    return stop(VALUE);
  };

  const object = (): Stop | undefined => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return undefined;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') return stop(text[i] === "}" ? `${KEY}: JSON takes no comma before }` : KEY);
      const key = string();
      if (key) return key;
      skipSpace();
      if (text[i] !== ":") return stop("a colon (:) after the property name");
      i++;
      const member = value();
      if (member) return member;
      skipSpace();
      if (text[i] === "}") {
        i++;
        return undefined;
      }
      if (text[i] !== ",") return stop("a comma or } after a property's value");
      i++;
    }
  };

  const array = (): Stop | undefined => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return undefined;
    }
    for (;;) {
      skipSpace();
      if (text[i] === "]") return stop(`${VALUE}: JSON takes no comma before ]`);
      const element = value();
      if (element) return element;
      skipSpace();
      if (text[i] === "]") {
        i++;
        return undefined;
      }
      if (text[i] !== ",") return stop("a comma or ] after an array element");
      i++;
    }
  };

  const string = (): Stop | undefined => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) return stop("no control character inside a string: write it escaped, as \\n, \\t or \\u0000");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) return stop(ESCAPES, "there is another character");
      }
      i++;
    }
    if (i >= text.length) return stop("the double quote that closes the string");
    i++;
    return undefined;
  };

  const digits = (expected: string): Stop | undefined => {
    if (!isDigit(text[i])) return stop(expected);
    while (isDigit(text[i])) i++;
    return undefined;
  };

  const number = (): Stop | undefined => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else {
      const whole = digits("a digit");
      if (whole) return whole;
    }
    if (text[i] === ".") {
      i++;
      const fraction = digits("a digit after the decimal point");
      if (fraction) return fraction;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      return digits("a digit in the exponent");
    }
    return undefined;
  };

  const problem = value();
  if (problem) return problem;
  skipSpace();
  return i < text.length ? stop("nothing more: a body is one JSON value") : undefined;
}

const isDigit = (char: string | undefined) => char !== undefined && char >= "0" && char <= "9";

function lineAndColumn(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  return `line ${line}, column ${column}`;
}

/** What stands there, without quoting the body: a letter or digit may begin a secret sent unquoted. */
function found(text: string, at: number): string {
  if (at >= text.length) return "the body ends";
  const char = String.fromCodePoint(text.codePointAt(at)!);
  if (/[\p{L}\p{N}]/u.test(char)) return "there is unquoted text";
  const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return char > " " && char <= "~" ? `there is ${char}` : `there is the character ${codePoint}`;
}

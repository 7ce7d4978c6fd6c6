/**
 * Recursive descent over the tokens, with JEXL's precedence (lowest first): `? :`, `||`/or,
 * `&&`/and, equality (`==` `!=` eq ne), relational (`<` `<=` `>` `>=` lt le gt ge), `+` `-`,
 * `*` `/` `%` div mod, the unary `-` `!` not `~` empty size, then members, indexes and calls.
 * `a.f(b)` is the call `f(a, b)`: how AEP writes `"s".equalsIgnoreCase("S")` or `o.get("k")`.
 */
import type { Node } from "./ast.js";
import { ExpressionError } from "./errors.js";
import { type Token, tokenize } from "./lexer.js";

const OPERATOR_WORDS: Record<string, string> = { and: "&&", or: "||", not: "!", eq: "==", ne: "!=", lt: "<", gt: ">", le: "<=", ge: ">=", div: "/", mod: "%" };
export const BINARY_LEVELS: readonly (readonly string[])[] = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];

export function parse(expression: string): Node {
  const parser = new Parser(tokenize(expression));
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

/** deeper nesting than any hand-written expression; it keeps recursion far from the stack's end */
const MAX_DEPTH = 100;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.at];
  }

  /** the operator a token stands for: a symbol, or the symbol of a word operator */
  private operatorOf(token: Token): string | undefined {
    if (token.kind === "punct") return token.text;
    if (token.kind === "word") return OPERATOR_WORDS[token.text] ?? token.text;
    return undefined;
  }

  private accept(text: string): Token | undefined {
    const token = this.token;
    if (token.kind === "punct" && token.text === text) {
      this.at++;
      return token;
    }
    return undefined;
  }

  private expect(text: string, what: string): Token {
    const token = this.accept(text);
    if (!token) throw this.unexpected(what);
    return token;
  }

  private unexpected(expected: string): ExpressionError {
    const token = this.token;
    const found = token.kind === "end" ? "end of the expression" : `"${token.text}"`;
    return new ExpressionError(`unexpected ${found}`, token.position, expected);
  }

  expectEnd(): void {
    if (this.token.kind !== "end") throw this.unexpected("an operator or the end of the expression");
  }

  expression(): Node {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError(`the expression nests deeper than ${MAX_DEPTH} levels`, this.token.position);
    try {
      return this.conditional();
    } finally {
      this.depth--;
    }
  }

  private conditional(): Node {
    const test = this.binary(0);
    const question = this.accept("?");
    if (!question) return test;
    const then = this.expression();
    this.expect(":", '":" of the conditional a ? b : c');
    const otherwise = this.expression();
    return { kind: "conditional", test, then, otherwise, position: question.position };
  }

  private binary(level: number): Node {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    let chain = 0;
    for (;;) {
      const operator = this.operatorOf(this.token);
      if (!operator || !BINARY_LEVELS[level].includes(operator)) return left;
      const position = this.token.position;
      this.at++;
      const right = this.binary(level + 1);
      left = { kind: "binary", operator, left, right, position };
      // a chain a + b + c … nests its left side: it counts as nesting too
      if (++chain > MAX_DEPTH * 5) throw new ExpressionError(`the expression chains more than ${MAX_DEPTH * 5} operators`, position);
    }
  }

  private unary(): Node {
    const token = this.token;
    const operator = this.operatorOf(token);
    if (operator === "-" || operator === "!" || operator === "~" || operator === "empty" || operator === "size") {
      this.at++;
      if (++this.depth > MAX_DEPTH) throw new ExpressionError(`the expression nests deeper than ${MAX_DEPTH} levels`, token.position);
      try {
        return { kind: "unary", operator, operand: this.unary(), position: token.position };
      } finally {
        this.depth--;
      }
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.accept(".")) {
        const name = this.token;
        if (name.kind !== "name" && name.kind !== "escaped-name") throw this.unexpected("a member name or a method after the dot");
        this.at++;
        if (name.kind === "name" && this.accept("(")) {
          node = { kind: "call", name: name.text, args: [node, ...this.arguments()], position: name.position };
        } else {
          for (const segment of name.segments ?? [name.text]) node = { kind: "member", target: node, name: segment, position: name.position };
        }
      } else if (this.token.kind === "punct" && this.token.text === "[") {
        const position = this.token.position;
        this.at++;
        const index = this.expression();
        this.expect("]", '"]" closing the index');
        node = { kind: "index", target: node, index, position };
      } else {
        return node;
      }
    }
  }

  /** the arguments after "(", up to and with ")" */
  private arguments(): Node[] {
    const args: Node[] = [];
    if (this.accept(")")) return args;
    for (;;) {
      args.push(this.expression());
      if (this.accept(")")) return args;
      this.expect(",", '"," or ")" in the argument list');
    }
  }

  private primary(): Node {
    const token = this.token;
    switch (token.kind) {
      case "number":
        this.at++;
        return { kind: "number", text: token.text, position: token.position };
      case "string":
        this.at++;
        return { kind: "literal", value: token.text, position: token.position };
      case "word":
        if (token.text === "true" || token.text === "false" || token.text === "null") {
          this.at++;
          return { kind: "literal", value: token.text === "null" ? null : token.text === "true", position: token.position };
        }
        break;
      case "name":
        this.at++;
        if (this.accept("(")) return { kind: "call", name: token.text, args: this.arguments(), position: token.position };
        return { kind: "field", name: token.text, position: token.position };
      case "escaped-name": {
        this.at++;
        const [root, ...members] = token.segments!;
        let node: Node = { kind: "field", name: root, position: token.position };
        for (const name of members) node = { kind: "member", target: node, name, position: token.position };
        return node;
      }
      case "punct":
        if (token.text === "(") {
          this.at++;
          const inner = this.expression();
          this.expect(")", '")" closing the parenthesis');
          return inner;
        }
        if (token.text === "[") return this.arrayLiteral();
        if (token.text === "{") return this.objectLiteral();
        break;
    }
    throw this.unexpected("a literal, a field, a function call or \"(\"");
  }

  private arrayLiteral(): Node {
    const position = this.expect("[", '"["').position;
    const items: Node[] = [];
    if (this.accept("]")) return { kind: "array", items, position };
    for (;;) {
      items.push(this.expression());
      if (this.accept("]")) return { kind: "array", items, position };
      this.expect(",", '"," or "]" in the array');
    }
  }

  private objectLiteral(): Node {
    const position = this.expect("{", '"{"').position;
    const entries: Array<[string, Node]> = [];
    if (this.accept("}")) return { kind: "object", entries, position };
    for (;;) {
      const key = this.token;
      if (key.kind !== "string" && key.kind !== "name") throw this.unexpected("a key (a string) in the object");
      this.at++;
      this.expect(":", '":" after the key');
      entries.push([key.text, this.expression()]);
      if (this.accept("}")) return { kind: "object", entries, position };
      this.expect(",", '"," or "}" in the object');
    }
  }
}

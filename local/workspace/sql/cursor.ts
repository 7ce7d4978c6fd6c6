/** A cursor over tokens with the small vocabulary a recursive-descent parser needs. */
import { sqlErrors } from "../errors.js";
import type { Token } from "./tokenizer.js";

export class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.i++;
    return t;
  }
  atEnd(): boolean {
    return this.peek().kind === "eof";
  }
  /** true if the token at offset is the (unquoted) keyword */
  isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "ident" && t.value.toUpperCase() === word;
  }
  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "op" && t.value === op;
  }
  /** consumes the keyword sequence if all words match */
  accept(...words: string[]): boolean {
    if (!words.every((w, k) => this.isKeyword(w, k))) return false;
    this.i += words.length;
    return true;
  }
  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.i++;
    return true;
  }
  expect(...words: string[]): void {
    if (!this.accept(...words)) throw this.error(`expected ${words.join(" ")}`);
  }
  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error(`expected '${op}'`);
  }
  identifier(): string {
    const t = this.peek();
    if (t.kind === "ident" || t.kind === "qident") {
      this.i++;
      return t.value;
    }
    throw this.error("expected an identifier");
  }
  /** a dotted name: a.b.c (each part quoted or not) */
  qualifiedName(): string[] {
    const parts = [this.identifier()];
    while (this.isOp(".")) {
      this.i++;
      parts.push(this.identifier());
    }
    return parts;
  }
  string(): string {
    const t = this.peek();
    if (t.kind !== "string") throw this.error("expected a string literal");
    this.i++;
    return t.value;
  }
  integer(): number {
    const t = this.peek();
    if (t.kind !== "number" || !/^\d+$/.test(t.value)) throw this.error("expected an integer");
    this.i++;
    return Number(t.value);
  }
  error(detail: string) {
    const t = this.peek();
    const near = t.kind === "eof" ? "end of input" : `'${t.kind === "string" ? "'" + t.value + "'" : t.value}'`;
    return sqlErrors.syntax(near, `(${detail})`);
  }
  /** index of the matching ')' for the '(' at index open */
  static matchParen(tokens: Token[], open: number): number {
    let depth = 0;
    for (let k = open; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind !== "op") continue;
      if (t.value === "(") depth++;
      else if (t.value === ")" && --depth === 0) return k;
    }
    throw sqlErrors.syntax("end of input", "Unbalanced parentheses.");
  }
  /** index of the matching ')' for the '(' at index open; -1 where there is none, which the parser reports */
  static closingParen(tokens: Token[], open: number): number {
    try {
      return Cursor.matchParen(tokens, open);
    } catch {
      return -1;
    }
  }
  /** index of the "(", "[" or CASE that the ")", "]" or END at `close` closes; -1 if none */
  static matchBack(tokens: Token[], close: number): number {
    const word = tokens[close].kind === "ident";
    const shut = word ? "END" : tokens[close].value;
    const open = word ? "CASE" : shut === ")" ? "(" : "[";
    const value = (t: Token) => (word ? (t.kind === "ident" ? t.value.toUpperCase() : "") : t.kind === "op" ? t.value : "");
    let depth = 0;
    for (let k = close; k >= 0; k--) {
      const v = value(tokens[k]);
      if (v === shut) depth++;
      else if (v === open && --depth === 0) return k;
    }
    return -1;
  }
}

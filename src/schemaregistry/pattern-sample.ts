/**
 * Strings a field's `pattern` matches, for the sample document (sample-data.ts). The pattern is
 * read as a tree of literals, character classes (`[A-Z]`, `[^,]`, `\d`, `\w`, `\s`, `.`), groups,
 * alternatives and quantifiers (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, lazy or not); anchors add
 * nothing. Candidates repeat each quantified part a little more each time and take each
 * alternative in turn, so a caller can pick the first that also meets the field's lengths. What
 * the reader does not know (`\b`, `\p{…}`, backreferences, lookaround) gives no candidate at all:
 * no string is ever guessed, and a caller checks each against the pattern anyway.
 */

type Node =
  | { kind: "char"; char: string }
  | { kind: "sequence"; items: Node[] }
  | { kind: "choice"; options: Node[] }
  | { kind: "repeat"; node: Node; min: number; max: number };

interface Plan {
  /** repetitions beyond each quantifier's minimum (up to its maximum) */
  extra: number;
  /** which alternative of each `|` (the last one when there are fewer) */
  alternative: number;
}

class Unsupported extends Error {}

/** `\d`, `\w`, `\s` as ranges (`\s` only by its space); their capitals are what they leave out */
const CLASS_ESCAPES: Record<string, Array<[string, string]>> = {
  d: [["0", "9"]],
  w: [["A", "Z"], ["a", "z"], ["0", "9"], ["_", "_"]],
  s: [[" ", " "]],
};
const CONTROL: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v" };
/** characters a negated class or `.` picks from, nicest first */
const POOL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/@+ ";
const EXTRAS = [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
const ALTERNATIVES = 3;
/** the longest sample string built (RE2, which checks patterns at ingestion, repeats at most 1000 times) */
const MAX_LENGTH = 10_000;

/** Candidate strings for the pattern, shortest plans first; none when the pattern uses what this reader does not know. */
export function patternCandidates(pattern: string, lengths: { minLength?: number; maxLength?: number } = {}): string[] {
  let tree: Node;
  try {
    tree = new Reader(pattern).readAll();
  } catch (error) {
    if (error instanceof Unsupported) return [];
    throw error;
  }
  const out = new Set<string>();
  for (let alternative = 0; alternative < ALTERNATIVES; alternative++) {
    const shortest = generated(tree, { extra: 0, alternative });
    if (shortest === undefined) continue;
    // the extras that reach the length bounds exactly, when one quantified part decides the length
    const aimed = [lengths.minLength, lengths.maxLength].filter((n): n is number => n !== undefined && n > shortest.length).map((n) => n - shortest.length);
    for (const extra of [...EXTRAS, ...aimed]) {
      const candidate = generated(tree, { extra, alternative });
      if (candidate !== undefined) out.add(candidate);
    }
  }
  return [...out];
}

/** The string of one plan; undefined when it would be too long to be a sample. */
function generated(tree: Node, plan: Plan): string | undefined {
  try {
    return generate(tree, plan);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function generate(node: Node, plan: Plan): string {
  switch (node.kind) {
    case "char":
      return node.char;
    case "sequence":
      return node.items.map((item) => generate(item, plan)).join("");
    case "choice":
      return generate(node.options[Math.min(plan.alternative, node.options.length - 1)], plan);
    case "repeat": {
      const times = Math.min(node.max, node.min + plan.extra);
      const once = generate(node.node, plan);
      if (once.length * times > MAX_LENGTH) throw new Unsupported(`a string longer than ${MAX_LENGTH} characters`);
      return once.repeat(times);
    }
  }
}

class Reader {
  private at = 0;
  constructor(private readonly source: string) {}

  readAll(): Node {
    const node = this.choice();
    if (this.at < this.source.length) throw new Unsupported(`unexpected ${this.source[this.at]}`);
    return node;
  }

  private choice(): Node {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: "choice", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      if (atom) items.push(this.quantified(atom));
    }
    return { kind: "sequence", items };
  }

  /** one atom; undefined for an anchor, which matches no character */
  private atom(): Node | undefined {
    const c = this.source[this.at++];
    switch (c) {
      case "^":
      case "$":
        return undefined;
      case ".":
        return { kind: "char", char: POOL[0] };
      case "(":
        return this.group();
      case "[":
        return this.characterClass();
      case "\\":
        return this.escape();
      case "*":
      case "+":
      case "?":
        throw new Unsupported(`a quantifier with nothing to repeat`);
      default:
        return { kind: "char", char: c };
    }
  }

  private group(): Node {
    if (this.source.startsWith("?:", this.at)) this.at += 2;
    else if (this.source.startsWith("?<", this.at) && !/^\?<[=!]/.test(this.source.slice(this.at))) {
      const end = this.source.indexOf(">", this.at);
      if (end < 0) throw new Unsupported("an unclosed group name");
      this.at = end + 1;
    } else if (this.peek() === "?") throw new Unsupported("lookaround");
    const inner = this.choice();
    if (this.source[this.at++] !== ")") throw new Unsupported("an unclosed group");
    return inner;
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let bounds: [number, number] | undefined;
    if (c === "*") bounds = [0, Infinity];
    else if (c === "+") bounds = [1, Infinity];
    else if (c === "?") bounds = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!m) return atom; // a literal brace, as ECMAScript reads it
      bounds = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3])];
      this.at += m[0].length - 1;
    }
    if (!bounds) return atom;
    this.at++;
    if (this.peek() === "?") this.at++; // lazy: the same strings match
    return { kind: "repeat", node: atom, min: bounds[0], max: bounds[1] };
  }

  private characterClass(): Node {
    const negated = this.peek() === "^";
    if (negated) this.at++;
    const ranges: Array<[string, string]> = [];
    while (this.peek() !== "]") {
      if (this.at >= this.source.length) throw new Unsupported("an unclosed class");
      const low = this.classMember();
      if (typeof low !== "string") {
        ranges.push(...low);
        continue;
      }
      if (this.peek() === "-" && this.source[this.at + 1] !== "]" && this.at + 1 < this.source.length) {
        this.at++;
        const high = this.classMember();
        if (typeof high !== "string") throw new Unsupported("a range to a class escape");
        ranges.push([low, high]);
      } else ranges.push([low, low]);
    }
    this.at++;
    const inClass = (ch: string) => ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
    const char = negated ? [...POOL].find((ch) => !inClass(ch)) : ranges[0]?.[0];
    if (char === undefined) throw new Unsupported("a class no character matches");
    return { kind: "char", char };
  }

  /** a character of a class, or the ranges of a class escape (`\d`, `\w`, `\s`) */
  private classMember(): string | Array<[string, string]> {
    const c = this.source[this.at++];
    if (c !== "\\") return c;
    const escaped = this.source[this.at++];
    if (/[DWS]/.test(escaped ?? "")) throw new Unsupported("a negated class escape inside a class");
    return CLASS_ESCAPES[escaped] ?? this.escapedChar(escaped);
  }

  private escape(): Node {
    const c = this.source[this.at++];
    const ranges = CLASS_ESCAPES[c];
    if (ranges) return { kind: "char", char: ranges[0][0] };
    const negated = CLASS_ESCAPES[c?.toLowerCase() ?? ""];
    if (negated && /[DWS]/.test(c)) return { kind: "char", char: [...POOL].find((ch) => !negated.some(([lo, hi]) => ch >= lo && ch <= hi))! };
    return { kind: "char", char: this.escapedChar(c) };
  }

  /** The character an escape (`\.`, `\n`, `\x41`, `\u00e9`) stands for. */
  private escapedChar(c: string | undefined): string {
    if (c !== undefined && CONTROL[c]) return CONTROL[c];
    if (c === "x" || c === "u") {
      const digits = c === "x" ? 2 : 4;
      const hex = this.source.slice(this.at, this.at + digits);
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) throw new Unsupported(`\\${c} without its hex digits`);
      this.at += digits;
      return String.fromCharCode(parseInt(hex, 16));
    }
    // a letter or digit escape means something this reader does not know (\b, \p{…}, \1, \k<…>);
    // any other character escaped is itself
    if (c === undefined || /[A-Za-z0-9]/.test(c)) throw new Unsupported(`\\${c ?? ""}`);
    return c;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }
}

/**
 * Paths of Data Prep mappings, on either side: nested fields `a.b`, an array element `a[0].b`,
 * every element `a[*].b`; `${…}` holds a name with special characters (`${first name}`,
 * `${a.b}`, `${First\.Name}`: a backslash there makes the next character part of the name), and
 * `\.` a literal dot inside a name.
 */
import { MappingError } from "./mapping-types.js";

export type PathStep = { kind: "field"; name: string } | { kind: "index"; index: number } | { kind: "each" };

/** The steps of a path, or a MappingError naming what is wrong with it. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let at = 0;
  const fail = (why: string): never => {
    throw new MappingError(`${JSON.stringify(path)} is not a valid path: ${why} at position ${at + 1}`);
  };
  while (at < path.length || steps.length === 0) {
    if (steps.length > 0) {
      if (path[at] !== ".") fail('expected "." or "["');
      at++;
    }
    let name = "";
    if (path.startsWith("${", at)) {
      const open = at;
      at += 2;
      // a backslash makes the next character part of the name: AEP writes a name holding a dot `${First\.Name}`
      while (at < path.length && path[at] !== "}") {
        if (path[at] === "\\" && at + 1 < path.length) at++;
        name += path[at++];
      }
      if (at >= path.length) {
        at = open;
        fail('a "${" without its "}"');
      }
      at++;
    } else {
      while (at < path.length && path[at] !== "." && path[at] !== "[") {
        if (path[at] === "\\" && path[at + 1] === ".") at++;
        else if (path[at] === "]") fail('a "]" outside ${…}');
        name += path[at++];
      }
    }
    if (name === "") fail("an empty field name");
    steps.push({ kind: "field", name });
    while (path[at] === "[") {
      const close = path.indexOf("]", at);
      const inside = close < 0 ? "" : path.slice(at + 1, close);
      if (inside === "*") steps.push({ kind: "each" });
      else if (/^\d+$/.test(inside)) steps.push({ kind: "index", index: Number(inside) });
      else fail('an array step is "[n]" or "[*]"');
      at = close + 1;
    }
  }
  return steps;
}

/** The names of the fields along the path, array steps left out: `a[0].b` → a, b. */
export function fieldNames(steps: readonly PathStep[]): string[] {
  return steps.flatMap((step) => (step.kind === "field" ? [step.name] : []));
}

/** A path written as parsePath reads it: a name with special characters as `${…}`, a backslash before each `}` or backslash in it. */
export function formatPath(steps: readonly PathStep[]): string {
  return steps
    .map((step, at) => {
      if (step.kind === "index") return `[${step.index}]`;
      if (step.kind === "each") return "[*]";
      const plain = /^[^.[\]\\]+$/.test(step.name) && !step.name.startsWith("${");
      const name = plain ? step.name : `\${${step.name.replace(/[\\}]/g, "\\$&")}}`;
      return at === 0 ? name : `.${name}`;
    })
    .join("");
}

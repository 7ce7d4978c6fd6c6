/** An expression's text from its tree, for messages that name a part of it (`big + 1`). */
import type { Node } from "./ast.js";
import { BINARY_LEVELS } from "./parser.js";

const levelOf = (operator: string) => BINARY_LEVELS.findIndex((level) => level.includes(operator));

export function textOf(node: Node): string {
  switch (node.kind) {
    case "literal":
      return typeof node.value === "string" ? JSON.stringify(node.value) : String(node.value);
    case "number":
      return node.text;
    case "field":
      return node.name;
    case "member":
      return `${operand(node.target)}.${node.name}`;
    case "index":
      return `${operand(node.target)}[${textOf(node.index)}]`;
    case "call":
      return `${node.name}(${node.args.map(textOf).join(", ")})`;
    case "array":
      return `[${node.items.map(textOf).join(", ")}]`;
    case "object":
      return `{${node.entries.map(([key, value]) => `${JSON.stringify(key)}: ${textOf(value)}`).join(", ")}}`;
    case "unary":
      return /^[a-z]/.test(node.operator) ? `${node.operator} ${operand(node.operand)}` : `${node.operator}${operand(node.operand)}`;
    case "binary": {
      const level = levelOf(node.operator);
      // a looser operator beside, or an equal one on the right, needs parentheses to read the same
      const side = (child: Node, right: boolean) =>
        child.kind === "conditional" || (child.kind === "binary" && (levelOf(child.operator) < level || (right && levelOf(child.operator) === level))) ? `(${textOf(child)})` : textOf(child);
      return `${side(node.left, false)} ${node.operator} ${side(node.right, true)}`;
    }
    case "conditional":
      return `${textOf(node.test)} ? ${textOf(node.then)} : ${textOf(node.otherwise)}`;
  }
}

/** a unary operator's operand or a member's target: parenthesized unless it is one piece */
function operand(node: Node): string {
  return node.kind === "binary" || node.kind === "conditional" || node.kind === "unary" ? `(${textOf(node)})` : textOf(node);
}

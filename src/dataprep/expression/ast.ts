/** The parsed form of an expression. Every node keeps its 1-based position for error messages. */
export type Node =
  | { kind: "literal"; value: string | boolean | null; position: number }
  /** a number keeps its text: 0.1 stays exactly 0.1 */
  | { kind: "number"; text: string; position: number }
  /** a field of the row: its root name and the members after it */
  | { kind: "field"; name: string; position: number }
  | { kind: "member"; target: Node; name: string; position: number }
  | { kind: "index"; target: Node; index: Node; position: number }
  | { kind: "call"; name: string; args: Node[]; position: number }
  | { kind: "array"; items: Node[]; position: number }
  | { kind: "object"; entries: Array<[string, Node]>; position: number }
  | { kind: "unary"; operator: string; operand: Node; position: number }
  | { kind: "binary"; operator: string; left: Node; right: Node; position: number }
  | { kind: "conditional"; test: Node; then: Node; otherwise: Node; position: number };

/** The nodes an expression is made of, each visited before its operands. */
export function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of operandsOf(node)) walk(child, visit);
}

function operandsOf(node: Node): Node[] {
  switch (node.kind) {
    case "member":
      return [node.target];
    case "index":
      return [node.target, node.index];
    case "call":
      return node.args;
    case "array":
      return node.items;
    case "object":
      return node.entries.map(([, value]) => value);
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "conditional":
      return [node.test, node.then, node.otherwise];
    default:
      return [];
  }
}

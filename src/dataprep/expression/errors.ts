/** What is wrong with an expression, where (1-based character position) and what was expected there. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position?: number,
    readonly expected?: string,
  ) {
    super(position === undefined ? message : `${message} at position ${position}${expected ? ` (expected ${expected})` : ""}`);
  }
}

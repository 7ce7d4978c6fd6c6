/**
 * A bound on what preview and validate answer: each value's JSON text is measured in DuckDB and
 * only one that fits is read into JavaScript, so an expression that builds a huge string (a padding
 * of 100 million characters) is refused with its size, never held or serialized whole.
 */

/** The most bytes one answered value (a previewed row, a validated result) takes as JSON text. */
export const LARGEST_ANSWERED_BYTES = 1_000_000;

/** SQL select items over a text column: the text when it fits (else null), then its size in bytes. */
export function boundedText(column: string): string {
  return `CASE WHEN strlen(${column}) <= ${LARGEST_ANSWERED_BYTES} THEN ${column} END, strlen(${column})`;
}

/** Why a value of this many bytes is not answered, or undefined when it fits. */
export function oversizeProblem(what: string, bytes: unknown): string | undefined {
  const size = Number(bytes);
  return size > LARGEST_ANSWERED_BYTES ? `${what} is ${size} bytes as JSON, more than the ${LARGEST_ANSWERED_BYTES} bytes a sample answer may hold` : undefined;
}

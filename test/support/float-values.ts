/** DOUBLE and FLOAT values for tests of their text: random ones of every magnitude, and SQL holding one exactly. */
import type { FloatKind } from "./java-float-text.js";
import type { SeededRandom } from "./seeded-random.js";

/** A value of the kind from 64 (or 32) random bits: every magnitude, subnormals, NaN and ±Infinity alike. */
export function randomFloat(random: SeededRandom, kind: FloatKind): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, random.below(2 ** 32));
  view.setUint32(4, random.below(2 ** 32));
  return kind === "DOUBLE" ? view.getFloat64(0) : view.getFloat32(0);
}

/** SQL for the value: its shortest JavaScript text read back as a DOUBLE holds it exactly, and so does a FLOAT cast of a float's. */
export function floatLiteral(value: number, kind: FloatKind): string {
  const text = Object.is(value, -0) ? "-0.0" : String(value);
  return kind === "DOUBLE" ? `CAST('${text}' AS DOUBLE)` : `CAST(CAST('${text}' AS DOUBLE) AS FLOAT)`;
}

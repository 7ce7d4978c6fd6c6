/**
 * Java's Double.toString and Float.toString, written from their Javadoc (JDK 19 and later) with exact
 * integer arithmetic, as the reference the service's SQL is checked against:
 *
 * R is the set of decimals that round to the value (round to nearest, ties to even); m the least
 * length of a decimal in R. T is R's decimals of length m, or of length 1 or 2 when m is 1. The
 * decimal written is T's closest to the value, of the two the one whose last digit is even. It is
 * written plain when 10^-3 <= it < 10^7, with at least one fraction digit, else as d.ddd…E<n>.
 */

export type FloatKind = "DOUBLE" | "FLOAT";

const FORMATS: Record<FloatKind, { precision: number; minExponent: number; exponentBits: number }> = {
  // a value is M · 2^E, M below 2^precision; a subnormal's E is minExponent
  DOUBLE: { precision: 53, minExponent: -1074, exponentBits: 11 },
  FLOAT: { precision: 24, minExponent: -149, exponentBits: 8 },
};

/** The significand M and exponent E of a finite nonzero value (its magnitude): value = M · 2^E. */
function decompose(value: number, kind: FloatKind): { M: bigint; E: number } {
  const view = new DataView(new ArrayBuffer(8));
  const { precision, minExponent, exponentBits } = FORMATS[kind];
  let bits: bigint;
  if (kind === "DOUBLE") {
    view.setFloat64(0, value);
    bits = view.getBigUint64(0);
  } else {
    view.setFloat32(0, value);
    bits = BigInt(view.getUint32(0));
  }
  const fractionBits = BigInt(precision - 1);
  const fraction = bits & ((1n << fractionBits) - 1n);
  const biased = Number((bits >> fractionBits) & ((1n << BigInt(exponentBits)) - 1n));
  return biased === 0 ? { M: fraction, E: minExponent } : { M: fraction | (1n << fractionBits), E: minExponent + biased - 1 };
}

const pow10 = (n: number) => 10n ** BigInt(n);
const pow2 = (n: number) => 1n << BigInt(n);

/** Java's text of a FLOAT or DOUBLE (a FLOAT given as the JS number holding it exactly). */
export function javaFloatText(value: number, kind: FloatKind): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const { M, E } = decompose(Math.abs(value), kind);
  const { precision, minExponent } = FORMATS[kind];
  // the gap below is half the gap above at the bottom of a binade (but not among subnormals)
  const narrowBelow = M === pow2(precision - 1) && E > minExponent;
  const inclusive = M % 2n === 0n;

  /** the decimals of length n nearest the value, below and above, that R holds, with the value and R's ends, all scaled to integers */
  const candidates = (n: number) => {
    // 10^k <= value < 10^(k+1)
    let k = Math.floor(Math.log10(Math.abs(value)));
    const atLeast = (power: number) => (power >= 0 ? M * pow2(Math.max(E, 0)) >= pow10(power) * pow2(Math.max(-E, 0)) : M * pow2(Math.max(E, 0)) * pow10(-power) >= pow2(Math.max(-E, 0)));
    while (!atLeast(k)) k--;
    while (atLeast(k + 1)) k++;
    const q = k - n + 1;
    // everything times 4 · 2^max(-E,0) · 10^max(-q,0): an integer
    const scaleValue = (fourTimesSignificand: bigint) => fourTimesSignificand * pow2(Math.max(E, 0)) * pow10(Math.max(-q, 0));
    const scaleDecimal = (c: bigint) => c * pow10(Math.max(q, 0)) * 4n * pow2(Math.max(-E, 0));
    const v = scaleValue(4n * M);
    const low = scaleValue(4n * M - (narrowBelow ? 1n : 2n));
    const high = scaleValue(4n * M + 2n);
    const below = v / scaleDecimal(1n);
    const inR = (d: bigint) => (inclusive ? d >= low && d <= high : d > low && d < high);
    const found = [below, below + 1n].filter((c) => inR(scaleDecimal(c))).map((c) => ({ c, q, distance: scaleDecimal(c) > v ? scaleDecimal(c) - v : v - scaleDecimal(c) }));
    return found;
  };

  let n = 1;
  let inR = candidates(n);
  while (inR.length === 0) inR = candidates(++n);
  if (n === 1) inR = candidates(2);
  inR.sort((a, b) => (a.distance < b.distance ? -1 : a.distance > b.distance ? 1 : Number(a.c % 2n) - Number(b.c % 2n)));
  let { c, q } = inR[0];
  while (c % 10n === 0n) {
    c /= 10n;
    q++;
  }
  return sign + written(c.toString(), q);
}

/** The decimal 0.<digits> · 10^i (digits · 10^q) in Java's layout. */
function written(digits: string, q: number): string {
  const i = q + digits.length;
  if (i > -3 && i <= 0) return `0.${"0".repeat(-i)}${digits}`;
  if (i > 0 && i <= 7) return i >= digits.length ? `${digits}${"0".repeat(i - digits.length)}.0` : `${digits.slice(0, i)}.${digits.slice(i)}`;
  return `${digits[0]}.${digits.length > 1 ? digits.slice(1) : "0"}E${i - 1}`;
}

/**
 * Spark's hash(e1, e2, …) and xxhash64(e1, e2, …): Murmur3 (x86, 32 bits) and XXH64 of each argument in turn, each hash
 * the starting value of the next, the first 42 (Spark's HashExpression). A value is hashed by its type as Spark hashes it: a
 * BOOLEAN, TINYINT, SMALLINT, INT or DATE as a 4-byte int (true 1, a DATE its days), a BIGINT, TIMESTAMP or TIMESTAMP_NTZ
 * as an 8-byte long (a timestamp its microseconds), a FLOAT or DOUBLE by its bits (-0.0 as 0, every NaN as Java's one
 * NaN), a DECIMAL of up to 18 digits as the long of its unscaled value and a wider one as the bytes of Java's
 * BigInteger.toByteArray, a STRING as its UTF-8 bytes, a BINARY as its bytes, an array element after element, a struct
 * field after field. A NULL, at any depth, leaves the running hash as it was. A MAP is refused, as Spark refuses it by default.
 * DEVIATIONS.md (SQL, hash) says where the reference values the tests check come from.
 */
import { ANY, BIGINT, DuckDBScalarFunction, DuckDBTypeId, INTEGER, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType, type DuckDBValue, type DuckDBVector } from "@duckdb/node-api";
import type { DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBListValue, DuckDBStructValue, DuckDBTimestampValue } from "@duckdb/node-api";

/** one hash function over the three shapes Spark feeds it, `H` its value (and so the starting value of the next) */
interface HashFunction<H> {
  readonly start: H;
  int(value: number, running: H): H;
  long(value: bigint, running: H): H;
  bytes(value: Uint8Array, running: H): H;
}

// Murmur3_x86_32 as Spark's org.apache.spark.unsafe.hash.Murmur3_x86_32 computes it, int32 arithmetic throughout
const rotl32 = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const mixK1 = (k: number) => Math.imul(rotl32(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
const mixH1 = (h: number, k: number) => (Math.imul(rotl32(h ^ k, 13), 5) + 0xe6546b64) | 0;
function fmix32(h: number, length: number): number {
  h ^= length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export const MURMUR3: HashFunction<number> = {
  start: 42,
  int: (value, running) => fmix32(mixH1(running, mixK1(value)), 4),
  long: (value, running) => fmix32(mixH1(mixH1(running, mixK1(Number(BigInt.asIntN(32, value)))), mixK1(Number(BigInt.asIntN(32, value >> 32n)))), 8),
  bytes(value, running) {
    const aligned = value.length - (value.length % 4);
    const words = new DataView(value.buffer, value.byteOffset, value.byteLength);
    let h = running;
    for (let i = 0; i < aligned; i += 4) h = mixH1(h, mixK1(words.getInt32(i, true)));
    // Spark's hashUnsafeBytes mixes each trailing byte, sign-extended, as a word of its own (not Murmur3's own tail)
    for (let i = aligned; i < value.length; i++) h = mixH1(h, mixK1(words.getInt8(i)));
    return fmix32(h, value.length);
  },
};

// XXH64 as Spark's org.apache.spark.sql.catalyst.expressions.XXH64 computes it, unsigned 64-bit arithmetic on bigints
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;
const u64 = (x: bigint) => BigInt.asUintN(64, x);
const rotl64 = (x: bigint, r: bigint) => u64((x << r) | (x >> (64n - r)));
const round64 = (acc: bigint, input: bigint) => u64(rotl64(u64(acc + input * P2), 31n) * P1);
const mergeRound = (acc: bigint, value: bigint) => u64((acc ^ round64(0n, value)) * P1 + P4);
const mixLong = (h: bigint, value: bigint) => u64(rotl64(h ^ round64(0n, value), 27n) * P1 + P4);
const mixInt = (h: bigint, value: bigint) => u64(rotl64(h ^ u64(value * P1), 23n) * P2 + P3);
function fmix64(h: bigint): bigint {
  h = u64((h ^ (h >> 33n)) * P2);
  h = u64((h ^ (h >> 29n)) * P3);
  return BigInt.asIntN(64, h ^ (h >> 32n));
}

export const XXH64: HashFunction<bigint> = {
  start: 42n,
  int: (value, running) => fmix64(mixInt(u64(running + P5 + 4n), BigInt(value >>> 0))),
  long: (value, running) => fmix64(mixLong(u64(running + P5 + 8n), u64(value))),
  bytes(value, running) {
    const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
    const s = u64(running);
    let offset = 0;
    let h: bigint;
    if (value.length >= 32) {
      const lanes = [u64(s + P1 + P2), u64(s + P2), s, u64(s - P1)];
      for (; offset + 32 <= value.length; offset += 32) {
        for (let lane = 0; lane < 4; lane++) lanes[lane] = round64(lanes[lane]!, view.getBigUint64(offset + lane * 8, true));
      }
      const [v1, v2, v3, v4] = lanes as [bigint, bigint, bigint, bigint];
      h = u64(rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n));
      for (const lane of lanes) h = mergeRound(h, lane);
    } else {
      h = u64(s + P5);
    }
    h = u64(h + BigInt(value.length));
    for (; offset + 8 <= value.length; offset += 8) h = mixLong(h, view.getBigUint64(offset, true));
    if (offset + 4 <= value.length) {
      h = mixInt(h, BigInt(view.getUint32(offset, true)));
      offset += 4;
    }
    for (; offset < value.length; offset++) h = u64(rotl64(h ^ u64(BigInt(value[offset]!) * P5), 11n) * P1);
    return fmix64(h);
  },
};

/** Java's BigInteger.toByteArray: the fewest big-endian two's-complement bytes that hold `value` and its sign */
function javaBigIntegerBytes(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(Number(BigInt.asUintN(8, rest)));
    rest >>= 8n;
  } while (!((rest === 0n && bytes[0]! < 0x80) || (rest === -1n && bytes[0]! >= 0x80)));
  return Uint8Array.from(bytes);
}

const bits = new DataView(new ArrayBuffer(8));
function floatBits(value: number): number {
  if (Number.isNaN(value)) return 0x7fc00000;
  bits.setFloat32(0, value === 0 ? 0 : value);
  return bits.getInt32(0);
}
function doubleBits(value: number): bigint {
  if (Number.isNaN(value)) return 0x7ff8000000000000n;
  bits.setFloat64(0, value === 0 ? 0 : value);
  return bits.getBigInt64(0);
}

const UTF8 = new TextEncoder();

/** `value` of `type` hashed into `running`; a type not hashed here (an INTERVAL, which Spark hashes by its parts, a TIME, …) is refused by its name */
export function hashValue<H>(fn: HashFunction<H>, value: DuckDBValue, type: DuckDBType, running: H): H {
  if (value === null) return running;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return fn.int(value ? 1 : 0, running);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
      return fn.int(value as number, running);
    case DuckDBTypeId.BIGINT:
      return fn.long(value as bigint, running);
    case DuckDBTypeId.FLOAT:
      return fn.int(floatBits(value as number), running);
    case DuckDBTypeId.DOUBLE:
      return fn.long(doubleBits(value as number), running);
    case DuckDBTypeId.DATE:
      return fn.int((value as DuckDBDateValue).days, running);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return fn.long((value as DuckDBTimestampValue).micros, running);
    case DuckDBTypeId.DECIMAL: {
      const unscaled = (value as DuckDBDecimalValue).value;
      return type.width <= 18 ? fn.long(unscaled, running) : fn.bytes(javaBigIntegerBytes(unscaled), running);
    }
    case DuckDBTypeId.HUGEINT:
      // Spark's DECIMAL(38,0), as the workspace types a literal past BIGINT
      return fn.bytes(javaBigIntegerBytes(value as bigint), running);
    case DuckDBTypeId.VARCHAR:
      return fn.bytes(UTF8.encode(value as string), running);
    case DuckDBTypeId.BLOB:
      return fn.bytes((value as DuckDBBlobValue).bytes, running);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return (value as DuckDBListValue).items.reduce((h: H, item) => hashValue(fn, item, type.valueType, h), running);
    case DuckDBTypeId.STRUCT: {
      const fields = (value as DuckDBStructValue).entries;
      return type.entryNames.reduce((h: H, name, index) => hashValue(fn, fields[name] ?? null, type.entryTypes[index]!, h), running);
    }
    case DuckDBTypeId.SQLNULL:
      return running;
    default:
      throw new Error(`hash of an ${type.toString()} value is not supported by the local workspace: it hashes numbers, strings, binaries, booleans, dates, timestamps, arrays and structs`);
  }
}

/** whether `type` is a MAP or holds one, at any depth */
function holdsMap(type: DuckDBType): boolean {
  switch (type.typeId) {
    case DuckDBTypeId.MAP:
      return true;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return holdsMap(type.valueType);
    case DuckDBTypeId.STRUCT:
      return type.entryTypes.some(holdsMap);
    default:
      return false;
  }
}

/** Spark's refusal of a MAP in a hash function's argument (spark.sql.legacy.allowHashOnMapType is false by default), which errors.ts reads */
const mapRefusal = (fn: string) =>
  `[DATATYPE_MISMATCH.HASH_MAP_TYPE] Cannot resolve "${fn}(…)" due to data type mismatch: Input to the function \`${fn}\` cannot contain elements of the "MAP" type. ` +
  `In Spark, same maps may have different hashcode, thus hash expressions are prohibited on "MAP" elements. To restore previous behavior set "spark.sql.legacy.allowHashOnMapType" to "true". SQLSTATE: 42K09`;

/** column `k` of `input`; the node API makes no vector of a value holding an untyped NULL (`array(NULL)`), refused here by what to write instead */
function columnOf(input: DuckDBDataChunk, k: number): DuckDBVector {
  try {
    return input.getColumnVector(k);
  } catch (error) {
    if (!String(error).includes("SQLNULL")) throw error;
    throw new Error(`hash of a value holding an untyped NULL (argument ${k + 1}): give the NULL a type, as CAST(NULL AS INT)`);
  }
}

/** registers `name`(any…) → `returnType`, the arguments' hash row by row */
function registerHash<H>(conn: DuckDBConnection, name: string, returnType: DuckDBType, fn: HashFunction<H>): void {
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType,
      varArgsType: ANY,
      // a NULL argument leaves the running hash, so the function sees NULLs instead of answering NULL for them
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const columns = Array.from({ length: input.columnCount }, (_, k) => columnOf(input, k));
        if (columns.some((column) => holdsMap(column.type))) throw new Error(mapRefusal(name.replace(/^spark_/, "")));
        for (let row = 0; row < input.rowCount; row++) {
          output.setItem(row, columns.reduce((h: H, column) => hashValue(fn, column.getItem(row), column.type, h), fn.start) as never);
        }
        output.flush();
      },
    }),
  );
}

export function registerSparkHashes(conn: DuckDBConnection): void {
  registerHash(conn, "spark_hash", INTEGER, MURMUR3);
  registerHash(conn, "spark_xxhash64", BIGINT, XXH64);
}

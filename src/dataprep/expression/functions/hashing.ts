/** Hashing functions (AEP: sha1, sha256, md5, crc32), over the UTF-8 bytes of the input. */
import { ExpressionError } from "../errors.js";
import { asText, type Typed, typed } from "../typed.js";
import type { CallContext, ElFunction } from "./function.js";

const category = "hashing" as const;
const CHARSET = "CHARSET: Optional The name of the character set. UTF-8 is the one supported here.";

/** Only UTF-8: DuckDB strings are UTF-8, and another charset would hash other bytes. */
function utf8Input(name: string, args: readonly Typed[]): string {
  const charset = args[1];
  if (charset && !(typeof charset.constant?.value === "string" && /^utf-?8$/i.test(charset.constant.value))) {
    throw new ExpressionError(`${name}: only the charset "UTF-8" is supported`);
  }
  return asText(args[0]);
}

function hash(name: string, algorithm: string, description: string, example: string): ElFunction {
  return {
    name,
    category,
    syntax: `${name}(INPUT, CHARSET)`,
    description,
    parameters: ["INPUT: Required The plain text to be hashed.", CHARSET],
    arity: [1, 2],
    rowSafe: true,
    example: { expression: `${name}("my text", "UTF-8")`, result: example },
    compile: (args) => typed(`${algorithm}(${utf8Input(name, args)})`, "VARCHAR"),
  };
}

/** CRC-32 (IEEE 802.3, reflected 0xEDB88320): a table-driven fold over the string's bytes. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32Sql(input: string, context: CallContext): string {
  const [i, crc, byte, shift, a, b] = ["i", "crc", "byte", "shift", "a", "b"].map(context.parameter);
  const hexBytes = `hex(encode(${input}))`;
  const bytes = `list_transform(range(0, length(${hexBytes}), 2), ${i} -> ('0x' || substr(${hexBytes}, ${i} + 1, 2))::UBIGINT)`;
  const step = `(${crc}, ${byte}) -> xor(${crc} >> 8, (${`[${CRC_TABLE.join(",")}]::UBIGINT[]`})[((xor(${crc}, ${byte}) & 255) + 1)::BIGINT])`;
  const checksum = `xor(list_reduce(list_prepend(4294967295::UBIGINT, ${bytes}), ${step}), 4294967295::UBIGINT)`;
  // AEP writes the checksum's bytes least significant first (crc32("my text") is 8df92e80, the checksum 0x802ef98d)
  return `(CASE WHEN ${input} IS NULL THEN NULL ELSE list_reduce([printf('%02x', (${checksum} >> ${shift}) & 255) for ${shift} in [0, 8, 16, 24]], (${a}, ${b}) -> ${a} || ${b}) END)`;
}

export const HASHING_FUNCTIONS: readonly ElFunction[] = [
  hash("sha1", "sha1", "Takes an input and produces a hash value using Secure Hash Algorithm 1 (SHA-1).", "c3599c11e47719df18a2448690840c5dfcce3c80"),
  hash("sha256", "sha256", "Takes an input and produces a hash value using Secure Hash Algorithm 256 (SHA-256).", "7330d2b39ca35eaf4cb95fc846c21ee6a39af698154a83a586ee270a0d372104"),
  hash("md5", "md5", "Takes an input and produces a hash value using MD5.", "d3b96ce8c9fb4e9bd0198d03ba6852c7"),
  {
    name: "crc32",
    category,
    syntax: "crc32(INPUT, CHARSET)",
    description: "Takes an input uses a cyclic redundancy check (CRC) algorithm to produce a 32-bit cyclic code.",
    parameters: ["INPUT: Required The plain text to be hashed.", CHARSET],
    arity: [1, 2],
    rowSafe: true,
    example: { expression: 'crc32("my text", "UTF-8")', result: "8df92e80" },
    compile: (args, context) => typed(crc32Sql(utf8Input("crc32", args), context), "VARCHAR"),
  },
];

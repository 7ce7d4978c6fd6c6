import { DeltaErrors } from "./errors.js";

/** Z85 (ZeroMQ base85), the Base85 variant Delta uses for inline deletion vectors and DV file UUIDs. */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes, zero-padding to a multiple of 4 as Delta's codec does; the reader trims with sizeInBytes. */
export function z85Encode(bytes: Uint8Array): string {
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  let out = "";
  for (let i = 0; i < padded.length; i += 4) {
    let value = ((padded[i] << 24) | (padded[i + 1] << 16) | (padded[i + 2] << 8) | padded[i + 3]) >>> 0;
    const chunk = new Array<string>(5);
    for (let j = 4; j >= 0; j--) {
      chunk[j] = ALPHABET[value % 85];
      value = Math.floor(value / 85);
    }
    out += chunk.join("");
  }
  return out;
}

export function z85Decode(text: string, outputLength?: number): Uint8Array {
  if (text.length % 5 !== 0) throw DeltaErrors.corruptDeletionVector("z85", `length ${text.length} is not a multiple of 5`);
  const out = new Uint8Array((text.length / 5) * 4);
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let value = 0;
    for (let j = 0; j < 5; j++) {
      const code = text.charCodeAt(i + j);
      const digit = code < 128 ? DECODE[code] : -1;
      if (digit < 0) throw DeltaErrors.corruptDeletionVector("z85", `invalid character ${JSON.stringify(text[i + j])}`);
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) throw DeltaErrors.corruptDeletionVector("z85", "a 5-character group overflows 32 bits");
    out[o] = value >>> 24;
    out[o + 1] = (value >>> 16) & 0xff;
    out[o + 2] = (value >>> 8) & 0xff;
    out[o + 3] = value & 0xff;
  }
  return outputLength === undefined ? out : out.subarray(0, outputLength);
}

export function uuidToZ85(uuid: string): string {
  return z85Encode(Buffer.from(uuid.replace(/-/g, ""), "hex"));
}

export function z85ToUuid(text: string): string {
  const hex = Buffer.from(z85Decode(text, 16)).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { describe, expect, it } from "vitest";
import { readVariantBytes, variantBytesAt, type VariantNode } from "./variant-binary.js";
import { MalformedJson, variantCastText, variantJson, variantOfJson } from "./variant-json.js";
import { DuplicateVariantKey } from "./variant-binary.js";

const bytes = (json: string) => {
  const { metadata, value } = variantOfJson(json);
  return Buffer.concat([metadata, value]);
};
const roundTrip = (json: string) => variantJson(readVariantBytes(bytes(json)), "UTC");

describe("parse_json's binary form, as Spark's VariantBuilder writes it", () => {
  it("writes the dictionary in the order keys are met, fields listed by key, integers as int8 and a fraction as a decimal", () => {
    const { metadata, value } = variantOfJson('{"b":[1,2.5,"x"],"a":1}');
    // version 1, offsets of one byte; two keys, b first as met, then a
    expect([...metadata]).toEqual([0x01, 2, 0, 1, 2, 0x62, 0x61]);
    const array = [0x03, 3, 0, 2, 8, 10, 0x0c, 1, 0x20, 1, 25, 0, 0, 0, 0x05, 0x78];
    // an object of one-byte ids and offsets; a (id 1) listed before b (id 0), its value written second (offset 16)
    expect([...value]).toEqual([0x02, 2, 1, 0, 16, 0, 18, ...array, 0x0c, 1]);
  });

  it("picks the narrowest integer and decimal, a double for an exponent or more than 38 digits", () => {
    const header = (json: string) => variantOfJson(json).value[0] >> 2;
    expect([header("127"), header("128"), header("40000"), header("3000000000")]).toEqual([3, 4, 5, 6]);
    expect([header("1.5"), header("1234567890.5"), header("1" + "0".repeat(30) + ".5")]).toEqual([8, 9, 10]);
    expect([header("1e3"), header("1" + "0".repeat(39)), header("0." + "0".repeat(38) + "1")]).toEqual([7, 7, 7]);
    expect(header("9223372036854775808")).toBe(10);
  });

  it("writes a string of more than 63 bytes as a long string, and objects and arrays past 255 members as large", () => {
    expect(variantOfJson(JSON.stringify("é".repeat(32))).value[0]).toBe(16 << 2);
    expect(variantOfJson(JSON.stringify("a".repeat(63))).value[0]).toBe((63 << 2) | 1);
    expect(variantOfJson(JSON.stringify(Array.from({ length: 256 }, () => 0))).value[0] & 0x13).toBe(0x13);
  });

  it("writes ids and offsets as wide as they need, and an object past 255 fields as large", () => {
    const keys = Array.from({ length: 300 }, (_, k) => `k${k}`);
    const wide = variantOfJson(JSON.stringify(Object.fromEntries(keys.map((k) => [k, k]))));
    // large (bit 6), ids of two bytes (bits 4-5: 1), offsets of two bytes (bits 2-3: 1), an object (2)
    expect(wide.value[0]).toBe((1 << 6) | (1 << 4) | (1 << 2) | 2);
    // the metadata's offsets take two bytes too (bits 6-7: 1)
    expect(wide.metadata[0]).toBe(1 | (1 << 6));
    const read = readVariantBytes(Buffer.concat([wide.metadata, wide.value]));
    expect(read.kind === "object" && read.fields.map(([key]) => key)).toEqual([...keys].sort());
    expect(variantJson(read, "UTC")).toBe(JSON.stringify(Object.fromEntries([...keys].sort().map((k) => [k, k]))));
  });

  it("reads escapes, surrogate pairs and numbers as Jackson reads them", () => {
    expect(roundTrip('["\\ud83d\\ude00", "a\\/b", -0, 1E5, 0.5e-1]')).toBe('["😀","a/b",0,100000.0,0.05]');
    expect(roundTrip("true]")).toBe("true");
  });

  it("refuses text that is no JSON, trailing characters after a top-level number, and a key twice in one object", () => {
    for (const bad of ["", "{", "[1,]", "{'a':1}", "01", "[00]", "1x", "nul", '"a\tb"', "{\"a\" 1}", "NaN", "[".repeat(1001) + "]".repeat(1001)]) expect(() => variantOfJson(bad), bad).toThrow(MalformedJson);
    expect(() => variantOfJson('{"a":1,"b":{"c":1,"c":2}}')).toThrow(DuplicateVariantKey);
    expect(roundTrip("[".repeat(1000) + "]".repeat(1000))).toBe("[".repeat(1000) + "]".repeat(1000));
    // what follows a complete object or array is not read, as Jackson's parser leaves it
    expect(roundTrip("[1] x")).toBe("[1]");
  });
});

describe("to_json of a variant, as Spark's Variant.toJson writes it", () => {
  it("keeps a decimal's scale, writes doubles as Java does, keys in order and strings as Jackson escapes them", () => {
    expect(roundTrip('{"zeta": 1.10, "alpha": [1e20, 1E-5, 2.5e0, -0.0, 12345678901234567890123], "q": "tab\\there\\u0001é"}')).toBe(
      '{"alpha":[1.0E20,1.0E-5,2.5,0.0,12345678901234567890123],"q":"tab\\there\\u0001é","zeta":1.10}',
    );
    expect(roundTrip("[true, false, null, -9223372036854775808, 1e400]")).toBe("[true,false,null,-9223372036854775808,Infinity]");
  });

  it("writes a date, a timestamp in the session's zone with its offset, a timestamp without zone, binary as base64", () => {
    const micros = BigInt(Date.UTC(2024, 6, 1, 12, 0, 0)) * 1000n + 500n;
    const node: VariantNode = {
      kind: "array",
      items: [
        { kind: "date", days: 19_723 },
        { kind: "timestamp", micros },
        { kind: "timestamp_ntz", micros: micros - 500n },
        { kind: "binary", bytes: new Uint8Array([0, 255]) },
        { kind: "float", value: Math.fround(1.1) },
      ],
    };
    expect(variantJson(node, "America/New_York")).toBe('["2024-01-01","2024-07-01 08:00:00.0005-04:00","2024-07-01 12:00:00","AP8=",1.1]');
    // a cast to STRING writes each scalar as its own cast does: no quotes, no offset, a binary's UTF-8
    const items = node.kind === "array" ? node.items : [];
    expect(items.map((item) => variantCastText(item, "America/New_York"))).toEqual(["2024-01-01", "2024-07-01 08:00:00.0005", "2024-07-01 12:00:00", "\u0000\ufffd", "1.1"]);
    expect(variantCastText(node, "UTC")).toBe(variantJson(node, "UTC"));
    // an old zone's offset in seconds (New York's mean time before 1883) moves the wall clock by all of it, and is written in minutes
    expect(variantJson({ kind: "timestamp", micros: BigInt(Date.UTC(1880, 0, 1)) * 1000n }, "America/New_York")).toBe('"1879-12-31 19:03:58-04:56"');
    expect(variantJson(node, "UTC")).toContain('"2024-07-01 12:00:00.0005+00:00"');
  });

  it("finds the value a path names, keeping the metadata, and nothing past an array's end, a missing field or inside a scalar", () => {
    const v = bytes('{"a":{"B":[10,{"c":"deep"}]}}');
    const at = (steps: Parameters<typeof variantBytesAt>[1]) => {
      const found = variantBytesAt(v, steps);
      return found && variantJson(readVariantBytes(found), "UTC");
    };
    expect(at([{ field: "a" }, { field: "B" }, { index: 1 }, { field: "c" }])).toBe('"deep"');
    expect(at([{ field: "a" }, { field: "B" }])).toBe('[10,{"c":"deep"}]');
    expect(at([{ field: "a" }, { field: "b" }])).toBeUndefined();
    expect(at([{ field: "a" }, { field: "B" }, { index: 2 }])).toBeUndefined();
    expect(at([{ field: "a" }, { field: "B" }, { index: 0 }, { field: "x" }])).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** java.net.URLEncoder's form, which Spark's url_encode writes: letters, digits and .-*_ kept, a space +, other UTF-8 bytes %XX */
const javaUrlEncoded = (text: string) =>
  [...new TextEncoder().encode(text)]
    .map((byte) => {
      const ch = String.fromCharCode(byte);
      if (/[A-Za-z0-9.\-*_]/.test(ch)) return ch;
      return byte === 0x20 ? "+" : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");

/** url_encode, url_decode and try_url_decode as java.net.URLEncoder and URLDecoder; the UTF-8 checks of strings and bytes. */
describe("URL encoding and UTF-8 validity", () => {
  const { ok, sql } = sqlSession({});
  const printable = Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k)).join("");
  const texts = [printable, "é€𝄞 ü", "a+b", "100% sure", "~tilde*star"];

  it("encodes every printable character and non-ASCII text as URLEncoder does, and decodes it back", async () => {
    // a Spark string literal: a backslash escapes the character after it
    const literals = texts.map((t, k) => `(${k}, '${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}')`).join(", ");
    const rows = await ok(`SELECT k, url_encode(t) AS encoded, url_decode(url_encode(t)) AS back FROM VALUES ${literals} AS v(k, t) ORDER BY k`);
    expect(rows).toEqual(texts.map((t, k) => ({ k, encoded: javaUrlEncoded(t), back: t })));
  });

  it("reads + as a space and %XX as bytes, failing a broken escape with CANNOT_DECODE_URL, where try_url_decode answers NULL", async () => {
    expect(await ok("SELECT url_decode('a+b%20c%2B%C3%A9') AS d, try_url_decode('a%2') AS short, try_url_decode('%zz') AS bad, try_url_decode('ok%41') AS fine")).toEqual([
      { d: "a b c+é", short: null, bad: null, fine: "okA" },
    ]);
    // escaped bytes that are no UTF-8 are U+FFFD, as Java's decoder writes them
    expect(await ok("SELECT url_decode('a%FFb%C3%A9+c') AS d, try_url_decode('%E2%82') AS cut")).toEqual([{ d: "a\uFFFDbé c", cut: "\uFFFD" }]);
    expect(expectError(await sql("SELECT url_decode('100%')"))).toContain("[CANNOT_DECODE_URL] The provided URL cannot be decoded: 100%.");
    expect(expectError(await sql("SELECT url_decode('%4G')"))).toContain("[CANNOT_DECODE_URL]");
  });

  it("answers a string valid UTF-8, and checks a BINARY's bytes", async () => {
    expect(
      await ok("SELECT is_valid_utf8('abc') AS s, is_valid_utf8(x'61FF') AS bad, is_valid_utf8(x'C3A9') AS good, try_validate_utf8(x'61FF') AS tried, validate_utf8(x'6162') AS bytes, make_valid_utf8('ok') AS made"),
    ).toEqual([{ s: true, bad: false, good: true, tried: null, bytes: "ab", made: "ok" }]);
    expect(expectError(await sql("SELECT validate_utf8(x'61FF')"))).toContain("[INVALID_UTF8_STRING]");
  });
});

/** A pasted token's claims: an IMS JWT read, anything else refused in words, not with a raw atob or JSON exception. */
import { describe, expect, it } from "vitest";
import { tokenClaims } from "../../console/src/api/token-claims.js";

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = (claims: unknown) => `${part({ alg: "RS256" })}.${part(claims)}.signature`;

describe("a pasted token", () => {
  it("gives its client, org and expiry", () => {
    expect(tokenClaims(jwt({ client_id: "dev-client", org: "DEV@AdobeOrg", exp: 1700000000 }))).toEqual({ clientId: "dev-client", org: "DEV@AdobeOrg", exp: 1700000000 });
    // base64url without padding, and a claim beyond ASCII
    expect(tokenClaims(jwt({ client_id: "clïent", org: "O" })).clientId).toBe("clïent");
  });

  it("that is not a JWT is refused in words", () => {
    for (const text of ["garbage.token.value", "garbage", "a.b", "a..c", `x.${Buffer.from("[1,").toString("base64url")}.y`, `x.${part("text")}.y`, "a.b.c.d"]) {
      expect(() => tokenClaims(text), text).toThrow(/^This is not an access token the console can read: an IMS access token is a JWT/);
    }
  });

  it("without a client or an org is refused", () => {
    expect(() => tokenClaims(jwt({ client_id: "c" }))).toThrow(/names no client_id or org/);
  });
});

/** The gateway keeps the claims of tokens it verified; a kept token still ends at its expiry, and nothing but the exact token it verified is accepted. */
import { describe, expect, it } from "vitest";
import { TokenIssuer } from "../../src/ims/tokens.js";

describe("verified tokens", () => {
  it("stop being accepted at their expiry, however often they were used before", () => {
    let now = Date.UTC(2026, 0, 1);
    const issuer = new TokenIssuer(Buffer.from("k".repeat(32)), 60, () => now);
    const { token } = issuer.issue("client", "ORG@AdobeOrg", "openid");
    expect(issuer.verify(token)?.client_id).toBe("client");
    now += 59_000;
    expect(issuer.verify(token)?.org).toBe("ORG@AdobeOrg");
    now += 1_000;
    expect(issuer.verify(token)).toBeUndefined();
  });

  it("accept nothing but the exact token verified: another signature or other claims are checked anew", () => {
    const issuer = new TokenIssuer(Buffer.from("k".repeat(32)), 3600);
    const { token } = issuer.issue("client", "ORG@AdobeOrg", "openid");
    expect(issuer.verify(token)).toBeDefined();
    const [header, claims, signature] = token.split(".");
    const otherClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, "base64url").toString()), org: "OTHER@AdobeOrg" })).toString("base64url");
    expect(issuer.verify(`${header}.${otherClaims}.${signature}`)).toBeUndefined();
    expect(issuer.verify(`${header}.${claims}.${signature.slice(0, -2)}AA`)).toBeUndefined();
    const stranger = new TokenIssuer(Buffer.from("x".repeat(32)), 3600).issue("client", "ORG@AdobeOrg", "openid").token;
    expect(issuer.verify(stranger)).toBeUndefined();
  });
});

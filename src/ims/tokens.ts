/**
 * Access tokens of the local IMS: compact JWTs signed with HMAC-SHA256. The gateway accepts a
 * token whose signature and expiry hold; the claims name the client (x-api-key) and the org.
 *
 * A client sends the same token on every call for up to a day, so the claims of a token whose
 * signature held are kept (a bounded map keyed by the whole token, signature included) and only
 * its expiry is checked again: the HMAC and the JSON parse were a fifth of a GET credentials.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export interface TokenClaims {
  client_id: string;
  org: string;
  scope: string;
  /** epoch seconds */
  iat: number;
  exp: number;
  jti: string;
}

const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

/** tokens whose claims are kept; a token past the limit evicts the least recently used */
const VERIFIED_TOKENS = 10_000;

export class TokenIssuer {
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(clientId: string, org: string, scope: string): { token: string; expiresIn: number } {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = { client_id: clientId, org, scope, iat, exp: iat + this.ttlSeconds, jti: randomUUID() };
    const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return { token: `${body}.${this.sign(body)}`, expiresIn: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token; undefined for anything else. */
  verify(token: string): TokenClaims | undefined {
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      if (known.exp * 1000 <= this.now()) return undefined;
      this.verified.set(token, known); // now the most recently used
      return known;
    }
    const claims = this.checkSignatureAndClaims(token);
    if (!claims) return undefined;
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }

  /**
   * When a token this issuer signed expired, in epoch seconds: why verify refused it. Undefined for
   * one it did not sign, or that has not expired.
   */
  expiredAt(token: string): number | undefined {
    const claims = this.signedClaims(token);
    return claims && typeof claims.exp === "number" && claims.exp * 1000 <= this.now() ? claims.exp : undefined;
  }

  private checkSignatureAndClaims(token: string): TokenClaims | undefined {
    const claims = this.signedClaims(token);
    if (!claims) return undefined;
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= this.now()) return undefined;
    if (typeof claims.client_id !== "string" || typeof claims.org !== "string") return undefined;
    return Object.freeze(claims);
  }

  /** The claims of a token whose signature holds, unchecked. */
  private signedClaims(token: string): TokenClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
  }

  private sign(data: string): string {
    return createHmac("sha256", this.key).update(data).digest("base64url");
  }
}

/**
 * The workspace's OAuth machine-to-machine issuer: one configured service principal (client id and
 * secret) exchanges its credentials for workspace access tokens of a fixed lifetime, as Databricks'
 * `POST /oidc/v1/token` does (grant_type=client_credentials, scope all-apis). Tokens live in memory
 * only: after a restart clients simply get new ones. Secrets are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface ServicePrincipal {
  clientId: string;
  clientSecret: string;
}

export interface IssuedToken {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
}

export type TokenCheck = "valid" | "expired" | "unknown";

export class OAuthIssuer {
  /** token hash → expiry (ms); hashes so a heap dump holds no usable token */
  private readonly issued = new Map<string, number>();
  /** tokens issued since start: how a test sees that a client renewed its token */
  issuedCount = 0;

  constructor(
    readonly principal: ServicePrincipal,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number,
  ) {}

  /** Whether a client id and secret are the service principal's. */
  authenticates(clientId: string, clientSecret: string): boolean {
    return sameText(clientId, this.principal.clientId) && sameText(clientSecret, this.principal.clientSecret);
  }

  issue(scope: string): IssuedToken {
    this.forgetExpired();
    const token = `dose${randomBytes(32).toString("hex")}`;
    this.issued.set(tokenHash(token), this.now() + this.lifetimeSeconds * 1000);
    this.issuedCount++;
    return { access_token: token, token_type: "Bearer", expires_in: this.lifetimeSeconds, scope };
  }

  check(token: string): TokenCheck {
    const expiresAt = this.issued.get(tokenHash(token));
    if (expiresAt === undefined) return "unknown";
    return this.now() < expiresAt ? "valid" : "expired";
  }

  /** Expired tokens are kept a while so they are still answered "expired", then dropped. */
  private forgetExpired(): void {
    const horizon = this.now() - Math.max(3600, this.lifetimeSeconds) * 1000;
    for (const [key, expiresAt] of this.issued) if (expiresAt < horizon) this.issued.delete(key);
  }
}

/** What is kept of a token instead of its value: a heap dump or a state file then holds no usable token. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function sameText(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

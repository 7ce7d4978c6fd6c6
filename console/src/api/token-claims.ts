/** The claims of an IMS token (a JWT), read without checking its signature: the API checks that. */

const NOT_A_JWT = "This is not an access token the console can read: an IMS access token is a JWT, three base64url parts joined by dots (header.claims.signature). Paste the whole access_token.";

/** The client id and org of an IMS token, read from its claims; a clear error for text that is not a JWT. */
export function tokenClaims(token: string): { clientId: string; org: string; exp?: number } {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) throw new Error(NOT_A_JWT);
  let claims: unknown;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(NOT_A_JWT);
  }
  if (typeof claims !== "object" || claims === null) throw new Error(NOT_A_JWT);
  const { client_id: clientId, org, exp } = claims as { client_id?: unknown; org?: unknown; exp?: unknown };
  if (typeof clientId !== "string" || !clientId || typeof org !== "string" || !org) throw new Error("The token names no client_id or org: it is not an IMS access token of this service.");
  return { clientId, org, exp: typeof exp === "number" ? exp : undefined };
}

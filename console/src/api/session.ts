/** Who the console calls the API as: a token, the client and org it was issued to, a sandbox. */
export interface Session {
  token: string;
  clientId: string;
  org: string;
  sandbox: string;
}

const KEY = "databricks-source-session";

/** The client id and org of an IMS token, read from its claims (the API checks the signature). */
export function tokenClaims(token: string): { clientId: string; org: string; exp?: number } {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("This is not an access token: it has no claims.");
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const claims = JSON.parse(json) as { client_id?: string; org?: string; exp?: number };
  if (!claims.client_id || !claims.org) throw new Error("The token names no client_id or org.");
  return { clientId: claims.client_id, org: claims.org, exp: claims.exp };
}

export function savedSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  return text ? (JSON.parse(text) as Session) : undefined;
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

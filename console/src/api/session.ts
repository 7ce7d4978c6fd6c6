/** Who the console calls the API as: a token, the client and org it was issued to, a sandbox. */
export interface Session {
  token: string;
  clientId: string;
  org: string;
  sandbox: string;
}

const KEY = "databricks-source-session";

export { tokenClaims } from "./token-claims";

export function savedSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  return text ? (JSON.parse(text) as Session) : undefined;
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

import { type FormEvent, useState } from "react";
import { api, requestToken } from "../api/client";
import { type Session, tokenClaims } from "../api/session";
import { ErrorNote } from "../components/Feedback";

interface Sandbox {
  name: string;
  title: string;
  isDefault: boolean;
}

/** Step 1: a token (the IMS client's credentials, or a pasted token). Step 2: the sandbox. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [mode, setMode] = useState<"client" | "token">("client");
  const [clientId, setClientId] = useState("dev-client");
  const [clientSecret, setClientSecret] = useState("");
  const [pasted, setPasted] = useState("");
  const [signedIn, setSignedIn] = useState<{ token: string; clientId: string; org: string; sandboxes: Sandbox[] }>();
  const [sandbox, setSandbox] = useState("prod");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const getToken = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const token = mode === "client" ? await requestToken(clientId.trim(), clientSecret) : pasted.trim();
      const claims = tokenClaims(token);
      const sandboxes = await listSandboxes(token, claims.clientId, claims.org);
      setSignedIn({ token, ...claims, sandboxes });
      setSandbox(sandboxes.find((s) => s.isDefault)?.name ?? sandboxes[0]?.name ?? "prod");
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const enter = (event: FormEvent) => {
    event.preventDefault();
    if (signedIn) onSignedIn({ token: signedIn.token, clientId: signedIn.clientId, org: signedIn.org, sandbox });
  };

  return (
    <main className="sign-in">
      <h1>Databricks Source</h1>
      {notice && !signedIn && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {!signedIn ? (
        <form onSubmit={getToken} aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">Sign in</h2>
          <fieldset>
            <legend>How</legend>
            <label className="inline">
              <input type="radio" name="mode" checked={mode === "client"} onChange={() => setMode("client")} /> With the IMS client
            </label>
            <label className="inline">
              <input type="radio" name="mode" checked={mode === "token"} onChange={() => setMode("token")} /> With an access token
            </label>
          </fieldset>
          {mode === "client" ? (
            <>
              <p className="hint">
                <code>npm start</code> prints the development client id and secret in its ready line; a service given a client of
                its own (<code>AUTH_CLIENT_ID</code>, <code>AUTH_CLIENT_SECRET</code>) never prints its secret: use the one it was given.
              </p>
              <label>
                Client id
                <input value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="username" />
              </label>
              <label>
                Client secret
                <input type="password" value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} required autoComplete="current-password" />
              </label>
            </>
          ) : (
            <label>
              Access token
              <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} required rows={4} />
            </label>
          )}
          <ErrorNote error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      ) : (
        <form onSubmit={enter} aria-labelledby="sandbox-title">
          <h2 id="sandbox-title">Choose a sandbox</h2>
          <p>
            Signed in as {signedIn.clientId} of {signedIn.org}.
          </p>
          <label htmlFor="sandbox">Sandbox</label>
          <select id="sandbox" value={sandbox} onChange={(e) => setSandbox(e.target.value)}>
              {signedIn.sandboxes.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.title} ({s.name})
                </option>
            ))}
          </select>
          <button type="submit" className="primary">
            Open the console
          </button>
        </form>
      )}
    </main>
  );
}

async function listSandboxes(token: string, clientId: string, org: string): Promise<Sandbox[]> {
  const answer = await api<{ sandboxes: Sandbox[] }>({ token, clientId, org, sandbox: "prod" }, "GET", "/data/foundation/sandbox-management/sandboxes", { trying: true });
  return answer.sandboxes;
}

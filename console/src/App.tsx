import { useEffect, useState } from "react";
import { SESSION_ENDED } from "./api/client";
import { savedSession, saveSession, type Session } from "./api/session";
import { SignIn } from "./screens/SignIn";
import { LandingZone } from "./screens/LandingZone";
import { Sources } from "./screens/sources/Sources";
import { Wizard } from "./screens/wizard/Wizard";
import { clearWizardDraft } from "./screens/wizard/wizard-draft";
import { Monitoring } from "./screens/monitoring/Monitoring";

const SCREENS = [
  { path: "landing-zone", title: "Landing zone" },
  { path: "sources", title: "Sources" },
  { path: "new-dataflow", title: "New dataflow" },
  { path: "monitoring", title: "Monitoring" },
] as const;
type ScreenPath = (typeof SCREENS)[number]["path"];

function currentPath(): ScreenPath {
  // the screen is the hash's first part: #/new-dataflow/mapping is the wizard at its mapping step
  const hash = window.location.hash.replace(/^#\/?/, "").split(/[?/]/)[0];
  const known = SCREENS.find((s) => s.path === hash)?.path;
  // the address of no screen (#/nope) shows the first screen under that screen's address, which the menu marks
  if (!known && hash !== "") window.history.replaceState(null, "", "#/landing-zone");
  return known ?? "landing-zone";
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(savedSession);
  const [path, setPath] = useState<ScreenPath>(currentPath);

  useEffect(() => {
    const onHash = () => setPath(currentPath());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    const title = SCREENS.find((s) => s.path === path)?.title;
    document.title = session ? `${title} · Databricks Source` : "Sign in · Databricks Source";
  }, [path, session]);

  const [ended, setEnded] = useState(false);
  const signIn = (next: Session | undefined) => {
    if (!next) clearWizardDraft();
    saveSession(next);
    setSession(next);
    setEnded(false);
  };
  useEffect(() => {
    const onEnded = () => {
      saveSession(undefined);
      setSession(undefined);
      setEnded(true);
    };
    window.addEventListener(SESSION_ENDED, onEnded);
    return () => window.removeEventListener(SESSION_ENDED, onEnded);
  }, []);

  if (!session) return <SignIn onSignedIn={signIn} notice={ended ? "The service no longer accepts your token (it expired or was signed with another key): sign in again." : undefined} />;
  return (
    <div className="layout">
      <header className="top">
        <span className="brand">Databricks Source</span>
        <nav aria-label="Screens">
          {SCREENS.map((s) => (
            <a key={s.path} href={`#/${s.path}`} aria-current={s.path === path ? "page" : undefined}>
              {s.title}
            </a>
          ))}
        </nav>
        <span className="who">
          {session.clientId} · {session.org} · sandbox <strong>{session.sandbox}</strong>
          <button type="button" className="link" onClick={() => signIn(undefined)}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        {path === "landing-zone" && <LandingZone session={session} />}
        {path === "sources" && <Sources session={session} />}
        {path === "new-dataflow" && <Wizard session={session} />}
        {path === "monitoring" && <Monitoring session={session} />}
      </main>
    </div>
  );
}

import type { Session } from "../api/session";

export function Sources(_props: { session: Session }) {
  return <h1>Sources</h1>;
}

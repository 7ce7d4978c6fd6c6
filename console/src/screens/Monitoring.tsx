import type { Session } from "../api/session";

export function Monitoring(_props: { session: Session }) {
  return <h1>Monitoring</h1>;
}

import type { Session } from "../../api/session";

export function Wizard(_props: { session: Session }) {
  return <h1>New dataflow</h1>;
}

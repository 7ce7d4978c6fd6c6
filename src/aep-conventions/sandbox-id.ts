import { createHash } from "node:crypto";

/** ids already derived: every gated request asks for its caller's, and a SHA-256 per call adds up */
const known = new Map<string, string>();
const KNOWN_LIMIT = 1_000;

/** A stable UUID-shaped id per (org, sandbox): sandboxes come from configuration, not a store. */
export function sandboxId(org: string, name: string): string {
  const key = `${org}/${name}`;
  let id = known.get(key);
  if (id === undefined) {
    const h = createHash("sha256").update(key).digest("hex");
    id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(key, id);
  }
  return id;
}

import { createHash } from "node:crypto";

/** A stable UUID-shaped id per (org, sandbox): sandboxes come from configuration, not a store. */
export function sandboxId(org: string, name: string): string {
  const h = createHash("sha256").update(`${org}/${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

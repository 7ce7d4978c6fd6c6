/**
 * Which IP addresses lie inside the network the service runs in rather than on the internet:
 * loopback, private (RFC 1918, unique-local), link-local (the cloud metadata address
 * 169.254.169.254 among them), unspecified and carrier-grade NAT. A request the service makes on a
 * tenant's behalf must not reach one unless an operator allows it (src/security/allowed-hosts.ts).
 */
import { BlockList, isIP } from "node:net";

export interface InternalRange {
  /** what the range is for, as a message names it: "loopback", "private (RFC 1918)", … */
  kind: string;
  /** the range, 127.0.0.0/8 */
  cidr: string;
}

const RANGES: ReadonlyArray<InternalRange & { family: "ipv4" | "ipv6" }> = [
  // "this network": a connection to 0.0.0.0 reaches the host itself
  { kind: "unspecified", cidr: "0.0.0.0/8", family: "ipv4" },
  { kind: "private (RFC 1918)", cidr: "10.0.0.0/8", family: "ipv4" },
  { kind: "carrier-grade NAT (RFC 6598)", cidr: "100.64.0.0/10", family: "ipv4" },
  { kind: "loopback", cidr: "127.0.0.0/8", family: "ipv4" },
  { kind: "link-local", cidr: "169.254.0.0/16", family: "ipv4" },
  { kind: "private (RFC 1918)", cidr: "172.16.0.0/12", family: "ipv4" },
  { kind: "private (RFC 1918)", cidr: "192.168.0.0/16", family: "ipv4" },
  { kind: "unspecified", cidr: "::/128", family: "ipv6" },
  { kind: "loopback", cidr: "::1/128", family: "ipv6" },
  { kind: "unique-local", cidr: "fc00::/7", family: "ipv6" },
  { kind: "link-local", cidr: "fe80::/10", family: "ipv6" },
];

// A BlockList applies an IPv4 rule to the IPv4-mapped IPv6 form too (::ffff:10.0.0.1, ::ffff:a00:1).
const LISTS = RANGES.map((range) => {
  const [network, prefix] = range.cidr.split("/");
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), range.family);
  return { range: { kind: range.kind, cidr: range.cidr }, list };
});

/** The internal range `address` lies in; undefined for a public address, and for text that is not an IP address. */
export function internalRangeOf(address: string): InternalRange | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  return LISTS.find(({ list }) => list.check(address, family === 4 ? "ipv4" : "ipv6"))?.range;
}

/** An IP literal as a URL's hostname spells it, without the brackets of IPv6. */
export function addressOfHostname(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

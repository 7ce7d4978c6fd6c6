/**
 * Which IP addresses lie inside the network the service runs in rather than on the internet:
 * loopback, private (RFC 1918, unique-local, site-local), link-local (the cloud metadata address
 * 169.254.169.254 among them), unspecified, carrier-grade NAT, local-use NAT64, multicast and the
 * reserved ranges no receiver is on, and Azure's WireServer (a public address its hosts answer
 * themselves). An IPv6 address that carries an IPv4 one (IPv4-mapped, NAT64, IPv4-translated,
 * 6to4) is internal when the IPv4 address it carries is: a NAT64 gateway or 6to4 relay on the
 * operator's network would take the connection there. A request the service makes on a tenant's
 * behalf must not reach one unless an operator allows it (src/security/allowed-hosts.ts).
 */
import { BlockList, isIP } from "node:net";

export interface InternalRange {
  /** what the range is for, as a message names it: "loopback", "private (RFC 1918)", … */
  kind: string;
  /** the range, 127.0.0.0/8; for an IPv4 address carried in IPv6, also how: "127.0.0.0/8, carried by NAT64 64:ff9b::/96" */
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
  { kind: "reserved (IETF protocol assignments)", cidr: "192.0.0.0/24", family: "ipv4" },
  { kind: "private (RFC 1918)", cidr: "192.168.0.0/16", family: "ipv4" },
  { kind: "reserved (benchmarking)", cidr: "198.18.0.0/15", family: "ipv4" },
  { kind: "multicast", cidr: "224.0.0.0/4", family: "ipv4" },
  { kind: "reserved (240.0.0.0/4 and broadcast)", cidr: "240.0.0.0/4", family: "ipv4" },
  // public, but answered by the Azure host a VM runs on, and it hands out the VM's configuration
  { kind: "cloud host service (Azure WireServer)", cidr: "168.63.129.16/32", family: "ipv4" },
  { kind: "unspecified", cidr: "::/128", family: "ipv6" },
  { kind: "loopback", cidr: "::1/128", family: "ipv6" },
  { kind: "deprecated IPv4-compatible", cidr: "::/96", family: "ipv6" },
  { kind: "local-use NAT64", cidr: "64:ff9b:1::/48", family: "ipv6" },
  { kind: "discard-only", cidr: "100::/64", family: "ipv6" },
  { kind: "unique-local", cidr: "fc00::/7", family: "ipv6" },
  { kind: "link-local", cidr: "fe80::/10", family: "ipv6" },
  { kind: "site-local (deprecated)", cidr: "fec0::/10", family: "ipv6" },
  { kind: "multicast", cidr: "ff00::/8", family: "ipv6" },
];

/** IPv6 prefixes whose addresses carry an IPv4 one, and the 16-bit group it starts at. IPv4-mapped (::ffff:0:0/96) needs none: a BlockList applies its IPv4 rules to it. */
const CARRIERS: ReadonlyArray<{ name: string; cidr: string; group: number }> = [
  { name: "NAT64", cidr: "64:ff9b::/96", group: 6 },
  { name: "IPv4-translated", cidr: "::ffff:0:0:0/96", group: 6 },
  { name: "6to4", cidr: "2002::/16", group: 1 },
];

const listOf = (cidr: string, family: "ipv4" | "ipv6") => {
  const [network, prefix] = cidr.split("/");
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), family);
  return list;
};

// A BlockList applies an IPv4 rule to the IPv4-mapped IPv6 form too (::ffff:10.0.0.1, ::ffff:a00:1).
const LISTS = RANGES.map(({ kind, cidr, family }) => ({ range: { kind, cidr }, list: listOf(cidr, family) }));
const CARRIER_LISTS = CARRIERS.map((carrier) => ({ ...carrier, list: listOf(carrier.cidr, "ipv6") }));

/** The internal range `address` lies in; undefined for a public address, and for text that is not an IP address. */
export function internalRangeOf(text: string): InternalRange | undefined {
  const address = text.replace(/%.*$/, ""); // a zone index (fe80::1%eth0) names an interface, not part of the address
  const family = isIP(address);
  if (family === 0) return undefined;
  const type = family === 4 ? "ipv4" : "ipv6";
  const range = LISTS.find(({ list }) => list.check(address, type))?.range;
  if (range || family === 4) return range;
  const carrier = CARRIER_LISTS.find(({ list }) => list.check(address, "ipv6"));
  if (!carrier) return undefined;
  const carried = ipv4At(address, carrier.group);
  const inner = internalRangeOf(carried);
  return inner && { kind: inner.kind, cidr: `${inner.cidr}, carried to ${carried} by ${carrier.name} ${carrier.cidr}` };
}

/** How a message names a range: "an unspecified address (0.0.0.0/8)", "a loopback address (127.0.0.0/8)". */
export function describeRange(range: InternalRange): string {
  const vowelSound = /^([aeio]|un(?!i))/i.test(range.kind); // "an unspecified", but "a unique-local"
  return `${vowelSound ? "an" : "a"} ${range.kind} address (${range.cidr})`;
}

/** An IP literal as a URL's hostname spells it, without the brackets of IPv6. */
export function addressOfHostname(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/** The IPv4 address in the 16-bit groups `group` and `group + 1` of a valid IPv6 address. */
function ipv4At(ipv6: string, group: number): string {
  const groups = groupsOf(ipv6);
  return [groups[group] >> 8, groups[group] & 0xff, groups[group + 1] >> 8, groups[group + 1] & 0xff].join(".");
}

/** The eight 16-bit groups of a valid IPv6 address, a dotted IPv4 tail (::ffff:1.2.3.4) read as two. */
function groupsOf(ipv6: string): number[] {
  const parse = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((piece) => {
          if (!piece.includes(".")) return [parseInt(piece, 16)];
          const [a, b, c, d] = piece.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = ipv6.includes("::") ? ipv6.split("::") : [ipv6, undefined];
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

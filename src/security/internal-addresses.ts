/**
 * Which IP addresses lie inside the network the service runs in rather than on the internet, as a
 * webhook's refusal names them: the range of the one classifier (address-ranges.ts) an address is
 * in, and, for an IPv6 address a gateway takes to an IPv4 one (NAT64, IPv4-translated, 6to4), how
 * it carries it. A request the service makes on a tenant's behalf must not reach one unless an
 * operator allows it (src/security/allowed-hosts.ts).
 */
import { classifyAddress } from "./address-ranges.js";

export interface InternalRange {
  /** what the range is for, as a message names it: "loopback", "private (RFC 1918)", … */
  kind: string;
  /** the range, 127.0.0.0/8; for an IPv4 address carried in IPv6, also how: "127.0.0.0/8, carried to 127.0.0.1 by NAT64 64:ff9b::/96" */
  cidr: string;
}

/** The internal range `address` lies in; undefined for a public address, and for text that is not an IP address. */
export function internalRangeOf(text: string): InternalRange | undefined {
  const found = classifyAddress(text);
  if (!found || found.category === "public") return undefined;
  const { range, carried } = found;
  // an IPv4-mapped address is the IPv4 address itself as a dual-stack socket writes it: its range says all
  if (!carried || carried.mapped) return { kind: range.name, cidr: range.cidr };
  return { kind: range.name, cidr: `${range.cidr}, carried to ${carried.address} by ${carried.carrier} ${carried.cidr}` };
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

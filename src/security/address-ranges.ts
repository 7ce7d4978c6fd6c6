/**
 * The one classifier of IP addresses: whether an address is public or inside a host's own network,
 * and then which range it is in and what kind of network that is — loopback, private (RFC 1918,
 * carrier-grade NAT, site-local), link-local, unique-local, unspecified, multicast, the reserved
 * ranges no server is on, and the cloud metadata services (they hand out the host's credentials).
 * An IPv6 address that carries an IPv4 one (IPv4-mapped, IPv4-translated, NAT64, 6to4) is
 * classified by the IPv4 address it carries: a NAT64 gateway or 6to4 relay on the operator's
 * network would take the connection there. Webhooks (internal-addresses.ts) and Delta Sharing's
 * file URLs (src/delta-sharing/address-kinds.ts) each word their refusals over this one table.
 */
import { isIP } from "node:net";

/** The kind of network an address inside a host's own network is on. */
export type InternalCategory = "loopback" | "private" | "link-local" | "unique-local" | "unspecified" | "metadata" | "reserved" | "multicast";

export type AddressCategory = "public" | InternalCategory;

export interface AddressRange {
  /** what the range is for, as a message names it: "loopback", "private (RFC 1918)", … */
  name: string;
  /** the range, 127.0.0.0/8 */
  cidr: string;
}

/** The IPv4 address an IPv6 address carries, and the prefix that carries it. */
export interface CarriedIPv4 {
  address: string;
  /** "NAT64", "6to4", … */
  carrier: string;
  /** the carrier's prefix, 64:ff9b::/96 */
  cidr: string;
  /** IPv4-mapped: no gateway in between, a dual-stack socket connects to the IPv4 address itself */
  mapped: boolean;
}

export interface InternalAddress {
  category: InternalCategory;
  /** the range the address (or the IPv4 address it carries) lies in */
  range: AddressRange;
  carried?: CarriedIPv4;
}

export type AddressClass = { category: "public"; carried?: CarriedIPv4 } | InternalAddress;

const RANGES: ReadonlyArray<AddressRange & { category: InternalCategory }> = [
  // "this network": a connection to 0.0.0.0 reaches the host itself
  { name: "unspecified", cidr: "0.0.0.0/8", category: "unspecified" },
  { name: "private (RFC 1918)", cidr: "10.0.0.0/8", category: "private" },
  { name: "carrier-grade NAT (RFC 6598)", cidr: "100.64.0.0/10", category: "private" },
  { name: "loopback", cidr: "127.0.0.0/8", category: "loopback" },
  { name: "link-local", cidr: "169.254.0.0/16", category: "link-local" },
  { name: "private (RFC 1918)", cidr: "172.16.0.0/12", category: "private" },
  { name: "reserved (IETF protocol assignments)", cidr: "192.0.0.0/24", category: "reserved" },
  { name: "private (RFC 1918)", cidr: "192.168.0.0/16", category: "private" },
  { name: "reserved (benchmarking)", cidr: "198.18.0.0/15", category: "reserved" },
  { name: "multicast", cidr: "224.0.0.0/4", category: "multicast" },
  { name: "reserved (240.0.0.0/4 and broadcast)", cidr: "240.0.0.0/4", category: "reserved" },
  // public, but answered by the Azure host a VM runs on, and it hands out the VM's configuration
  { name: "cloud host service (Azure WireServer)", cidr: "168.63.129.16/32", category: "metadata" },
  // ::/128 and ::1/128 before ::/96, which holds them
  { name: "unspecified", cidr: "::/128", category: "unspecified" },
  { name: "loopback", cidr: "::1/128", category: "loopback" },
  { name: "deprecated IPv4-compatible", cidr: "::/96", category: "reserved" },
  { name: "local-use NAT64", cidr: "64:ff9b:1::/48", category: "reserved" },
  { name: "discard-only", cidr: "100::/64", category: "reserved" },
  // the IPv4 address a Teredo address reaches is stored obscured (its bits inverted), so no check here can tell where it leads
  { name: "Teredo tunnel", cidr: "2001::/32", category: "reserved" },
  { name: "unique-local", cidr: "fc00::/7", category: "unique-local" },
  { name: "link-local", cidr: "fe80::/10", category: "link-local" },
  { name: "site-local (deprecated)", cidr: "fec0::/10", category: "private" },
  { name: "multicast", cidr: "ff00::/8", category: "multicast" },
];

/** Cloud instance metadata services inside the ranges above: named by their range, categorised as "metadata". */
const METADATA = [
  "169.254.169.254", // AWS, Azure, Google Cloud, Oracle Cloud, DigitalOcean
  "169.254.170.2", // AWS container credentials
  "169.254.170.23", // AWS EKS Pod Identity
  "100.100.100.200", // Alibaba Cloud
  "fd00:ec2::254", // AWS over IPv6
  "fd00:ec2::23", // AWS EKS Pod Identity over IPv6
  "fd20:ce::254", // Google Cloud over IPv6
];

/** IPv6 prefixes whose addresses carry an IPv4 one, and the 16-bit group it starts at. */
const CARRIERS: ReadonlyArray<{ carrier: string; cidr: string; group: number; mapped: boolean }> = [
  { carrier: "IPv4-mapped", cidr: "::ffff:0:0/96", group: 6, mapped: true },
  { carrier: "NAT64", cidr: "64:ff9b::/96", group: 6, mapped: false },
  { carrier: "IPv4-translated", cidr: "::ffff:0:0:0/96", group: 6, mapped: false },
  { carrier: "6to4", cidr: "2002::/16", group: 1, mapped: false },
];

/** An address as a number of its family's width. */
interface Bits {
  width: 32 | 128;
  value: bigint;
}

const prefixOf = (cidr: string) => {
  const [network, length] = cidr.split("/");
  return { ...bitsOf(network)!, length: Number(length) };
};
const ranges = RANGES.map(({ category, name, cidr }) => ({ category, range: { name, cidr }, prefix: prefixOf(cidr) }));
const metadata = METADATA.map((address) => bitsOf(address)!);
const carriers = CARRIERS.map(({ group, ...carrier }) => ({ carrier, group, prefix: prefixOf(carrier.cidr) }));

/**
 * The class of `text`, an IPv4 or IPv6 address (a zone index, fe80::1%eth0, allowed; brackets and
 * host names are not addresses); undefined when it is not an IP address.
 */
export function classifyAddress(text: string): AddressClass | undefined {
  const address = bitsOf(text.replace(/%.*$/, "")); // a zone index names an interface, not part of the address
  if (!address) return undefined;
  const found = ranges.find(({ prefix }) => within(address, prefix));
  if (found) {
    const isMetadata = metadata.some((m) => m.width === address.width && m.value === address.value);
    return { category: isMetadata ? "metadata" : found.category, range: found.range };
  }
  const carrying = carriers.find(({ prefix }) => within(address, prefix));
  if (!carrying) return { category: "public" };
  const carried = { address: ipv4At(address.value, carrying.group), ...carrying.carrier };
  return { ...classifyAddress(carried.address)!, carried };
}

/** The category of `text`; what is not an IP address is "reserved", never "public". */
export function categoryOf(text: string): AddressCategory {
  return classifyAddress(text)?.category ?? "reserved";
}

/** How a refusal names a category: "a loopback address", "a cloud metadata service's address". */
export function describeCategory(category: AddressCategory): string {
  switch (category) {
    case "unspecified":
      return "the unspecified address (0.0.0.0, ::), which reaches the host itself";
    case "metadata":
      return "a cloud metadata service's address";
    case "unique-local":
      return "a unique-local address (fc00::/7)";
    default:
      return `a ${category} address`;
  }
}

/** The bits of an IPv4 or IPv6 address, a dotted IPv4 tail (::ffff:1.2.3.4) read as two groups; undefined for anything else. */
function bitsOf(address: string): Bits | undefined {
  const family = isIP(address);
  if (family === 4) return { width: 32, value: address.split(".").reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n) };
  if (family !== 6) return undefined;
  const groups = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((piece) => {
          if (!piece.includes(".")) return [parseInt(piece, 16)];
          const [a, b, c, d] = piece.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return { width: 128, value: all.reduce((sum, group) => (sum << 16n) | BigInt(group), 0n) };
}

function within(address: Bits, prefix: Bits & { length: number }): boolean {
  const hostBits = BigInt(prefix.width - prefix.length);
  return address.width === prefix.width && address.value >> hostBits === prefix.value >> hostBits;
}

/** The IPv4 address in the 16-bit groups `group` and `group + 1` of an IPv6 address. */
function ipv4At(ipv6: bigint, group: number): string {
  const ipv4 = Number((ipv6 >> BigInt(128 - 16 * (group + 2))) & 0xffffffffn);
  return [ipv4 >>> 24, (ipv4 >>> 16) & 0xff, (ipv4 >>> 8) & 0xff, ipv4 & 0xff].join(".");
}

/**
 * What kind of network an IP address is on: public (reachable from the internet), or one of the
 * kinds a host's own network uses — loopback, private, link-local, unique-local, unspecified, a
 * cloud metadata service — or reserved and multicast ranges no file is served from. An IPv6 address
 * that carries an IPv4 one (IPv4-mapped, IPv4-translated, NAT64, 6to4) is the kind of the IPv4 address it carries.
 */
import { isIPv4, isIPv6 } from "node:net";

export type AddressKind = "public" | "loopback" | "private" | "link-local" | "unique-local" | "unspecified" | "metadata" | "reserved" | "multicast";

/** The addresses of cloud instance metadata services: they hand out the host's credentials. */
const METADATA = [
  "169.254.169.254", // AWS, Azure, Google Cloud, Oracle Cloud, DigitalOcean
  "169.254.170.2", // AWS container credentials
  "100.100.100.200", // Alibaba Cloud
  "168.63.129.16", // Azure WireServer, a public address answered on the host itself
  "fd00:ec2::254", // AWS over IPv6
];

const IPV4_RANGES: Array<[string, AddressKind]> = [
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "private"], // shared address space (carrier-grade NAT)
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
];

const IPV6_RANGES: Array<[string, AddressKind]> = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "reserved"], // IPv4-compatible, deprecated
  ["64:ff9b:1::/48", "reserved"], // local-use NAT64
  ["100::/64", "reserved"], // discard
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"], // site-local, deprecated
  ["ff00::/8", "multicast"],
];

/** Prefixes whose addresses carry an IPv4 address, and at which byte it starts. */
const CARRYING_IPV4: Array<[string, number]> = [
  ["::ffff:0:0/96", 12], // IPv4-mapped
  ["::ffff:0:0:0/96", 12], // IPv4-translated
  ["64:ff9b::/96", 12], // NAT64
  ["2002::/16", 2], // 6to4
];

interface Prefix {
  bytes: Uint8Array;
  bits: number;
}

const prefix = (cidr: string): Prefix => {
  const [address, bits] = cidr.split("/");
  return { bytes: bytesOf(address)!, bits: Number(bits) };
};
const metadata = METADATA.map((address) => bytesOf(address)!);
const ipv4Ranges = IPV4_RANGES.map(([cidr, kind]) => ({ ...prefix(cidr), kind }));
const ipv6Ranges = IPV6_RANGES.map(([cidr, kind]) => ({ ...prefix(cidr), kind }));
const carrying = CARRYING_IPV4.map(([cidr, at]) => ({ ...prefix(cidr), at }));

/** The kind of `address` (IPv4 or IPv6 text, brackets and a zone index allowed); anything not an IP address is "reserved". */
export function addressKind(address: string): AddressKind {
  const bytes = bytesOf(address);
  if (!bytes) return "reserved";
  if (metadata.some((m) => equal(m, bytes))) return "metadata";
  if (bytes.length === 4) return ipv4Ranges.find((r) => within(bytes, r))?.kind ?? "public";
  const carrier = carrying.find((c) => within(bytes, c));
  if (carrier) return addressKind(bytes.subarray(carrier.at, carrier.at + 4).join("."));
  return ipv6Ranges.find((r) => within(bytes, r))?.kind ?? "public";
}

/** How a refusal names a kind: "a loopback address". */
export function describeKind(kind: AddressKind): string {
  switch (kind) {
    case "unspecified":
      return "the unspecified address (0.0.0.0, ::), which reaches the host itself";
    case "metadata":
      return "a cloud metadata service's address";
    case "unique-local":
      return "a unique-local address (fc00::/7)";
    default:
      return `a ${kind} address`;
  }
}

/** The bytes of an IPv4 or IPv6 address, or undefined when `text` is neither. */
function bytesOf(text: string): Uint8Array | undefined {
  const address = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(address)) return Uint8Array.from(address.split(".").map(Number));
  if (!isIPv6(address)) return undefined;
  const dotted = address.includes(".") ? address.slice(address.lastIndexOf(":") + 1) : undefined;
  const hex = dotted ? `${address.slice(0, address.lastIndexOf(":") + 1)}0:0` : address;
  const [head, tail] = hex.includes("::") ? hex.split("::") : [hex, undefined];
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
  if (dotted) bytes.set(dotted.split(".").map(Number), 12);
  return bytes;
}

function within(bytes: Uint8Array, range: Prefix): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[bit >> 3] & mask) !== (range.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

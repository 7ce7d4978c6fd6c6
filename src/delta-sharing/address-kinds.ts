/**
 * What kind of network a file's host is on, as a Delta Sharing refusal names it: the category of
 * src/security's classifier (public, loopback, private, link-local, unique-local, unspecified, a
 * cloud metadata service, reserved, multicast), an IPv6 address carrying an IPv4 one taking the
 * kind of the IPv4 address it carries.
 */
import { type AddressCategory, categoryOf, describeCategory } from "../security/address-ranges.js";
import { addressOfHostname } from "../security/internal-addresses.js";

export type AddressKind = AddressCategory;

/** The kind of `address` (IPv4 or IPv6 text, brackets and a zone index allowed); anything not an IP address is "reserved", never "public". */
export function addressKind(address: string): AddressKind {
  return categoryOf(addressOfHostname(address));
}

/** How a refusal names a kind: "a loopback address". */
export const describeKind: (kind: AddressKind) => string = describeCategory;

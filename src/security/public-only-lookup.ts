/**
 * A host-name lookup for outgoing sockets (the `lookup` option of node:http/https requests and
 * node:net connections) that refuses internal addresses. The socket connects to the very address
 * checked here, so a name that answers a public address to a check and an internal one a moment
 * later (DNS rebinding) cannot slip through between the two: there is no second resolution.
 * An IP literal host is never looked up: check it before connecting (internalRangeOf).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { describeRange, internalRangeOf } from "./internal-addresses.js";

/** A name resolved to an internal address: the connection was not made. */
export class InternalAddressRefused extends Error {
  override name = "InternalAddressRefused";
}

/** Resolves every address of a host name, as dns.lookup with `all: true` does. */
export type ResolveAll = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** A lookup that fails with InternalAddressRefused when any address of the name is internal. */
export function publicOnlyLookup(resolveAll: ResolveAll = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "");
      for (const { address } of addresses) {
        const range = internalRangeOf(address);
        if (range) return callback(new InternalAddressRefused(`${hostname} resolves to ${address}, ${describeRange(range)}`), "");
      }
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}
